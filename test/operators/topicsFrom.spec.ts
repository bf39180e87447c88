import fc from 'fast-check'
import { BehaviorSubject, from, map, NEVER, of, range, Subject, take, tap } from 'rxjs'
import { InvalidOptionError } from '../../src/errors/InvalidOptionError'
import type { TopicChange } from '../../src/operators/TopicChange'
import { topicsFrom } from '../../src/operators/topicsFrom'
import { msg, testScheduler } from '../helpers/marbles'

const sub = (topic: string | Uint8Array): TopicChange => ({ type: 'subscribe', topic })
const unsub = (topic: string | Uint8Array): TopicChange => ({ type: 'unsubscribe', topic })

describe('topicsFrom', () => {
  const values = { a: msg('a1'), b: msg('b1'), c: msg('a2'), d: msg('b2'), e: msg('a3') }
  const changes = { A: sub('a'), B: sub('b'), x: unsub('a'), y: unsub('b'), E: sub('') }

  it('should follow subscribe and unsubscribe changes', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const topicChanges = hot('-A-----B---x-----', changes)
      const source = cold('     --a-b--c-d---e-b-|', values)
      const expected = '        --a----c-d-----b-|'
      expectObservable(source.pipe(topicsFrom(topicChanges))).toBe(expected, values)
      expectSubscriptions(source.subscriptions).toBe('^----------------!')
      expectSubscriptions(topicChanges.subscriptions).toBe('^----------------!')
    })
  })

  it('should count duplicate subscriptions', () => {
    testScheduler().run(({ hot, cold, expectObservable }) => {
      const topicChanges = hot('(AA)-x---x---', changes)
      const source = cold('     -a---a---a--|', values)
      expectObservable(source.pipe(topicsFrom(topicChanges))).toBe('-a---a------|', values)
    })
  })

  it('should ignore unsubscribing a topic that is not subscribed', () => {
    testScheduler().run(({ hot, cold, expectObservable }) => {
      const topicChanges = hot('(yA)---', changes)
      const source = cold('     -a-b-|', values)
      expectObservable(source.pipe(topicsFrom(topicChanges))).toBe('-a---|', values)
    })
  })

  it('should let everything through with the empty topic', () => {
    testScheduler().run(({ hot, cold, expectObservable }) => {
      const topicChanges = hot('E---', changes)
      const source = cold('     -a-b-|', values)
      expectObservable(source.pipe(topicsFrom(topicChanges))).toBe('-a-b-|', values)
    })
  })

  it('should apply synchronous changes before the first message', () => {
    const seen: Buffer[][] = []
    of(msg('a1'), msg('b1'))
      .pipe(topicsFrom(new BehaviorSubject(sub('b'))))
      .subscribe((m) => seen.push(m))
    expect(seen).toEqual([msg('b1')])
  })

  it('should keep the topics when the changes complete', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const topicChanges = cold('A|', changes)
      const source = cold('     -a-b-c-|', values)
      expectObservable(source.pipe(topicsFrom(topicChanges))).toBe('-a---c-|', values)
    })
  })

  it('should give each subscription its own topics', () => {
    const changesA = new Subject<TopicChange>()
    const source = new Subject<Buffer[]>()
    const filtered = source.pipe(topicsFrom(changesA))
    const first: Buffer[][] = []
    const second: Buffer[][] = []
    filtered.subscribe((m) => first.push(m))
    changesA.next(sub('a'))
    filtered.subscribe((m) => second.push(m))
    source.next(msg('a1'))
    expect(first).toEqual([msg('a1')])
    expect(second).toEqual([])
  })

  it('should raise the source error', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const topicChanges = hot('A------', changes)
      const source = cold('     -a-b-#', values)
      expectObservable(source.pipe(topicsFrom(topicChanges))).toBe('-a---#', values)
      expectSubscriptions(topicChanges.subscriptions).toBe('^----!')
    })
  })

  it('should raise the changes error and unsubscribe the source', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const topicChanges = hot('A--#', changes)
      const source = cold('     -a---a--|', values)
      expectObservable(source.pipe(topicsFrom(topicChanges))).toBe('-a-#', values)
      expectSubscriptions(source.subscriptions).toBe('^--!')
    })
  })

  it('should error with an InvalidOptionError on a malformed change', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const topicChanges = hot<TopicChange>('A-z', {
        A: sub('a'),
        z: { type: 'frob', topic: 'a' } as never,
      })
      const source = cold('     -a---a--|', values)
      expectObservable(source.pipe(topicsFrom(topicChanges))).toBe(
        '-a#',
        values,
        new InvalidOptionError(
          "topicsFrom: a change's type must be 'subscribe' or 'unsubscribe', got \"frob\"",
          { option: 'type' },
        ),
      )
      expectSubscriptions(source.subscriptions).toBe('^-!')
    })
  })

  it('should error on a change whose topic is not text or bytes', () => {
    let caught: unknown
    of(msg('a'))
      .pipe(topicsFrom(of({ type: 'subscribe', topic: 7 } as unknown as TopicChange)))
      .subscribe({ error: (e: unknown) => (caught = e) })
    expect(caught).toBeInstanceOf(InvalidOptionError)
  })

  it('should complete on an empty source', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const topicChanges = hot('A--', changes)
      const source = cold<Buffer[]>('|')
      expectObservable(source.pipe(topicsFrom(topicChanges))).toBe('|')
      expectSubscriptions(topicChanges.subscriptions).toBe('(^!)')
    })
  })

  it('should not complete on a never source', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const topicChanges = hot('A--', changes)
      const source = cold<Buffer[]>('-')
      expectObservable(source.pipe(topicsFrom(topicChanges))).toBe('-')
      expectSubscriptions(source.subscriptions).toBe('^')
    })
  })

  it('should allow early unsubscription', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const topicChanges = hot('A------', changes)
      const source = cold('     -a-a-a-a-|', values)
      expectObservable(source.pipe(topicsFrom(topicChanges)), '^----!').toBe('-a-a-', values)
      expectSubscriptions(source.subscriptions).toBe('^----!')
      expectSubscriptions(topicChanges.subscriptions).toBe('^----!')
    })
  })

  it('should not break the unsubscription chain', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const topicChanges = hot('A------', changes)
      const source = cold('     -a-a-a-a-|', values)
      const result = source.pipe(
        map((m) => m),
        topicsFrom(topicChanges),
        map((m) => m),
      )
      expectObservable(result, '^----!').toBe('-a-a-', values)
      expectSubscriptions(source.subscriptions).toBe('^----!')
    })
  })

  it('should stop listening to a synchronous source when unsubscribed', () => {
    const sideEffects: number[] = []
    range(0, 1_000_000)
      .pipe(
        tap((i) => sideEffects.push(i)),
        map((i) => msg(String(i))),
        topicsFrom(of(sub(''))),
        take(2),
      )
      .subscribe()
    expect(sideEffects).toEqual([0, 1])
  })

  it('should stop listening to synchronous changes when the result errors', () => {
    const sideEffects: number[] = []
    const badChanges = range(0, 1_000_000).pipe(
      tap((i) => sideEffects.push(i)),
      map((i): TopicChange => (i === 2 ? ({ type: 'bad', topic: 'x' } as never) : sub('x'))),
    )
    NEVER.pipe(topicsFrom(badChanges)).subscribe({ error: () => {} })
    expect(sideEffects).toEqual([0, 1, 2])
  })

  describe('against a naive reference', () => {
    const topic = fc.constantFrom('', 'a', 'ab', 'b', 'abc')
    const step = fc.oneof(
      fc.record({ kind: fc.constantFrom('subscribe', 'unsubscribe'), topic }),
      fc.record({
        kind: fc.constant('message'),
        topic: fc.constantFrom('', 'a', 'ab', 'abc', 'b', 'ba', 'c'),
      }),
    )

    it('should pass exactly what a multiset of prefixes passes', () => {
      fc.assert(
        fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
          const reference = new Map<string, number>()
          const expected: string[] = []
          const changesSubject = new Subject<TopicChange>()
          const source = new Subject<Buffer[]>()
          const passed: string[] = []
          source.pipe(topicsFrom(changesSubject)).subscribe((m) => passed.push(m[0].toString()))
          for (const s of steps) {
            if (s.kind === 'message') {
              source.next(msg(s.topic))
              if ([...reference.keys()].some((t) => s.topic.startsWith(t))) expected.push(s.topic)
            } else if (s.kind === 'subscribe') {
              changesSubject.next(sub(s.topic))
              reference.set(s.topic, (reference.get(s.topic) ?? 0) + 1)
            } else {
              changesSubject.next(unsub(s.topic))
              const n = reference.get(s.topic) ?? 0
              if (n <= 1) reference.delete(s.topic)
              else reference.set(s.topic, n - 1)
            }
          }
          expect(passed).toEqual(expected)
        }),
        { numRuns: 300 },
      )
    })
  })

  it('should match binary topics', () => {
    const seen: Buffer[][] = []
    from([[Buffer.from([1, 2, 3])], [Buffer.from([1, 3])]])
      .pipe(topicsFrom(of(sub(new Uint8Array([1, 2])))))
      .subscribe((m) => seen.push(m))
    expect(seen).toEqual([[Buffer.from([1, 2, 3])]])
  })
})
