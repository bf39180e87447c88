import {
  filter,
  firstValueFrom,
  lastValueFrom,
  map,
  range,
  take,
  takeUntil,
  timer,
  toArray,
} from 'rxjs'
import {
  PullSocket,
  PushSocket,
  QueueFullError,
  ZmqError,
  sendTo,
  type SocketEvent,
} from '../../src'
import { CORE } from '../../src/core/members'
import { bindEndpoint } from '../helpers/endpoints'
import { tracker } from '../helpers/cleanup'
import { captureWarnings } from '../helpers/warnings'

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

describe('complete() drains while the peer takes messages', () => {
  //  Push ──tcp──▶ Pull. complete()'s deadline is `linger` ms without a message taken, not
  //  `linger` ms from the call: a peer that keeps taking gets everything, however long it takes.
  const track = tracker()

  it('should deliver 1,000,000 messages given to next() before complete()', async () => {
    const count = 1_000_000
    const pull = track(new PullSocket())
    const endpoint = await pull.bind('tcp://127.0.0.1:*')
    let received = 0
    const all = new Promise<void>((resolve) =>
      pull.subscribe(() => {
        if (++received === count) resolve()
      }),
    )
    // linger 2 s: far below the drain's few seconds (so a deadline from complete() would cut
    // it short), above the scheduling stalls of a crowded machine (hundreds of ms measured)
    const push = track(
      new PushSocket({ connect: endpoint, sendQueue: { limit: count }, linger: 2000 }),
    )
    const events: SocketEvent[] = []
    push.events$.subscribe((e) => events.push(e))
    const frame = Buffer.from('0123456789abcdef')
    const started = Date.now()
    for (let i = 0; i < count; i++) push.next(frame)
    push.complete()
    await all
    const seconds = (Date.now() - started) / 1000
    await push.closed
    expect(received).toBe(count)
    expect(push.dropped).toBe(0)
    expect(events.filter((e) => e.type === 'queue:expired' || e.type === 'error')).toEqual([])
    console.log(`complete(): ${count} messages delivered in ${seconds.toFixed(1)} s`)
    // a few seconds on an idle machine; the limit allows for a crowded one
  }, 300000)

  it('should count, report and warn what it gives up after linger ms without progress', async () => {
    // no peer at all: libzmq takes nothing, so after 200 ms without progress complete() gives up
    const push = track(new PushSocket({ linger: 200 }))
    const warnings = captureWarnings()
    try {
      for (let i = 0; i < 50; i++) push.next(String(i))
      const accepted = push.send('awaited')
      push.complete()
      await expect(accepted).rejects.toMatchObject({ code: 'ERR_SOCKET_CLOSED' })
      await push.closed
      await new Promise((resolve) => setImmediate(resolve))
      expect(push.dropped).toBe(51)
      expect(warnings.messages).toEqual([
        expect.stringMatching(/PushSocket: complete\(\) gave up on 51 messages.*200 ms/),
      ])
    } finally {
      warnings.restore()
    }
  })

  it('should report what it gives up as a queue:expired event (then no warning)', async () => {
    const push = track(new PushSocket({ linger: 100 }))
    const events = lastValueFrom(push.events$.pipe(toArray()))
    const warnings = captureWarnings()
    try {
      for (let i = 0; i < 10; i++) push.next(String(i))
      push.complete()
      const own = (await events).filter((e) => e.type === 'queue:expired')
      expect(own).toEqual([{ type: 'queue:expired', count: 10, dropped: 10, linger: 100 }])
      expect(push.dropped).toBe(10)
      await new Promise((resolve) => setImmediate(resolve))
      expect(warnings.messages).toEqual([])
    } finally {
      warnings.restore()
    }
  })
})

describe('a synchronous burst', () => {
  //  range(n) emits everything in one turn: subscribe(socket) keeps the bounded queue (and
  //  ends with a QueueFullError that says what to do), source.pipe(sendTo(socket)) carries it.
  const track = tracker()
  const frame = Buffer.from('0123456789abcdef')

  async function pair(): Promise<{ pull: PullSocket; push: PushSocket; counted: () => number }> {
    const pull = track(new PullSocket())
    const endpoint = await pull.bind('tcp://127.0.0.1:*')
    let received = 0
    pull.subscribe(() => received++)
    const push = track(new PushSocket({ connect: endpoint }))
    return { pull, push, counted: () => received }
  }

  it('should end subscribe(socket) with a QueueFullError saying what to do, reported once and first', async () => {
    const { push } = await pair()
    const warnings = captureWarnings()
    try {
      range(0, 300000)
        .pipe(map(() => frame))
        .subscribe(push)
      await push.closed
      await new Promise((resolve) => setImmediate(resolve))
      // one in libzmq's send(), 1000 queued, the next one overflowed, the rest were refused
      expect(warnings.messages).toEqual([
        expect.stringMatching(
          /^PushSocket: send queue is full \(1000 messages waiting\): a source emitting faster than the socket sends\. Use source\.pipe\(sendTo\(socket\)\), raise sendQueue\.limit, or choose a drop overflow.*\(298998 later messages given to next\(\) were refused\)$/,
        ),
      ])
    } finally {
      warnings.restore()
    }
  })

  it('should give the QueueFullError to a listener first, then warn once about what it refused', async () => {
    const { push } = await pair()
    const errors = lastValueFrom(
      push.events$.pipe(
        filter((e) => e.type === 'error'),
        toArray(),
      ),
    )
    const warnings = captureWarnings()
    try {
      range(0, 5000)
        .pipe(map(() => frame))
        .subscribe(push)
      const [event] = await errors
      expect(event).toMatchObject({ error: expect.any(QueueFullError) })
      expect(warnings.messages).toEqual([])
      await new Promise((resolve) => setImmediate(resolve))
      expect(warnings.messages).toEqual([
        'PushSocket: after ERR_QUEUE_FULL: 3998 later messages given to next() were refused',
      ])
    } finally {
      warnings.restore()
    }
  })

  it('should fold what complete() then gives up into the same warning', async () => {
    // no peer: after the overflow, nothing is taken for linger ms and the queue is given up
    const push = track(new PushSocket({ linger: 50 }))
    const warnings = captureWarnings()
    try {
      range(0, 3000)
        .pipe(map(() => frame))
        .subscribe(push)
      await push.closed
      await new Promise((resolve) => setImmediate(resolve))
      expect(warnings.messages).toEqual([
        expect.stringMatching(
          /^PushSocket: send queue is full .*\(1001 queued messages given up after 50 ms without progress \(counted in 'dropped'\); 1998 later messages given to next\(\) were refused\)$/,
        ),
      ])
      expect(push.dropped).toBe(1001)
    } finally {
      warnings.restore()
    }
  })

  it('should report a failure before the next() calls it refuses, in one warning', async () => {
    const push = track(new PushSocket())
    const warnings = captureWarnings()
    try {
      // the transport fails under the socket (as a native receive error does)
      push[CORE].failed(new ZmqError('PushSocket: receive failed: boom', { code: 'EBOOM' }))
      for (let i = 0; i < 5; i++) push.next('late')
      await new Promise((resolve) => setImmediate(resolve))
      expect(warnings.messages).toEqual([
        expect.stringMatching(/boom.*\(5 later messages given to next\(\) were refused\)$/),
      ])
      push.next('later still')
      await new Promise((resolve) => setImmediate(resolve))
      expect(warnings.messages).toHaveLength(1)
    } finally {
      warnings.restore()
    }
  })

  it('should carry range(300000) through source.pipe(sendTo(socket))', async () => {
    const { push, counted } = await pair()
    const count = 300000
    const sent = await lastValueFrom(
      range(0, count).pipe(
        map(() => frame),
        sendTo(push),
        toArray(),
        map((all) => all.length),
      ),
    )
    expect(sent).toBe(count)
    push.complete()
    await push.closed
    expect(push.dropped).toBe(0)
    // everything sent arrives: wait for the last ones to cross
    while (counted() < count) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(counted()).toBe(count)
  }, 120000)
})

describe('batched sends on the native transport', () => {
  //  zeromq.js takes a send before it returns while the socket is writable (512 in a row), and
  //  refuses one offered while another is pending: the core hands its queue over in batches
  //  and waits once per batch. Order, loss and errors must be as for one message at a time.
  const track = tracker()

  it('should keep the order and lose nothing across the high-water mark and 512 sends in a row', async () => {
    const count = 3000
    const pull = track(new PullSocket({ receiveHighWaterMark: 10 }))
    const endpoint = await pull.bind('tcp://127.0.0.1:*')
    const push = track(
      new PushSocket({ connect: endpoint, sendHighWaterMark: 10, sendQueue: { limit: count } }),
    )
    const got = firstValueFrom(pull.pipe(take(count), toArray()))
    const awaited: Promise<void>[] = []
    for (let i = 0; i < count; i++) {
      if (i % 250 === 0) awaited.push(push.send(String(i)))
      else push.next(String(i))
    }
    await Promise.all(awaited)
    const received = (await got).map((m) => String(m[0]))
    expect(received).toEqual(Array.from({ length: count }, (_, i) => String(i)))
  })

  it('should reject exactly the messages libzmq refused within a batch, and deliver exactly the others', async () => {
    // inproc with nobody reading: libzmq takes what its pipe holds, then refuses (sendTimeout 0)
    const pull = track(new PullSocket({ receiveHighWaterMark: 5 }))
    const endpoint = await pull.bind(bindEndpoint('inproc'))
    const push = track(
      new PushSocket({ connect: endpoint, sendHighWaterMark: 5, sendTimeout: 0, linger: 0 }),
    )
    const refusedByNext: string[] = []
    push.events$.subscribe((e) => {
      if (e.type === 'send:error') refusedByNext.push(e.error.code)
    })
    // the first goes at once, the rest wait for it and then go in one batch
    push.next('m0')
    push.next('m1')
    const outcomes = await Promise.all(
      Array.from({ length: 48 }, (_, i) =>
        push.send(`m${i + 2}`).then(
          () => `m${i + 2}`,
          (e: ZmqError) => e.code,
        ),
      ),
    )
    expect(refusedByNext).toEqual([])
    const firstRefused = outcomes.indexOf('EAGAIN')
    expect(firstRefused).toBeGreaterThan(0)
    expect(outcomes.slice(firstRefused).every((o) => o === 'EAGAIN')).toBe(true)
    const accepted = ['m0', 'm1', ...outcomes.slice(0, firstRefused)]
    const received = await lastValueFrom(pull.pipe(takeUntil(timer(300)), toArray()))
    expect(received.map((m) => String(m[0]))).toEqual(accepted)
  })
})
