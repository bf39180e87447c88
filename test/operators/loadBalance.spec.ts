import { map, NEVER, of, range, Subject, take, tap } from 'rxjs'
import { InvalidOptionError } from '../../src/errors/InvalidOptionError'
import { QueueFullError } from '../../src/errors/QueueFullError'
import type { QueueEvent } from '../../src/events'
import { loadBalance } from '../../src/operators/loadBalance'
import { testScheduler } from '../helpers/marbles'

const assignments = {
  p: { worker: 'A', message: '1' },
  q: { worker: 'B', message: '2' },
  r: { worker: 'A', message: '3' },
  s: { worker: 'B', message: '3' },
}

describe('loadBalance', () => {
  it('should give each message to a worker that said it is ready', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const ready = hot('-A--B-----A-----')
      const source = cold('----1--2--3--|')
      expectObservable(source.pipe(loadBalance(ready))).toBe('----p--q--r--|', assignments)
      expectSubscriptions(source.subscriptions).toBe('^------------!')
      expectSubscriptions(ready.subscriptions).toBe('^------------!')
    })
  })

  it('should make messages wait for a ready worker, oldest first', () => {
    testScheduler().run(({ hot, cold, expectObservable }) => {
      const ready = hot('-----A---B-A---')
      const source = cold('-1-2-----3--|')
      expectObservable(source.pipe(loadBalance(ready))).toBe('-----p---q-r|', {
        p: { worker: 'A', message: '1' },
        q: { worker: 'B', message: '2' },
        r: { worker: 'A', message: '3' },
      })
    })
  })

  it('should pick the worker ready longest by default and the newest on request', () => {
    testScheduler().run(({ hot, cold, expectObservable }) => {
      const ready = hot('(AB)-----')
      const source = cold('--3---|')
      expectObservable(source.pipe(loadBalance(ready))).toBe('--r---|', assignments)
      expectObservable(source.pipe(loadBalance(ready, { order: 'newest' }))).toBe(
        '--s---|',
        assignments,
      )
    })
  })

  it('should count each announcement as one message', () => {
    const seen: string[] = []
    of('1', '2', '3')
      .pipe(loadBalance(of('A', 'A', 'B')))
      .subscribe(({ worker, message }) => seen.push(`${worker}${message}`))
    expect(seen).toEqual(['A1', 'A2', 'B3'])
  })

  it('should error with a QueueFullError when too many messages wait', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-1-2-3-|')
      expectObservable(source.pipe(loadBalance(NEVER, { queue: { limit: 2 } }))).toBe(
        '-----#',
        undefined,
        new QueueFullError('loadBalance', 2, 'queue'),
      )
      expectSubscriptions(source.subscriptions).toBe('^----!')
    })
  })

  it('should drop the newest or the oldest waiting message under a drop policy and report it on events', () => {
    testScheduler().run(({ hot, cold, expectObservable }) => {
      const ready = hot('---------A-B-')
      const source = cold('-1-2-3-|')
      const run = (overflow: 'drop-newest' | 'drop-oldest') => {
        const events = new Subject<QueueEvent<string>>()
        const result = source.pipe(loadBalance(ready, { queue: { limit: 2, overflow }, events }))
        return { events, result }
      }
      const newest = run('drop-newest')
      expectObservable(newest.result).toBe('---------p-(q|)', {
        p: { worker: 'A', message: '1' },
        q: { worker: 'B', message: '2' },
      })
      expectObservable(newest.events).toBe('-----(fd)--r', {
        f: { type: 'queue:full', depth: 2 },
        d: { type: 'queue:drop', item: '3', dropped: 1, policy: 'drop-newest' },
        r: { type: 'queue:drain' },
      })
      const oldest = run('drop-oldest')
      expectObservable(oldest.result).toBe('---------p-(q|)', {
        p: { worker: 'A', message: '2' },
        q: { worker: 'B', message: '3' },
      })
      expectObservable(oldest.events).toBe('-----(fd)--r', {
        f: { type: 'queue:full', depth: 2 },
        d: { type: 'queue:drop', item: '1', dropped: 1, policy: 'drop-oldest' },
        r: { type: 'queue:drain' },
      })
    })
  })

  it('should refuse a bad queue configuration, and the old option name', () => {
    expect(() => loadBalance(NEVER, { queue: { limit: 1.5 } })).toThrow(
      expect.objectContaining({ option: 'queue.limit' }),
    )
    expect(() => loadBalance(NEVER, { queueLimit: 2 } as never)).toThrow(InvalidOptionError)
  })

  it('should complete only once every waiting message has gone', () => {
    testScheduler().run(({ hot, cold, expectObservable }) => {
      const ready = hot('----A--')
      const source = cold('-1|')
      expectObservable(source.pipe(loadBalance(ready))).toBe('----(p|)', assignments)
    })
  })

  it('should raise the source error', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const ready = hot('A----')
      const source = cold('-1-#')
      expectObservable(source.pipe(loadBalance(ready))).toBe('-p-#', assignments)
      expectSubscriptions(ready.subscriptions).toBe('^--!')
    })
  })

  it('should raise the ready error', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const ready = hot('A-#')
      const source = cold('-1---2-|')
      expectObservable(source.pipe(loadBalance(ready))).toBe('-p#', assignments)
      expectSubscriptions(source.subscriptions).toBe('^-!')
    })
  })

  it('should complete on an empty source and not on a never one', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const ready = hot('A--')
      const empty = cold('|')
      const never = cold('-')
      expectObservable(empty.pipe(loadBalance(ready))).toBe('|')
      expectObservable(never.pipe(loadBalance(ready))).toBe('-')
      expectSubscriptions(empty.subscriptions).toBe('(^!)')
      expectSubscriptions(never.subscriptions).toBe('^')
    })
  })

  it('should allow early unsubscription', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const ready = hot('AB------')
      const source = cold('-1---3---|')
      expectObservable(source.pipe(loadBalance(ready)), '^---!').toBe('-p---', assignments)
      expectSubscriptions(source.subscriptions).toBe('^---!')
      expectSubscriptions(ready.subscriptions).toBe('^---!')
    })
  })

  it('should not break the unsubscription chain', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const ready = hot('AB------')
      const source = cold('-1---3---|')
      const result = source.pipe(
        map((v) => v),
        loadBalance(ready),
        map((v) => v),
      )
      expectObservable(result, '^---!').toBe('-p---', assignments)
      expectSubscriptions(source.subscriptions).toBe('^---!')
    })
  })

  it('should stop listening to a synchronous source when unsubscribed', () => {
    const sideEffects: number[] = []
    const workers = new Subject<string>()
    const seen: string[] = []
    range(0, 1_000_000)
      .pipe(
        tap((i) => sideEffects.push(i)),
        map(String),
        loadBalance(of('A', 'B', 'C', 'D')),
        take(2),
      )
      .subscribe(({ worker }) => seen.push(worker))
    expect(seen).toEqual(['A', 'B'])
    expect(sideEffects).toEqual([0, 1])
    expect(workers.observed).toBe(false)
  })
})
