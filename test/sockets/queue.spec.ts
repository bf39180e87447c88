import { filter, firstValueFrom, lastValueFrom, take, toArray } from 'rxjs'
import { PullSocket, PushSocket, QueueFullError } from '../../src'
import { bindEndpoint } from '../helpers/endpoints'
import { tracker } from '../helpers/cleanup'

describe('send queue', () => {
  //  Push with no peer: libzmq cannot take messages, so they wait in rxzmq's bounded queue.
  //  Over tcp: zeromq.js does not wake a send pending on a peerless socket when an inproc
  //  peer connects later (measured: it stays pending), tcp and ipc connections do wake it.
  const track = tracker()

  it("should refuse send() past the limit under 'error', keeping what was accepted", async () => {
    const pull = track(new PullSocket())
    const endpoint = await pull.bind('tcp://127.0.0.1:*')
    const push = track(new PushSocket({ sendQueue: { limit: 3, overflow: 'error' }, linger: 0 }))
    await push.ready
    // with no peer, the first message waits in libzmq's send() and three wait in the queue
    const accepted = ['0', '1', '2', '3'].map((m) => push.send(m))
    await expect(push.send('4')).rejects.toBeInstanceOf(QueueFullError)
    expect(push.queueDepth).toBe(3)
    const got = firstValueFrom(pull.pipe(take(4), toArray()))
    push.connect(endpoint)
    await Promise.all(accepted)
    expect((await got).map(String)).toEqual(['0', '1', '2', '3'])
  })

  it("should end the stream with QueueFullError after delivering what next() had queued under 'error'", async () => {
    const pull = track(new PullSocket())
    const endpoint = await pull.bind('tcp://127.0.0.1:*')
    const push = track(new PushSocket({ sendQueue: { limit: 2 } }))
    await push.ready
    const events = lastValueFrom(push.events$.pipe(toArray()))
    // no peer: '0' waits in libzmq's send(), '1' and '2' in the queue, '3' overflows
    for (let i = 0; i < 4; i++) push.next(String(i))
    expect(push.isClosed).toBe(true)
    const got = lastValueFrom(pull.pipe(take(3), toArray()))
    push.connect(endpoint)
    expect((await got).map(String)).toEqual(['0', '1', '2'])
    // rxzmq's own events, in order (the monitor's connection events may interleave)
    const own = (await events).filter((e) => e.type.startsWith('queue:') || e.type === 'error')
    expect(own.map((e) => e.type)).toEqual(['queue:full', 'queue:drain', 'error'])
    expect(own[2]).toMatchObject({ error: expect.any(QueueFullError) })
  })

  it.each(['drop-newest', 'drop-oldest'] as const)(
    'should count and report drops under %s',
    async (overflow) => {
      const pull = track(new PullSocket())
      const endpoint = await pull.bind('tcp://127.0.0.1:*')
      const push = track(new PushSocket({ sendQueue: { limit: 5, overflow }, linger: 0 }))
      await push.ready
      const drops = firstValueFrom(
        push.events$.pipe(
          filter((e) => e.type === 'queue:drop'),
          take(3),
          toArray(),
        ),
      )
      for (let i = 0; i < 100; i++) push.next(String(i))
      expect((await drops).map((e) => (e as { dropped: number }).dropped)).toEqual([1, 2, 3])
      // what stays is bounded by the limit, plus the one message in libzmq's send()
      expect(push.queueDepth).toBe(5)
      const got = firstValueFrom(pull.pipe(take(6), toArray()))
      push.connect(endpoint)
      const values = (await got).map((m) => Number(String(m[0])))
      // '0' was in libzmq's send() before the queue filled; the rest depend on the policy
      if (overflow === 'drop-newest') expect(values.slice(1)).toEqual([1, 2, 3, 4, 5])
      else expect(values.slice(1)).toEqual([95, 96, 97, 98, 99])
      expect(push.dropped).toBe(100 - 6)
    },
  )
})

describe('receive pause', () => {
  //  Push ──▶ Pull over inproc with tiny HWMs: with no Rx subscriber the Pull stops reading,
  //  so the sender is pushed back (sendTimeout expires) instead of memory growing in JS.
  const track = tracker()

  it('should stop reading while nobody is subscribed and lose nothing when reading resumes', async () => {
    const pull = track(new PullSocket({ receiveHighWaterMark: 10 }))
    const endpoint = await pull.bind(bindEndpoint('inproc'))
    const push = track(
      new PushSocket({ connect: endpoint, sendHighWaterMark: 10, sendTimeout: 50, linger: 0 }),
    )
    // a first subscriber reads one message and leaves
    const first = firstValueFrom(pull)
    await push.send('m0')
    expect(String((await first)[0])).toBe('m0')
    let sent = 1
    for (;;) {
      try {
        await push.send(`m${sent}`)
        sent++
      } catch (error) {
        expect((error as { code: string }).code).toBe('EAGAIN')
        break
      }
      if (sent > 100000)
        throw new Error('the sender was never pushed back: the receive loop kept reading')
    }
    // libzmq's queues (HWMs) bound what the sender could push: far below anything that grows
    expect(sent).toBeLessThan(100)
    const rest = await firstValueFrom(pull.pipe(take(sent - 1), toArray()))
    expect(rest.map(String)).toEqual(Array.from({ length: sent - 1 }, (_, i) => `m${i + 1}`))
  })
})

describe('graceful close', () => {
  //  Push.complete() drains the queue into libzmq and lingers: everything arrives (tcp)
  const track = tracker()

  it('should deliver everything queued before complete()', async () => {
    const pull = track(new PullSocket())
    const endpoint = await pull.bind('tcp://127.0.0.1:*')
    // complete() gives the queue `linger` ms to drain: 20,000 messages can take longer than the
    // default 1000 ms on a loaded 2-core machine
    const push = new PushSocket({ connect: endpoint, sendQueue: { limit: 20000 }, linger: 10000 })
    const count = 20000
    const got = firstValueFrom(pull.pipe(take(count), toArray()))
    for (let i = 0; i < count; i++) push.next(String(i))
    push.complete()
    await push.closed
    const messages = await got
    expect(messages.length).toBe(count)
    expect(String(messages[count - 1][0])).toBe(String(count - 1))
  })
})
