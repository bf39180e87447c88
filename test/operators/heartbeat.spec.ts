import { Subject, tap } from 'rxjs'
import type { TestScheduler } from 'rxjs/testing'
import { InvalidOptionError } from '../../src/errors/InvalidOptionError'
import type { Message } from '../../src/message'
import { heartbeat, PPP_HEARTBEAT, type HeartbeatEvent } from '../../src/operators/heartbeat'
import { msg, testScheduler } from '../helpers/marbles'

const show = (e: HeartbeatEvent): string => {
  const peer = String(e.peer)
  return e.type === 'message'
    ? `message ${peer} ${e.message.slice(1).map(String).join('|')}`
    : `${e.type} ${peer}`
}

/** Runs `make` in virtual time and returns what came out, as `frame event` lines. */
function record(
  ts: TestScheduler,
  make: (
    helpers: Parameters<Parameters<TestScheduler['run']>[0]>[0],
  ) => ReturnType<ReturnType<typeof heartbeat>>,
): string[] {
  const seen: string[] = []
  ts.run((helpers) => {
    make(helpers).subscribe({
      next: (e) => seen.push(`${ts.now()} ${show(e)}`),
      error: (e: Error) => seen.push(`${ts.now()} error ${e.message}`),
      complete: () => seen.push(`${ts.now()} complete`),
    })
  })
  return seen
}

const beatFrom = (peer: string): Message => [Buffer.from(peer), PPP_HEARTBEAT]

describe('heartbeat', () => {
  it('should declare a peer dead after liveness silent ticks, and alive again when it speaks', () => {
    const ts = testScheduler()
    const seen = record(ts, ({ hot }) =>
      hot('-a--h---------b-----|', { a: msg('A', 'x'), h: beatFrom('A'), b: msg('A', 'y') }).pipe(
        heartbeat({ interval: 3, liveness: 2, scheduler: ts }),
      ),
    )
    expect(seen).toEqual([
      '1 alive A',
      '1 message A x',
      '3 beat A',
      '6 beat A', // the heartbeat at 4 gave A its liveness back
      '9 dead A',
      '14 alive A',
      '14 message A y',
      '15 beat A',
      '18 dead A',
      '20 complete',
    ])
  })

  it('should keep a talking peer alive while a silent one dies', () => {
    const ts = testScheduler()
    const seen = record(ts, ({ hot }) =>
      hot('ab-b-b-b-b|', { a: msg('A', '1'), b: beatFrom('B') }).pipe(
        heartbeat({ interval: 2, liveness: 2, scheduler: ts }),
      ),
    )
    expect(seen).toEqual([
      '0 alive A',
      '0 message A 1',
      '1 alive B',
      '2 beat A',
      '2 beat B',
      '4 dead A',
      '4 beat B',
      '6 beat B',
      '8 beat B',
      '10 complete',
    ])
  })

  it('should watch and beat peers given up front (the DEALER side), before they speak', () => {
    const ts = testScheduler()
    const seen = record(ts, ({ hot }) =>
      hot('---q----|', { q: [Buffer.from('work')] }).pipe(
        heartbeat({
          interval: 2,
          liveness: 3,
          scheduler: ts,
          peerOf: () => 'queue',
          peers: ['queue'],
          isHeartbeat: (m) => m.length === 1 && m[0]!.equals(PPP_HEARTBEAT),
        }),
      ),
    )
    expect(seen).toEqual([
      '2 beat queue',
      '3 message queue ', // the whole message is the body on the DEALER side
      '4 beat queue',
      '6 beat queue',
      '8 complete',
    ])
  })

  it('should tell ROUTER peers apart by their routing id bytes', () => {
    const ts = testScheduler()
    const id1 = Buffer.from([0, 1])
    const id2 = Buffer.from([0, 2])
    const seen: HeartbeatEvent[] = []
    ts.run(({ hot }) => {
      hot('ab-a|', { a: [id1, Buffer.from('x')], b: [id2, Buffer.from('y')] })
        .pipe(heartbeat({ interval: 10, scheduler: ts }))
        .subscribe((e) => seen.push(e))
    })
    expect(seen.filter((e) => e.type === 'alive').map((e) => e.peer)).toEqual([id1, id2])
    expect(seen.filter((e) => e.type === 'message')).toHaveLength(3)
  })

  it('should error with the source error and stop ticking', () => {
    const ts = testScheduler()
    const seen = record(ts, ({ hot }) =>
      hot('a--#', { a: msg('A', '1') }, new Error('boom')).pipe(
        heartbeat({ interval: 2, scheduler: ts }),
      ),
    )
    expect(seen).toEqual(['0 alive A', '0 message A 1', '2 beat A', '3 error boom'])
  })

  it('should error when a user callback throws', () => {
    const ts = testScheduler()
    const seen = record(ts, ({ hot }) =>
      hot('-a-', { a: msg('A', '1') }).pipe(
        heartbeat({
          scheduler: ts,
          isHeartbeat: () => {
            throw new Error('bad callback')
          },
        }),
      ),
    )
    expect(seen).toEqual(['1 alive A', '1 error bad callback'])
  })

  it('should complete at once on empty, and emit nothing but beats on never', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold<Message>('|').pipe(heartbeat())).toBe('|')
      expectObservable(cold<Message>('-').pipe(heartbeat({ interval: 2 })), '^-----!').toBe('')
    })
  })

  it('should stop ticking and unsubscribe the source on early unsubscribe, without breaking the chain', () => {
    const ts = testScheduler()
    ts.run(({ hot, expectSubscriptions }) => {
      const source = hot('a-----', { a: msg('A', '1') })
      const result = source.pipe(
        tap(() => undefined),
        heartbeat({ interval: 2, scheduler: ts }),
        tap(() => undefined),
      )
      const seen: string[] = []
      const subscription = result.subscribe((e) => seen.push(`${ts.now()} ${show(e)}`))
      ts.schedule(() => subscription.unsubscribe(), 3)
      ts.schedule(() => expect(seen).toEqual(['0 alive A', '0 message A 1', '2 beat A']), 10)
      expectSubscriptions(source.subscriptions).toBe('^--!')
    })
  })

  it('should stop listening to a synchronous source when unsubscribed', () => {
    const source = new Subject<Message>()
    const subscription = source.pipe(heartbeat()).subscribe()
    source.next(msg('A', '1'))
    subscription.unsubscribe()
    expect(source.observed).toBe(false)
  })

  it('should refuse a bad interval or liveness', () => {
    expect(() => heartbeat({ interval: 0 })).toThrow(InvalidOptionError)
    expect(() => heartbeat({ liveness: 0 })).toThrow(InvalidOptionError)
    expect(() => heartbeat({ liveness: 2.5 })).toThrow(InvalidOptionError)
  })
})
