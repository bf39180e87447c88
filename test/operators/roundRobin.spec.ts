import fc from 'fast-check'
import { map, of, range, Subject, type Subscription, take, tap } from 'rxjs'
import { InvalidOptionError } from '../../src/errors/InvalidOptionError'
import { roundRobin } from '../../src/operators/roundRobin'
import { testScheduler } from '../helpers/marbles'

describe('roundRobin', () => {
  it('should send message i to output i mod n', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-1-2-3-4-5-6-7-|')
      const [a, b, c] = roundRobin<string>(3)(source)
      expectObservable(a).toBe('-1-----4-----7-|')
      expectObservable(b).toBe('---2-----5-----|')
      expectObservable(c).toBe('-----3-----6---|')
      expectSubscriptions(source.subscriptions).toBe('^--------------!')
    })
  })

  it('should wait for every output before subscribing a synchronous source', () => {
    const [a, b] = roundRobin<number>(2)(of(1, 2, 3, 4))
    const seenA: number[] = []
    const seenB: number[] = []
    a.subscribe((v) => seenA.push(v))
    expect(seenA).toEqual([])
    b.subscribe((v) => seenB.push(v))
    expect(seenA).toEqual([1, 3])
    expect(seenB).toEqual([2, 4])
  })

  it('should skip an output nobody is subscribed to', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-1-2-3-4-5-6-|')
      const [a, b, c] = roundRobin<string>(3)(source)
      expectObservable(a).toBe('-1-----4---6-|')
      expectObservable(b, '^------!').toBe('---2---')
      expectObservable(c).toBe('-----3---5---|')
    })
  })

  it('should give each subscriber of one output that output’s messages', () => {
    const first: number[] = []
    const second: number[] = []
    const other: number[] = []
    const source = new Subject<number>()
    const [x, y] = roundRobin<number>(2)(source)
    x.subscribe((v) => first.push(v))
    x.subscribe((v) => second.push(v))
    y.subscribe((v) => other.push(v))
    source.next(1)
    source.next(2)
    source.next(3)
    expect(first).toEqual([1, 3])
    expect(second).toEqual([1, 3])
    expect(other).toEqual([2])
  })

  it('should refuse n that is not a positive integer', () => {
    expect(() => roundRobin(0)).toThrow(InvalidOptionError)
    expect(() => roundRobin(1.5)).toThrow(InvalidOptionError)
  })

  it('should raise the source error on every output', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-1-2-#')
      const [a, b] = roundRobin<string>(2)(source)
      expectObservable(a).toBe('-1---#')
      expectObservable(b).toBe('---2-#')
      expectSubscriptions(source.subscriptions).toBe('^----!')
    })
  })

  it('should complete every output on an empty source', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('|')
      const [a, b] = roundRobin<string>(2)(source)
      expectObservable(a).toBe('|')
      expectObservable(b).toBe('|')
      expectSubscriptions(source.subscriptions).toBe('(^!)')
    })
  })

  it('should not complete on a never source', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-')
      const [a, b] = roundRobin<string>(2)(source)
      expectObservable(a).toBe('-')
      expectObservable(b).toBe('-')
      expectSubscriptions(source.subscriptions).toBe('^')
    })
  })

  it('should unsubscribe the source when every output is unsubscribed early', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-1-2-3-4-5-|')
      const [a, b] = roundRobin<string>(2)(source)
      expectObservable(a, '^-----!').toBe('-1---3-')
      expectObservable(b, '^-------!').toBe('---2---4')
      expectSubscriptions(source.subscriptions).toBe('^-------!')
    })
  })

  it('should not break the unsubscription chain', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-1-2-3-4-5-|')
      const [a, b] = roundRobin<string>(2)(source.pipe(map((v) => v)))
      expectObservable(a.pipe(map((v) => v)), '^-----!').toBe('-1---3-')
      expectObservable(b.pipe(map((v) => v)), '^-----!').toBe('---2---')
      expectSubscriptions(source.subscriptions).toBe('^-----!')
    })
  })

  it('should start over with a fresh source subscription after every output left', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-1-2-|')
      const [a, b] = roundRobin<string>(2)(source)
      expectObservable(a, '^--!').toBe('-1-')
      expectObservable(b, '^--!').toBe('---')
      expectObservable(a, '----^').toBe('-----1---|')
      expectObservable(b, '----^').toBe('-------2-|')
      expectSubscriptions(source.subscriptions).toBe(['^--!', '----^----!'])
    })
  })

  it('should stop listening to a synchronous source when unsubscribed', () => {
    const sideEffects: number[] = []
    const [a, b] = roundRobin<number>(2)(range(0, 1_000_000).pipe(tap((i) => sideEffects.push(i))))
    const seen: number[] = []
    a.pipe(take(2)).subscribe((v) => seen.push(v))
    b.pipe(take(2)).subscribe((v) => seen.push(v))
    expect(seen).toEqual([0, 1, 2, 3])
    expect(sideEffects).toEqual([0, 1, 2, 3])
  })

  describe('fairness', () => {
    type Step = { kind: 'send' } | { kind: 'toggle'; output: number }
    const step: fc.Arbitrary<Step> = fc.oneof(
      { weight: 4, arbitrary: fc.constant<Step>({ kind: 'send' }) },
      { weight: 1, arbitrary: fc.nat(5).map<Step>((output) => ({ kind: 'toggle', output })) },
    )

    it('should give each message to one live output, evenly between membership changes', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 6 }),
          fc.array(step, { maxLength: 80 }),
          (n, steps) => {
            const source = new Subject<number>()
            const outputs = roundRobin<number>(n)(source)
            const got: number[][] = outputs.map(() => [])
            const subs: (Subscription | undefined)[] = outputs.map((o, k) =>
              o.subscribe((v) => got[k].push(v)),
            )
            let stretch: Map<number, number> = new Map()
            const checkStretch = (): void => {
              const live = subs.map((s, k) => (s ? k : -1)).filter((k) => k >= 0)
              const counts = live.map((k) => stretch.get(k) ?? 0)
              if (counts.length > 0) {
                expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1)
              }
              stretch = new Map()
            }
            let message = 0
            for (const s of steps) {
              if (s.kind === 'send') {
                const before = got.map((g) => g.length)
                source.next(message)
                const receivers = got.map((g, k) => g.length - before[k])
                expect(receivers.reduce((x, y) => x + y, 0)).toBe(1)
                const k = receivers.indexOf(1)
                expect(subs[k]).toBeDefined()
                stretch.set(k, (stretch.get(k) ?? 0) + 1)
                message++
              } else if (s.output > 0 && s.output < n) {
                // output 0 stays subscribed, so the source stays connected
                checkStretch()
                const k = s.output
                if (subs[k]) {
                  subs[k]!.unsubscribe()
                  subs[k] = undefined
                } else {
                  subs[k] = outputs[k].subscribe((v) => got[k].push(v))
                }
              }
            }
            checkStretch()
            expect(got.flat().sort((x, y) => x - y)).toEqual(
              Array.from({ length: message }, (_, i) => i),
            )
          },
        ),
        { numRuns: 300 },
      )
    })
  })
})
