import { filter, map, NEVER, of, range, Subject, takeUntil, tap } from 'rxjs'
import { QueueFullError } from '../../src/errors/QueueFullError'
import { InvalidOptionError } from '../../src/errors/InvalidOptionError'
import type { QueueEvent } from '../../src/events'
import type { Peer, PeerChange } from '../../src/operators/Peer'
import { roundRobinTo } from '../../src/operators/roundRobinTo'
import { testScheduler } from '../helpers/marbles'

/** A peer that records what it gets; `capacity` makes it "full" like a pipe at its HWM. */
function recorder(capacity = Infinity): Peer<string> & { got: string[]; take(): void } {
  const got: string[] = []
  let held = 0
  return {
    got,
    next: (v) => {
      got.push(v)
      held++
    },
    isReady: () => held < capacity,
    take: () => {
      held--
    },
  }
}
const join = <T>(peer: Peer<T>): PeerChange<T> => ({ type: 'join', peer })
const leave = <T>(peer: Peer<T>): PeerChange<T> => ({ type: 'leave', peer })
const ready = <T>(peer: Peer<T>): PeerChange<T> => ({ type: 'ready', peer })

describe('roundRobinTo', () => {
  it('should send each message to the next peer in turn', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const a = new Subject<string>()
      const b = new Subject<string>()
      const peers = hot<PeerChange<string>>('(AB)----------', { A: join(a), B: join(b) })
      const source = cold('                  -1-2-3-4-5-|')
      expectObservable(source.pipe(roundRobinTo(peers))).toBe('-----------|')
      expectObservable(a).toBe('-1---3---5--')
      expectObservable(b).toBe('---2---4----')
      expectSubscriptions(source.subscriptions).toBe('^----------!')
      expectSubscriptions(peers.subscriptions).toBe('^----------!')
    })
  })

  it('should let peers join and leave', () => {
    testScheduler().run(({ hot, cold, expectObservable }) => {
      const a = new Subject<string>()
      const b = new Subject<string>()
      const peers = hot<PeerChange<string>>('A-B---x------', {
        A: join(a),
        B: join(b),
        x: leave(a),
      })
      const source = cold('                  -1-2-3-4-5-6-|')
      expectObservable(source.pipe(roundRobinTo(peers))).toBe('-------------|')
      expectObservable(a).toBe('-1---3-------')
      expectObservable(b).toBe('---2---4-5-6-')
    })
  })

  it('should skip a peer that is not ready and use it again once ready', () => {
    const a = recorder(1)
    const b = recorder()
    const peers = new Subject<PeerChange<string>>()
    const source = new Subject<string>()
    source.pipe(roundRobinTo(peers)).subscribe()
    peers.next(join(a))
    peers.next(join(b))
    for (const v of ['1', '2', '3', '4']) source.next(v)
    expect(a.got).toEqual(['1'])
    expect(b.got).toEqual(['2', '3', '4'])
    a.take()
    peers.next(ready(a))
    source.next('5')
    source.next('6')
    expect(a.got).toEqual(['1', '5'])
    expect(b.got).toEqual(['2', '3', '4', '6'])
  })

  it('should queue messages while no peer is ready and send them in order when one is', () => {
    testScheduler().run(({ hot, cold, expectObservable }) => {
      const a = new Subject<string>()
      const peers = hot<PeerChange<string>>('------A--------', { A: join(a) })
      const source = cold('                  -1-2-3------4-|')
      expectObservable(source.pipe(roundRobinTo(peers))).toBe('--------------|')
      expectObservable(a).toBe('------(123)-4--')
    })
  })

  it('should complete only once the waiting messages went out', () => {
    testScheduler().run(({ hot, cold, expectObservable }) => {
      const a = new Subject<string>()
      const peers = hot<PeerChange<string>>('-----A---', { A: join(a) })
      const source = cold('                  -1-|')
      expectObservable(source.pipe(roundRobinTo(peers))).toBe('-----|')
      expectObservable(a).toBe('-----1---')
    })
  })

  it('should error with a QueueFullError when the queue overflows', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-1-2-3-|')
      expectObservable(source.pipe(roundRobinTo(NEVER, { queue: { limit: 2 } }))).toBe(
        '-----#',
        undefined,
        new QueueFullError('roundRobinTo', 2, 'queue'),
      )
      expectSubscriptions(source.subscriptions).toBe('^----!')
    })
  })

  it('should report the messages it drops under a drop policy as queue:drop on events', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-1-2-3-4-|')
      const drops = (overflow: 'drop-newest' | 'drop-oldest') => {
        const events = new Subject<QueueEvent<string>>()
        const result = source.pipe(roundRobinTo(NEVER, { queue: { limit: 2, overflow }, events }))
        return { events, result }
      }
      const newest = drops('drop-newest')
      const oldest = drops('drop-oldest')
      const dropped = (events: Subject<QueueEvent<string>>) =>
        events.pipe(
          filter((e) => e.type === 'queue:drop'),
          map((e) => e.item),
        )
      expectObservable(dropped(newest.events)).toBe('-----3-4--')
      expectObservable(dropped(oldest.events)).toBe('-----1-2--')
      expectObservable(newest.result).toBe('----------')
      expectObservable(oldest.result).toBe('----------')
      expectObservable(oldest.events.pipe(filter((e) => e.type !== 'queue:drop'))).toBe(
        '-----f----',
        { f: { type: 'queue:full', depth: 2 } },
      )
    })
  })

  it('should report queue:drain when a peer empties the full queue', () => {
    const events: QueueEvent<string>[] = []
    const peers = new Subject<PeerChange<string>>()
    const source = new Subject<string>()
    const queue = { limit: 1, overflow: 'drop-newest' } as const
    source.pipe(roundRobinTo(peers, { queue, events: { next: (e) => events.push(e) } })).subscribe()
    source.next('1')
    source.next('2')
    const a = recorder()
    peers.next(join(a))
    expect(a.got).toEqual(['1'])
    expect(events).toEqual([
      { type: 'queue:full', depth: 1 },
      { type: 'queue:drop', item: '2', dropped: 1, policy: 'drop-newest' },
      { type: 'queue:drain' },
    ])
  })

  it('should refuse a bad queue configuration, and the old option names', () => {
    expect(() => roundRobinTo(NEVER, { queue: { limit: -1 } })).toThrow(InvalidOptionError)
    expect(() => roundRobinTo(NEVER, { queue: { overflow: 'block' as never } })).toThrow(
      expect.objectContaining({ option: 'queue.overflow' }),
    )
    expect(() => roundRobinTo(NEVER, { queueLimit: 10 } as never)).toThrow(
      "roundRobinTo: option 'queueLimit' is now 'queue.limit'",
    )
  })

  it('should raise the source error', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const peers = hot<PeerChange<string>>('A---', { A: join(new Subject<string>()) })
      const source = cold('-1-#')
      expectObservable(source.pipe(roundRobinTo(peers))).toBe('---#')
      expectSubscriptions(peers.subscriptions).toBe('^--!')
    })
  })

  it('should raise the peers error', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const peers = hot<PeerChange<string>>('--#')
      const source = cold('-1-2-|')
      expectObservable(source.pipe(roundRobinTo(peers))).toBe('--#')
      expectSubscriptions(source.subscriptions).toBe('^-!')
    })
  })

  it('should raise what a throwing peer throws', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const broken: Peer<string> = {
        next: (v) => {
          if (v === '2') throw new Error('peer broke')
        },
      }
      const peers = hot<PeerChange<string>>('A----', { A: join(broken) })
      const source = cold('-1-2-3-|')
      expectObservable(source.pipe(roundRobinTo(peers))).toBe(
        '---#',
        undefined,
        new Error('peer broke'),
      )
      expectSubscriptions(source.subscriptions).toBe('^--!')
    })
  })

  it('should complete on an empty source and not on a never one', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const empty = cold<string>('|')
      const never = cold<string>('-')
      expectObservable(empty.pipe(roundRobinTo(NEVER))).toBe('|')
      expectObservable(never.pipe(roundRobinTo(NEVER))).toBe('-')
      expectSubscriptions(empty.subscriptions).toBe('(^!)')
      expectSubscriptions(never.subscriptions).toBe('^')
    })
  })

  it('should allow early unsubscription', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const a = new Subject<string>()
      const peers = hot<PeerChange<string>>('A------', { A: join(a) })
      const source = cold('-1-2-3-|')
      expectObservable(source.pipe(roundRobinTo(peers)), '^---!').toBe('-----')
      expectObservable(a).toBe('-1-2---')
      expectSubscriptions(source.subscriptions).toBe('^---!')
      expectSubscriptions(peers.subscriptions).toBe('^---!')
    })
  })

  it('should not break the unsubscription chain', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const peers = hot<PeerChange<string>>('A------', { A: join(new Subject<string>()) })
      const source = cold('-1-2-3-|')
      const result = source.pipe(
        map((v) => v),
        roundRobinTo(peers),
        map((v) => v),
      )
      expectObservable(result, '^---!').toBe('-----')
      expectSubscriptions(source.subscriptions).toBe('^---!')
    })
  })

  it('should stop listening to a synchronous source when unsubscribed', () => {
    const sideEffects: number[] = []
    const dropped: string[] = []
    const stop = new Subject<void>()
    const events = {
      next: (e: QueueEvent<string>) => {
        if (e.type !== 'queue:drop') return
        dropped.push(e.item)
        if (dropped.length === 2) stop.next()
      },
    }
    range(0, 1_000_000)
      .pipe(
        tap((i) => sideEffects.push(i)),
        map(String),
        roundRobinTo(NEVER, { queue: { limit: 1, overflow: 'drop-newest' }, events }),
        takeUntil(stop),
      )
      .subscribe()
    expect(dropped).toEqual(['1', '2'])
    expect(sideEffects).toEqual([0, 1, 2])
  })

  it('should use peers given synchronously for the first message', () => {
    const a = recorder()
    of('x')
      .pipe(roundRobinTo(of(join(a))))
      .subscribe()
    expect(a.got).toEqual(['x'])
  })
})
