import { map, of, range, Subject, take, tap, timer } from 'rxjs'
import { InvalidOptionError } from '../../src/errors/InvalidOptionError'
import { QueueFullError } from '../../src/errors/QueueFullError'
import { consume, type ConsumerStatus } from '../../src/operators/consume'
import { testScheduler } from './marbles'

const slowly = (frames: number) => (v: string) => timer(frames).pipe(map(() => v.toUpperCase()))

describe('consume', () => {
  it('should handle in order, report slow-consumer and caught-up once each, and drop the oldest at the limit', () => {
    const ts = testScheduler()
    ts.run(({ hot, expectObservable, expectSubscriptions }) => {
      const status = new Subject<ConsumerStatus>()
      const source = hot('-abcde----------------|')
      expectObservable(status).toBe('---S---------U', {
        S: { type: 'slow-consumer', depth: 2, dropped: 0 },
        U: { type: 'caught-up', depth: 0, dropped: 1 },
      })
      expectObservable(
        source.pipe(consume(slowly(4), { highWater: 2, lowWater: 0, limit: 3, status })),
      ).toBe('-----A---C---D---E----|', { A: 'A', C: 'C', D: 'D', E: 'E' })
      expectSubscriptions(source.subscriptions).toBe('^---------------------!')
    })
  })

  it('should pass everything through without a status when the consumer keeps up', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const status = new Subject<ConsumerStatus>()
      expectObservable(status).toBe('')
      expectObservable(
        hot('-a---b---c--|').pipe(consume(slowly(2), { highWater: 1, status })),
      ).toBe('---A---B---C|', { A: 'A', B: 'B', C: 'C' })
    })
  })

  it('should drop the newest under drop-newest', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      expectObservable(
        hot('-abcd-------|').pipe(
          consume(slowly(3), { highWater: 1, lowWater: 0, limit: 1, overflow: 'drop-newest' }),
        ),
      ).toBe('----A--B----|', { A: 'A', B: 'B' })
    })
  })

  it('should error with QueueFullError at the limit under error', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      expectObservable(
        hot('-abc---').pipe(
          consume(slowly(5), { highWater: 1, lowWater: 0, limit: 1, overflow: 'error' }),
        ),
      ).toBe('---#', undefined, new QueueFullError('consume', 1))
    })
  })

  it('should error with the source error and with an inner error', () => {
    testScheduler().run(({ hot, cold, expectObservable }) => {
      const error = new Error('boom')
      expectObservable(hot('-a-#', undefined, error).pipe(consume(slowly(1)))).toBe(
        '--A#',
        { A: 'A' },
        error,
      )
      expectObservable(hot('-a--').pipe(consume(() => cold('-#', undefined, error)))).toBe(
        '--#',
        undefined,
        error,
      )
    })
  })

  it('should error when project throws', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const error = new Error('bad project')
      const result = hot('-a-').pipe(
        consume(() => {
          throw error
        }),
      )
      expectObservable(result).toBe('-#', undefined, error)
    })
  })

  it('should complete on empty and stay silent on never', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold<string>('|').pipe(consume(slowly(1)))).toBe('|')
      expectObservable(cold<string>('-').pipe(consume(slowly(1)))).toBe('-')
    })
  })

  it('should unsubscribe source and inner early, without breaking the unsubscription chain', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const source = hot('-ab----')
      const inner = cold('----x|')
      const result = source.pipe(
        map((x) => x),
        consume(() => inner),
        map((x) => x),
      )
      expectObservable(result, '^--!').toBe('---')
      expectSubscriptions(source.subscriptions).toBe('^--!')
      expectSubscriptions(inner.subscriptions).toBe('-^-!')
    })
  })

  it('should handle a long synchronous source without deep recursion, and stop it when unsubscribed', () => {
    const seen: number[] = []
    range(0, 100000)
      .pipe(consume((n) => of(n), { highWater: 10 }))
      .subscribe((n) => seen.push(n))
    expect(seen).toHaveLength(100000)
    let produced = 0
    const taken: number[] = []
    range(0, 1000)
      .pipe(
        tap(() => produced++),
        consume((n) => of(n)),
        take(3),
      )
      .subscribe((n) => taken.push(n))
    expect(taken).toEqual([0, 1, 2])
    expect(produced).toBe(3)
  })

  it('should refuse bad options', () => {
    expect(() => consume(of, { highWater: 0 })).toThrow(InvalidOptionError)
    expect(() => consume(of, { highWater: 2, lowWater: 2 })).toThrow(InvalidOptionError)
    expect(() => consume(of, { highWater: 5, limit: 4 })).toThrow(InvalidOptionError)
    expect(() => consume(of, { overflow: 'nope' as never })).toThrow(InvalidOptionError)
  })
})
