import { filter, map, of, range, Subject, take, tap, timer } from 'rxjs'
import { InvalidOptionError } from '../../src/errors/InvalidOptionError'
import { QueueFullError } from '../../src/errors/QueueFullError'
import { consume, type ConsumeEvent } from '../../src/operators/consume'
import { testScheduler } from '../helpers/marbles'

const slowly = (frames: number) => (v: string) => timer(frames).pipe(map(() => v.toUpperCase()))

describe('consume', () => {
  it('should handle in order, report slow-consumer and caught-up once each, and drop the oldest at the limit', () => {
    const ts = testScheduler()
    ts.run(({ hot, expectObservable, expectSubscriptions }) => {
      const events = new Subject<ConsumeEvent<string>>()
      const source = hot('-abcde----------------|')
      const status = events.pipe(filter((e) => !e.type.startsWith('queue:')))
      expectObservable(status).toBe('---S---------U', {
        S: { type: 'slow-consumer', depth: 2, dropped: 0 },
        U: { type: 'caught-up', depth: 0, dropped: 1 },
      })
      const queue = events.pipe(filter((e) => e.type.startsWith('queue:')))
      expectObservable(queue).toBe('-----(FD)----R', {
        F: { type: 'queue:full', depth: 3 },
        D: { type: 'queue:drop', item: 'b', dropped: 1, policy: 'drop-oldest' },
        R: { type: 'queue:drain' },
      })
      expectObservable(
        source.pipe(consume(slowly(4), { highWater: 2, lowWater: 0, queue: { limit: 3 }, events })),
      ).toBe('-----A---C---D---E----|', { A: 'A', C: 'C', D: 'D', E: 'E' })
      expectSubscriptions(source.subscriptions).toBe('^---------------------!')
    })
  })

  it('should pass everything through without a status when the consumer keeps up', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const events = new Subject<ConsumeEvent<string>>()
      expectObservable(events).toBe('')
      expectObservable(
        hot('-a---b---c--|').pipe(consume(slowly(2), { highWater: 1, events })),
      ).toBe('---A---B---C|', { A: 'A', B: 'B', C: 'C' })
    })
  })

  it('should drop the newest under drop-newest', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      expectObservable(
        hot('-abcd-------|').pipe(
          consume(slowly(3), {
            highWater: 1,
            lowWater: 0,
            queue: { limit: 1, overflow: 'drop-newest' },
          }),
        ),
      ).toBe('----A--B----|', { A: 'A', B: 'B' })
    })
  })

  it('should error with QueueFullError at the limit under error', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      expectObservable(
        hot('-abc---').pipe(
          consume(slowly(5), { highWater: 1, lowWater: 0, queue: { limit: 1, overflow: 'error' } }),
        ),
      ).toBe('---#', undefined, new QueueFullError('consume', 1, 'queue'))
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
    expect(() => consume(of, { highWater: 5, queue: { limit: 4 } })).toThrow(InvalidOptionError)
    expect(() => consume(of, { queue: { overflow: 'nope' as never } })).toThrow(InvalidOptionError)
    expect(() => consume(of, { highWater: 2000 })).toThrow(
      expect.objectContaining({ option: 'queue.limit' }),
    )
  })

  it('should refuse the old option names, saying the new ones', () => {
    expect(() => consume(of, { limit: 10 } as never)).toThrow(
      "consume: option 'limit' is now 'queue.limit'",
    )
    expect(() => consume(of, { overflow: 'error' } as never)).toThrow(/'queue\.overflow'/)
    expect(() => consume(of, { status: new Subject() } as never)).toThrow(/'events'/)
  })

  it('should default to a queue of 1000 that drops the oldest', () => {
    const events: ConsumeEvent<number>[] = []
    const source = new Subject<number>()
    const done: number[] = []
    const gate = new Subject<void>()
    source
      .pipe(
        consume(
          (n) =>
            gate.pipe(
              map(() => n),
              take(1),
            ),
          {
            events: { next: (e) => events.push(e) },
          },
        ),
      )
      .subscribe((n) => done.push(n))
    for (let i = 0; i <= 1001; i++) source.next(i) // 0 runs, 1..1001 wait: one too many
    expect(events.filter((e) => e.type === 'queue:drop')).toEqual([
      { type: 'queue:drop', item: 1, dropped: 1, policy: 'drop-oldest' },
    ])
    gate.next()
    gate.next()
    expect(done).toEqual([0, 2])
  })
})
