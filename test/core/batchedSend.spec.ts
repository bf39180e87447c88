// The socket core's batched send loop, on a fake transport that answers sends as zeromq.js
// does: a send is settled before it returns while the socket has room (the fake's `room`),
// else it stays pending, and a send offered while one is pending is refused at once with
// nothing sent (zeromq.js's synchronous EBUSY, which the native transport's sendNow returns
// as undefined).
//
//   PushSocket ──> SocketCore ──sendNow──> BatchingFake (this file)
import { lastValueFrom, map, of, range, take, toArray } from 'rxjs'
import {
  PushSocket,
  QueueFullError,
  SocketClosedError,
  ZmqError,
  sendTo,
  type SocketEvent,
} from '../../src'
import type {
  OpenSpec,
  OutgoingFrame,
  SendDone,
  Transport,
  TransportSocket,
} from '../../src/transport/Transport'
import { CORE } from '../../src/core/members'
import { captureWarnings } from '../helpers/warnings'

class BatchingFake implements TransportSocket {
  /** What the fake took, in order. */
  readonly sent: string[] = []
  /** Every offer the core made through sendNow, in order ('busy' when refused). */
  readonly offers: string[] = []
  /** How many messages the fake takes at once before a send has to wait. */
  room = Infinity
  /** Messages the fake refuses (its promise rejected at once, as a libzmq error would be). */
  readonly refuse = new Set<string>()
  /** sendNow answers undefined with nothing pending: the slow path (a mandatory ROUTER). */
  slow = false
  closedWith: number | undefined
  private pending: { text: string; resolve: () => void; reject: (e: unknown) => void } | undefined

  constructor(readonly spec: OpenSpec) {}

  bind(endpoint: string): string {
    return endpoint
  }
  async unbind(): Promise<void> {}
  connect(): void {}
  disconnect(): void {}
  send(frames: readonly OutgoingFrame[], _options: unknown, done: SendDone): boolean {
    this.sendPromise(frames).then(() => done(), done)
    return false
  }
  sendPromise(frames: readonly OutgoingFrame[]): Promise<void> {
    if (this.pending !== undefined) throw new ZmqError('busy', { code: 'EBUSY' })
    return this.take(frames.map(String).join('|'))
  }
  sendNow(frames: readonly OutgoingFrame[]): Promise<void> | undefined {
    const text = frames.map(String).join('|')
    if (this.pending !== undefined || this.slow) {
      this.offers.push(`busy ${text}`)
      return undefined
    }
    this.offers.push(text)
    return this.take(text)
  }
  private take(text: string): Promise<void> {
    if (this.refuse.has(text)) {
      return Promise.reject(new ZmqError(`refused ${text}`, { code: 'EHOSTUNREACH' }))
    }
    if (this.room > 0) {
      this.room--
      this.sent.push(text)
      return Promise.resolve()
    }
    return new Promise<void>((resolve, reject) => {
      this.pending = { text, resolve, reject }
    })
  }
  /** The peer makes room for `n` messages: the pending send (if any) completes first. */
  makeRoom(n: number): void {
    this.room = n
    const pending = this.pending
    if (pending === undefined) return
    this.pending = undefined
    this.room--
    this.sent.push(pending.text)
    pending.resolve()
  }
  get isPending(): boolean {
    return this.pending !== undefined
  }
  resume(): void {}
  pause(): void {}
  monitor(): void {}
  subscribe(): void {}
  unsubscribe(): void {}
  getOption(): unknown {
    return undefined
  }
  setOption(): void {}
  close(linger: number): void {
    this.closedWith = linger
    // as zeromq.js: closing settles the pending send (libzmq refuses it at linger 0)
    const pending = this.pending
    this.pending = undefined
    pending?.reject(new ZmqError('closed', { code: 'EAGAIN' }))
  }
}

function fake(): { transport: Transport; sockets: BatchingFake[] } {
  const sockets: BatchingFake[] = []
  return {
    sockets,
    transport: {
      name: 'batching-fake',
      open: (spec) => {
        const socket = new BatchingFake(spec)
        sockets.push(socket)
        return socket
      },
    },
  }
}

/** Lets every queued reaction run (the reactions of settled promises are microtasks). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

const texts = (n: number, from = 0): string[] => Array.from({ length: n }, (_, i) => `${from + i}`)

describe('SocketCore: batched sends', () => {
  it('should hand over the queued messages in one turn, one offer each, in order', async () => {
    const { transport, sockets } = fake()
    const push = new PushSocket({ transport })
    const fakeSocket = sockets[0]
    for (const text of texts(10)) push.next(text)
    // the first goes at once; the rest wait for its promise, then go together
    expect(fakeSocket.sent).toEqual(['0'])
    expect(push.queueDepth).toBe(9)
    await Promise.resolve()
    await Promise.resolve()
    expect(fakeSocket.sent).toEqual(texts(10))
    expect(fakeSocket.offers).toEqual(texts(10))
    expect(push.queueDepth).toBe(0)
    push.close()
  })

  it('should keep the order and lose nothing when a batch meets a full peer midway', async () => {
    const { transport, sockets } = fake()
    const push = new PushSocket({ transport })
    const fakeSocket = sockets[0]
    fakeSocket.room = 3
    const events: SocketEvent[] = []
    push.events$.subscribe((e) => events.push(e))
    for (const text of texts(12)) push.next(text)
    await settle()
    // three taken, the fourth pending, the fifth offered and refused as busy: it waits
    expect(fakeSocket.sent).toEqual(texts(3))
    expect(fakeSocket.isPending).toBe(true)
    expect(fakeSocket.offers).toEqual([...texts(4), 'busy 4'])
    expect(push.queueDepth).toBe(8)
    fakeSocket.makeRoom(4)
    await settle()
    expect(fakeSocket.sent).toEqual(texts(7))
    fakeSocket.makeRoom(Infinity)
    await settle()
    expect(fakeSocket.sent).toEqual(texts(12))
    expect(push.queueDepth).toBe(0)
    expect(events).toEqual([]) // no send:error, nothing dropped
    push.close()
  })

  it('should reject exactly the send() refused in the middle of a batch, and send the rest', async () => {
    const { transport, sockets } = fake()
    const push = new PushSocket({ transport })
    const fakeSocket = sockets[0]
    fakeSocket.refuse.add('2')
    const outcomes = texts(5).map((text) =>
      push.send(text).then(
        () => 'sent',
        (e: ZmqError) => e.code,
      ),
    )
    expect(await Promise.all(outcomes)).toEqual(['sent', 'sent', 'EHOSTUNREACH', 'sent', 'sent'])
    expect(fakeSocket.sent).toEqual(['0', '1', '3', '4'])
    push.close()
  })

  it('should report a next() message refused in the middle of a batch once, as send:error', async () => {
    const { transport, sockets } = fake()
    const push = new PushSocket({ transport })
    const fakeSocket = sockets[0]
    fakeSocket.refuse.add('3')
    const errors: string[] = []
    push.events$.subscribe((e) => {
      if (e.type === 'send:error') errors.push(e.error.message)
    })
    for (const text of texts(6)) push.next(text)
    await settle()
    expect(errors).toEqual(['refused 3'])
    expect(fakeSocket.sent).toEqual(['0', '1', '2', '4', '5'])
    expect(push.isClosed).toBe(false)
    push.close()
  })

  it('should keep the queue limit: one handed over, the limit queued, the next overflows', async () => {
    const { transport, sockets } = fake()
    const push = new PushSocket({ transport, sendQueue: { limit: 3 } })
    const events: string[] = []
    push.events$.subscribe((e) => events.push(e.type))
    const warnings = captureWarnings()
    try {
      for (const text of texts(6)) push.next(text)
      expect(sockets[0].sent).toEqual(['0'])
      expect(events).toEqual(['queue:full'])
      // the overflow ended the stream under 'error': what was accepted still goes out
      expect(push.isClosed).toBe(true)
      await push.closed
      expect(sockets[0].sent).toEqual(texts(4))
      expect(events).toEqual(['queue:full', 'queue:drain', 'error'])
      await settle()
      expect(warnings.messages).toEqual([
        'PushSocket: after ERR_QUEUE_FULL: 1 later messages given to next() were refused',
      ])
    } finally {
      warnings.restore()
    }
  })

  it('should finish complete() only once the pending send has settled', async () => {
    const { transport, sockets } = fake()
    const push = new PushSocket({ transport, linger: 60000 })
    const fakeSocket = sockets[0]
    fakeSocket.room = 2
    for (const text of texts(5)) push.next(text)
    push.complete()
    await settle()
    expect(fakeSocket.closedWith).toBeUndefined()
    fakeSocket.makeRoom(Infinity)
    await settle()
    expect(fakeSocket.sent).toEqual(texts(5))
    expect(fakeSocket.closedWith).toBe(60000)
    await push.closed
  })

  it('should give up the pending message and the queue after linger ms without progress', async () => {
    const { transport, sockets } = fake()
    const push = new PushSocket({ transport, linger: 50 })
    const events: SocketEvent[] = []
    push.events$.subscribe((e) => events.push(e))
    sockets[0].room = 1
    for (const text of texts(4)) push.next(text)
    push.complete()
    await push.closed
    // '0' taken, '1' pending, '2' and '3' queued
    expect(events.filter((e) => e.type === 'queue:expired')).toEqual([
      { type: 'queue:expired', count: 3, dropped: 3, linger: 50 },
    ])
    expect(push.dropped).toBe(3)
  })

  it('should fail what was handed over and not yet told with a SocketClosedError on close()', async () => {
    const { transport, sockets } = fake()
    const push = new PushSocket({ transport })
    sockets[0].room = 1
    const first = push.send('0') // taken, its reaction still to run
    push.next('1')
    const queued = push.send('2')
    await settle() // '1' pending now, '2' waiting behind it
    push.close()
    await expect(first).resolves.toBeUndefined()
    await expect(queued).rejects.toBeInstanceOf(SocketClosedError)
    const direct = new PushSocket({ transport })
    const sent = direct.send('x') // settled at once, but closed before its reaction ran
    direct.close()
    await expect(sent).rejects.toBeInstanceOf(SocketClosedError)
  })

  it('should send one message at a time when the transport has no batched path now', async () => {
    const { transport, sockets } = fake()
    const push = new PushSocket({ transport })
    const fakeSocket = sockets[0]
    fakeSocket.slow = true
    const outcomes = texts(4).map((text) => push.send(text))
    await Promise.all(outcomes)
    expect(fakeSocket.sent).toEqual(texts(4))
    // every message was offered to sendNow first, then sent alone through sendPromise
    expect(fakeSocket.offers.every((offer) => offer.startsWith('busy '))).toBe(true)
    push.close()
  })

  it('should carry a large synchronous source through subscribe(socket) and sendTo, in order', async () => {
    const { transport, sockets } = fake()
    const push = new PushSocket({ transport, sendQueue: { limit: 5000 } })
    const other = new PushSocket({ transport })
    const [pushFake, otherFake] = sockets
    pushFake.room = 100
    otherFake.room = 50
    // the peers make room every millisecond, less than a batch at a time
    const refill = setInterval(() => {
      pushFake.makeRoom(300)
      otherFake.makeRoom(70)
    }, 1)
    try {
      range(0, 5000).pipe(map(String)).subscribe(push)
      const emitted = await lastValueFrom(
        range(0, 3000).pipe(map(String), sendTo(other), toArray()),
      )
      expect(emitted).toEqual(texts(3000))
      expect(otherFake.sent).toEqual(texts(3000))
      await push.closed
      expect(pushFake.sent).toEqual(texts(5000))
      expect(push.dropped).toBe(0)
    } finally {
      clearInterval(refill)
      other.close()
    }
  })

  it('should refuse what overflows a queue filled while a batch waits', async () => {
    const { transport, sockets } = fake()
    const push = new PushSocket({ transport, sendQueue: { limit: 2 }, linger: 0 })
    sockets[0].room = 1
    const outcomes = texts(5).map((text) =>
      push.send(text).then(
        () => 'sent',
        (e: unknown) => (e instanceof QueueFullError ? 'full' : String(e)),
      ),
    )
    sockets[0].makeRoom(Infinity)
    // '0' handed over; while it is unsettled '1' and '2' wait in the queue, '3' and '4' overflow
    // (a synchronous burst of send() meets the queue's limit, as one at a time)
    expect(await Promise.all(outcomes)).toEqual(['sent', 'sent', 'sent', 'full', 'full'])
    push.close()
  })

  describe('sendTo on a batched socket (callbacks, no promise per value)', () => {
    it('should hand over one value at a time, each once the previous one was taken', async () => {
      const { transport, sockets } = fake()
      const push = new PushSocket({ transport })
      // (a spy on push.send would be a send() of its own, which sendTo then calls)
      const send = jest.spyOn(push[CORE], 'send')
      const out: unknown[] = []
      let completed = false
      range(0, 3)
        .pipe(map(String), sendTo(push))
        .subscribe({ next: (v) => out.push(v), complete: () => (completed = true) })
      expect(sockets[0].offers).toEqual(['0'])
      expect(out).toEqual([])
      await settle()
      expect(sockets[0].offers).toEqual(['0', '1', '2'])
      expect(out).toEqual(['0', '1', '2'])
      expect(completed).toBe(true)
      expect(send).not.toHaveBeenCalled()
      push.close()
    })

    it('should wait for a full peer without offering the next value', async () => {
      const { transport, sockets } = fake()
      const push = new PushSocket({ transport })
      sockets[0].room = 1
      const out: unknown[] = []
      range(0, 3)
        .pipe(map(String), sendTo(push))
        .subscribe((v) => out.push(v))
      await settle()
      // '0' taken and emitted, '1' pending: '2' not offered (no busy refusal either)
      expect(sockets[0].offers).toEqual(['0', '1'])
      expect(out).toEqual(['0'])
      sockets[0].makeRoom(Infinity)
      await settle()
      expect(out).toEqual(['0', '1', '2'])
      push.close()
    })

    it('should stop sending when unsubscribed after a value, as with send()', async () => {
      const { transport, sockets } = fake()
      const push = new PushSocket({ transport })
      const out = await lastValueFrom(
        range(0, 100).pipe(map(String), sendTo(push), take(3), toArray()),
      )
      await settle()
      expect(out).toEqual(['0', '1', '2'])
      expect(sockets[0].sent).toEqual(['0', '1', '2'])
      push.close()
    })

    it('should error with the typed error of the refused value and offer nothing after it', async () => {
      const { transport, sockets } = fake()
      const push = new PushSocket({ transport })
      sockets[0].refuse.add('2')
      const result = lastValueFrom(range(0, 5).pipe(map(String), sendTo(push), toArray()))
      await expect(result).rejects.toMatchObject({ code: 'EHOSTUNREACH', message: 'refused 2' })
      expect(sockets[0].offers).toEqual(['0', '1', '2'])
      expect(push.isClosed).toBe(false)
      push.close()
    })

    it('should error at once on a closed socket and on an invalid frame', async () => {
      const { transport } = fake()
      const push = new PushSocket({ transport })
      await expect(
        lastValueFrom(of({} as unknown as string).pipe(sendTo(push))),
      ).rejects.toMatchObject({ code: 'ERR_INVALID_FRAME' })
      push.close()
      await expect(lastValueFrom(of('x').pipe(sendTo(push)))).rejects.toBeInstanceOf(
        SocketClosedError,
      )
    })

    it("should call a socket's own send() when it has one", async () => {
      const { transport, sockets } = fake()
      const push = new PushSocket({ transport })
      const seen: string[] = []
      const original = push.send.bind(push)
      push.send = (value) => {
        seen.push(value as string)
        return original(value)
      }
      await lastValueFrom(range(0, 3).pipe(map(String), sendTo(push)))
      expect(seen).toEqual(['0', '1', '2'])
      expect(sockets[0].sent).toEqual(['0', '1', '2'])
      push.close()
    })
  })
})
