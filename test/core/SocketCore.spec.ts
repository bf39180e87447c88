// The socket core on a fake transport: no socket, no port, every call to the seam recorded,
// every answer of the transport given by the test.
//
//   socket class ──> SocketCore ──(Transport seam)──> FakeSocket (this file)
import { Subject } from 'rxjs'
import { PullSocket, PushSocket, QueueFullError, SocketClosedError, ZmqError } from '../../src'
import type { SocketEvent } from '../../src/events'
import type {
  OpenSpec,
  OutgoingFrame,
  SendDone,
  Transport,
  TransportSocket,
} from '../../src/transport/Transport'

/** A transport socket that records what the core asks and lets the test answer. */
class FakeSocket implements TransportSocket {
  readonly calls: string[] = []
  readonly sent: string[] = []
  /** The callback of the send the fake did not take at once. */
  pending: SendDone | undefined
  /** Whether sends are taken at once. */
  takes = true
  closedWith: number | undefined

  constructor(readonly spec: OpenSpec) {}

  bind(endpoint: string): string {
    this.calls.push(`bind ${endpoint}`)
    if (endpoint.includes('taken')) {
      throw new ZmqError(`bind ${endpoint}: in use`, { code: 'EADDRINUSE', endpoint })
    }
    return endpoint.replace('*', '7')
  }
  async unbind(endpoint: string): Promise<void> {
    this.calls.push(`unbind ${endpoint}`)
  }
  connect(endpoint: string): void {
    this.calls.push(`connect ${endpoint}`)
  }
  disconnect(endpoint: string): void {
    this.calls.push(`disconnect ${endpoint}`)
  }
  send(frames: readonly OutgoingFrame[], _options: unknown, done: SendDone): boolean {
    this.sent.push(frames.map(String).join('|'))
    if (this.takes) return true
    this.pending = done
    return false
  }
  resume(): void {
    this.calls.push('resume')
  }
  pause(): void {
    this.calls.push('pause')
  }
  monitor(): void {
    this.calls.push('monitor')
  }
  subscribe(): void {}
  unsubscribe(): void {}
  getOption(name: string): unknown {
    return this.spec.options[name]
  }
  setOption(): void {}
  close(linger: number): void {
    this.closedWith = linger
  }
  /** The transport delivers a message. */
  receive(text: string): void {
    this.spec.host.received([Buffer.from(text)])
  }
  /** The transport takes the message it did not take at once. */
  take(error?: ZmqError): void {
    const done = this.pending
    this.pending = undefined
    done?.(error)
  }
}

function fakeTransport(): { transport: Transport; sockets: FakeSocket[] } {
  const sockets: FakeSocket[] = []
  return {
    sockets,
    transport: {
      name: 'fake',
      open: (spec) => {
        const socket = new FakeSocket(spec)
        sockets.push(socket)
        return socket
      },
    },
  }
}

describe('SocketCore over a fake transport', () => {
  it('should open one transport socket with the type, the class name and the options', () => {
    const { transport, sockets } = fakeTransport()
    const push = new PushSocket({
      transport,
      sendHighWaterMark: 5,
      bind: 'x://*',
      connect: 'y://a',
    })
    expect(sockets).toHaveLength(1)
    expect(sockets[0].spec).toMatchObject({
      type: 'PUSH',
      name: 'PushSocket',
      options: { sendHighWaterMark: 5, linger: 1000 },
    })
    expect(sockets[0].calls).toEqual(['bind x://*', 'connect y://a'])
    push.close()
    expect(sockets[0].closedWith).toBe(0)
  })

  it('should resume delivery on the first subscriber and pause it when the last one leaves', () => {
    const { transport, sockets } = fakeTransport()
    const pull = new PullSocket({ transport })
    const got: string[] = []
    const a = pull.subscribe((m) => got.push(`a:${String(m[0])}`))
    const b = pull.subscribe((m) => got.push(`b:${String(m[0])}`))
    sockets[0].receive('1')
    a.unsubscribe()
    sockets[0].receive('2')
    b.unsubscribe()
    expect(sockets[0].calls).toEqual(['resume', 'pause'])
    expect(got).toEqual(['a:1', 'b:1', 'b:2'])
    pull.close()
  })

  it('should keep one message in flight and send the rest in order as the transport takes them', async () => {
    const { transport, sockets } = fakeTransport()
    const push = new PushSocket({ transport })
    const fake = sockets[0]
    fake.takes = false
    const first = push.send('1')
    push.next('2')
    push.next('3')
    expect(fake.sent).toEqual(['1'])
    expect(push.queueDepth).toBe(2)
    fake.takes = true
    fake.take()
    await expect(first).resolves.toBeUndefined()
    expect(fake.sent).toEqual(['1', '2', '3'])
    expect(push.queueDepth).toBe(0)
    push.close()
  })

  it('should reject a send the transport refused, and go on with the next', async () => {
    const { transport, sockets } = fakeTransport()
    const push = new PushSocket({ transport })
    const fake = sockets[0]
    fake.takes = false
    const refused = push.send('1')
    const next = push.send('2')
    fake.take(new ZmqError('no route', { code: 'EHOSTUNREACH' }))
    await expect(refused).rejects.toMatchObject({ code: 'EHOSTUNREACH' })
    fake.take()
    await expect(next).resolves.toBeUndefined()
    push.close()
  })

  it('should drop newest or oldest at the queue limit and say so on events$', () => {
    for (const overflow of ['drop-newest', 'drop-oldest'] as const) {
      const { transport, sockets } = fakeTransport()
      const push = new PushSocket({ transport, sendQueue: { limit: 2, overflow } })
      const events: SocketEvent[] = []
      push.events$.subscribe((e) => events.push(e))
      sockets[0].takes = false
      for (const m of ['1', '2', '3', '4']) push.next(m) // 1 in flight, 2 and 3 queued
      expect(push.dropped).toBe(1)
      expect(events.map((e) => e.type)).toEqual(['queue:full', 'queue:drop'])
      sockets[0].takes = true
      sockets[0].take()
      expect(sockets[0].sent).toEqual(
        overflow === 'drop-newest' ? ['1', '2', '3'] : ['1', '3', '4'],
      )
      push.close()
    }
  })

  it('should end the socket with the QueueFullError when next() overflows under error', () => {
    const { transport, sockets } = fakeTransport()
    const push = new PushSocket({ transport, sendQueue: { limit: 1 } })
    const errors: unknown[] = []
    push.events$.subscribe({ next: (e) => e.type === 'error' && errors.push(e.error) })
    sockets[0].takes = false
    push.next('1')
    push.next('2')
    push.next('3')
    sockets[0].takes = true
    sockets[0].take()
    expect(sockets[0].sent).toEqual(['1', '2'])
    expect(errors[0]).toBeInstanceOf(QueueFullError)
    expect(push.isClosed).toBe(true)
  })

  it('should start the monitor with the first events$ subscriber and pass events on', () => {
    const { transport, sockets } = fakeTransport()
    const pull = new PullSocket({ transport })
    expect(sockets[0].calls).not.toContain('monitor')
    const events = new Subject<SocketEvent>()
    const seen: string[] = []
    events.subscribe((e) => seen.push(e.type))
    pull.events$.subscribe(events)
    sockets[0].spec.host.event({ type: 'accept', address: 'x://1' })
    expect(sockets[0].calls).toContain('monitor')
    expect(seen).toEqual(['accept'])
    pull.close()
    expect(seen).toEqual(['accept'])
  })

  it('should fail the socket with the transport failure: subscribers get it, the socket is closed', () => {
    const { transport, sockets } = fakeTransport()
    const pull = new PullSocket({ transport })
    let failure: unknown
    pull.subscribe({ error: (e: unknown) => (failure = e) })
    const error = new ZmqError('gone', { code: 'ENOTSOCK' })
    sockets[0].spec.host.failed(error)
    expect(failure).toBe(error)
    expect(pull.isClosed).toBe(true)
    expect(sockets[0].closedWith).toBe(0)
    return expect(pull.bind('x://1')).rejects.toBe(error)
  })

  it('should reject ready with the bind error, and make later sends a SocketClosedError', async () => {
    const { transport } = fakeTransport()
    const push = new PushSocket({ transport, bind: 'x://taken' })
    await expect(push.ready).rejects.toMatchObject({ code: 'EADDRINUSE' })
    await expect(push.send('x')).rejects.toBeInstanceOf(SocketClosedError)
  })

  it('should close with the socket linger on complete() once the queue is empty', () => {
    const { transport, sockets } = fakeTransport()
    const push = new PushSocket({ transport, linger: 250 })
    sockets[0].takes = false
    push.next('1')
    push.next('2')
    push.complete()
    expect(sockets[0].closedWith).toBeUndefined()
    sockets[0].takes = true
    sockets[0].take()
    expect(sockets[0].sent).toEqual(['1', '2'])
    expect(sockets[0].closedWith).toBe(250)
  })
})
