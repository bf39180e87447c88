import { map, NEVER, Subject } from 'rxjs'
import { RequestTimeoutError } from '../../src/errors/RequestTimeoutError'
import { SocketClosedError } from '../../src/errors/SocketClosedError'
import { InvalidOptionError } from '../../src/errors/InvalidOptionError'
import { correlate } from '../../src/operators/correlate'
import type { Correlator, CorrelatorEvent } from '../../src/operators/Correlator'
import { msg, testScheduler } from '../helpers/marbles'

const id = (n: number): Buffer => {
  const b = Buffer.alloc(4)
  b.writeUInt32BE(n)
  return b
}
const EMPTY = Buffer.alloc(0)
const reply = (n: number, ...body: string[]): Buffer[] => [id(n), EMPTY, ...msg(...body)]
const drop = (
  dropped: number,
  reply: Buffer[],
  reason: CorrelatorEvent['reason'] = 'unknown-id',
): CorrelatorEvent => ({ type: 'reply:drop', reason, dropped, reply })

describe('correlate', () => {
  it('should deliver each reply to its own request, whatever the order', () => {
    const sent: Buffer[][] = []
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const replies = hot('----b---a---', { a: reply(1, 'A'), b: reply(2, 'B') })
      const rpc = correlate(replies, (m) => sent.push(m))
      expectObservable(rpc.request('a'), '^').toBe('--------(A|)', { A: msg('A') })
      expectObservable(rpc.request(['b', 'x']), '-^').toBe('----(B|)', { B: msg('B') })
      expectSubscriptions(replies.subscriptions).toBe('^')
      expectObservable(rpc.events$).toBe('')
    })
    expect(sent).toEqual([reply(1, 'a'), reply(2, 'b', 'x')])
  })

  it('should send [id, empty delimiter, ...body]', () => {
    const sent: Buffer[][] = []
    const rpc = correlate(NEVER, (m) => sent.push(m))
    rpc.request('a').subscribe()
    rpc.request(['b', Buffer.from([7])]).subscribe()
    expect(sent).toEqual([
      [id(1), EMPTY, Buffer.from('a')],
      [id(2), EMPTY, Buffer.from('b'), Buffer.from([7])],
    ])
    expect(rpc.inFlight).toBe(2)
  })

  it('should time a request out and drop and count its late reply', () => {
    const ts = testScheduler()
    ts.run(({ hot, expectObservable }) => {
      const replies = hot('------a--', { a: reply(1, 'late') })
      const rpc = correlate(replies, () => undefined, { timeout: 4, scheduler: ts })
      expectObservable(rpc.request('a')).toBe(
        '----#',
        undefined,
        new RequestTimeoutError(4, '00000001'),
      )
      expectObservable(rpc.events$).toBe('------1', { 1: drop(1, reply(1, 'late')) })
    })
  })

  it('should cancel a request when unsubscribed and drop and count its reply', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const replies = hot('----a-b--', { a: reply(1, 'A'), b: reply(2, 'B') })
      const rpc = correlate(replies, () => undefined)
      expectObservable(rpc.request('a'), '^--!').toBe('---')
      expectObservable(rpc.request('b')).toBe('------(B|)', { B: msg('B') })
      expectObservable(rpc.events$).toBe('----1', { 1: drop(1, reply(1, 'A')) })
    })
  })

  it('should never deliver a reply to a request that did not send its id', () => {
    let rpc!: Correlator
    testScheduler().run(({ hot, expectObservable }) => {
      const replies = hot('-x-y-z-a', {
        x: reply(9, 'unknown'),
        y: [id(1), ...msg('no delimiter')],
        z: [] as Buffer[],
        a: reply(1, 'A'),
      })
      rpc = correlate(replies, () => undefined)
      expectObservable(rpc.request('a')).toBe('-------(A|)', { A: msg('A') })
      expectObservable(rpc.events$).toBe('-1-2-3', {
        1: drop(1, reply(9, 'unknown')),
        2: drop(2, [id(1), ...msg('no delimiter')], 'malformed'),
        3: drop(3, [], 'malformed'),
      })
    })
    expect(rpc.droppedCount).toBe(3)
  })

  it('should raise the replies error on every request in flight and on later ones', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const replies = hot<Buffer[]>('---#')
      const rpc = correlate(replies, () => undefined)
      expectObservable(rpc.request('a')).toBe('---#')
      expectObservable(rpc.request('b')).toBe('---#')
      expectObservable(rpc.request('c'), '-----^').toBe('-----#')
      expectSubscriptions(replies.subscriptions).toBe('^--!')
    })
  })

  it('should fail requests with a SocketClosedError when the replies end (empty)', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const replies = cold<Buffer[]>('|')
      const rpc = correlate(replies, () => undefined)
      expectObservable(rpc.request('a')).toBe(
        '#',
        undefined,
        new SocketClosedError('correlate', 'wait for a reply'),
      )
    })
  })

  it('should wait forever with never replies and no timeout', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const replies = cold<Buffer[]>('-')
      const rpc = correlate(replies, () => undefined)
      expectObservable(rpc.request('a')).toBe('-')
      expectSubscriptions(replies.subscriptions).toBe('^')
    })
  })

  it('should raise what a throwing createId or send throws', () => {
    const broken = correlate(NEVER, () => undefined, {
      createId: () => {
        throw new Error('no ids left')
      },
    })
    let error: unknown
    broken.request('a').subscribe({ error: (e: unknown) => (error = e) })
    expect((error as Error).message).toBe('no ids left')
    expect(broken.inFlight).toBe(0)

    const refusing = correlate(NEVER, () => {
      throw new Error('send refused')
    })
    refusing.request('a').subscribe({ error: (e: unknown) => (error = e) })
    expect((error as Error).message).toBe('send refused')
    expect(refusing.inFlight).toBe(0)
  })

  it('should match replies by id bytes whatever their length, copying ids a createId made', () => {
    const ids = [Buffer.from('k1'), Buffer.from('abcd'), Buffer.from('long-id-7')]
    const made = [...ids]
    const replies = new Subject<Buffer[]>()
    const rpc = correlate(replies, () => undefined, { createId: () => made.shift()! })
    const got: string[] = []
    for (const name of ['two', 'four', 'nine']) {
      rpc.request(name).subscribe((m) => got.push(`${name}:${m.toString()}`))
    }
    ids[1]![0] = 0x7a // the caller reuses its bytes: the request keeps its own copy
    replies.next([Buffer.from('long-id-7'), EMPTY, Buffer.from('C')])
    replies.next([Buffer.from('zbcd'), EMPTY, Buffer.from('x')]) // unknown now
    replies.next([Buffer.from('abcd'), EMPTY, Buffer.from('B')])
    replies.next([Buffer.from('k1'), EMPTY, Buffer.from('A')])
    expect(got).toEqual(['nine:C', 'four:B', 'two:A'])
    expect(rpc.droppedCount).toBe(1)
  })

  it('should refuse an id that is already in flight', () => {
    const rpc = correlate(NEVER, () => undefined, { createId: () => Buffer.from('same') })
    rpc.request('a').subscribe()
    let error: unknown
    rpc.request('b').subscribe({ error: (e: unknown) => (error = e) })
    expect(error).toBeInstanceOf(InvalidOptionError)
    expect(rpc.inFlight).toBe(1)
  })

  it('should allow early unsubscription and not break the unsubscription chain', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const replies = hot('-----a', { a: reply(1, 'A') })
      const rpc = correlate(replies, () => undefined)
      const result = rpc.request('a').pipe(map((m) => m))
      expectObservable(result, '^--!').toBe('---')
      expectObservable(rpc.events$).toBe('-----1', { 1: drop(1, reply(1, 'A')) })
    })
  })

  it('should deliver a reply that comes synchronously during the send', () => {
    const wire = new Subject<Buffer[]>()
    const rpc = correlate(wire, (m) => wire.next([m[0], m[1], Buffer.from('echo')]))
    const seen: Buffer[][] = []
    let done = false
    rpc.request('x').subscribe({ next: (m) => seen.push(m), complete: () => (done = true) })
    expect(seen).toEqual([msg('echo')])
    expect(done).toBe(true)
    expect(rpc.inFlight).toBe(0)
  })

  it('should stop listening to the replies when closed, and complete events$', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const replies = hot<Buffer[]>('------')
      const rpc = correlate(replies, () => undefined)
      expectObservable(rpc.events$).toBe('--|')
      expectObservable(rpc.request('a')).toBe(
        '--#',
        undefined,
        new SocketClosedError('correlate', 'wait for a reply'),
      )
      hot('--c').subscribe(() => rpc.close())
      expectSubscriptions(replies.subscriptions).toBe('^-!')
    })
  })

  it('should refuse a negative timeout', () => {
    expect(() => correlate(NEVER, () => undefined, { timeout: -1 })).toThrow(InvalidOptionError)
  })
})
