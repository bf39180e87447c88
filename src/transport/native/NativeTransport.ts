import type { Socket as ZmqSocket } from 'zeromq'
import { HandshakeError } from '../../errors/HandshakeError'
import { SocketClosedError } from '../../errors/SocketClosedError'
import { ZmqError } from '../../errors/ZmqError'
import type { SocketEvent } from '../../events'
import { checkEndpoint } from './endpoint'
import { toZmqError } from '../../internal/toZmqError'
import type { SocketType } from '../SocketType'
import type {
  Bytes,
  OpenSpec,
  OutgoingFrame,
  ReceiveMeta,
  Transport,
  TransportHost,
  TransportSocket,
} from '../Transport'
import { createDraft } from './draft'
import { applyOptions, readOption } from './options'
import { zmq } from './zeromq'

/** A zeromq.js socket as the loops use it (the draft classes add options to send/receive). */
type NativeSocket = ZmqSocket & {
  send(message: unknown, options?: object): Promise<void>
  receive(): Promise<unknown[]>
  readonly receiveTimeout?: number
  subscribe?(...topics: (string | Uint8Array)[]): void
  unsubscribe?(...topics: (string | Uint8Array)[]): void
  join?(...groups: (string | Uint8Array)[]): void
  leave?(...groups: (string | Uint8Array)[]): void
  connect(endpoint: string, options?: object): void
}

const CLASSES: Partial<Record<SocketType, () => NativeSocket>> = {
  PAIR: () => new zmq.Pair() as unknown as NativeSocket,
  PUB: () => new zmq.Publisher() as unknown as NativeSocket,
  SUB: () => new zmq.Subscriber() as unknown as NativeSocket,
  REQ: () => new zmq.Request() as unknown as NativeSocket,
  REP: () => new zmq.Reply() as unknown as NativeSocket,
  DEALER: () => new zmq.Dealer() as unknown as NativeSocket,
  ROUTER: () => new zmq.Router() as unknown as NativeSocket,
  PULL: () => new zmq.Pull() as unknown as NativeSocket,
  PUSH: () => new zmq.Push() as unknown as NativeSocket,
  XPUB: () => new zmq.XPublisher() as unknown as NativeSocket,
  XSUB: () => new zmq.XSubscriber() as unknown as NativeSocket,
  STREAM: () => new zmq.Stream() as unknown as NativeSocket,
  SERVER: () => createDraft('Server') as unknown as NativeSocket,
  CLIENT: () => createDraft('Client') as unknown as NativeSocket,
  RADIO: () => createDraft('Radio') as unknown as NativeSocket,
  DISH: () => createDraft('Dish') as unknown as NativeSocket,
  GATHER: () => createDraft('Gather') as unknown as NativeSocket,
  SCATTER: () => createDraft('Scatter') as unknown as NativeSocket,
}

/**
 * The native transport: sockets of zeromq.js (libzmq 4.3.5 inside the npm package), which does
 * the pattern semantics, every transport libzmq has (tcp, ipc, inproc, ws, udp), CURVE, PLAIN
 * and ZAP. The default on Node.
 *
 * It owns zeromq.js's traps: one `send()` and one `receive()` in flight; binds with `bindSync`
 * (an async bind runs on a worker thread that can race a pending receive); a message received
 * while delivery is paused is kept for `resume()`; options are set one by one after the
 * constructor (a bad option given to zeromq.js's constructor segfaults the process at exit).
 */
export const nativeTransport: Transport = {
  name: 'native',
  open(spec: OpenSpec): TransportSocket {
    const make = CLASSES[spec.type]
    if (make === undefined) {
      throw new ZmqError(`${spec.name}: the native transport has no ${spec.type} socket`, {
        code: 'EPROTONOSUPPORT',
        socketType: spec.name,
      })
    }
    return new NativeTransportSocket(make(), spec)
  },
}

class NativeTransportSocket implements TransportSocket {
  private readonly name: string
  private readonly host: TransportHost
  private readonly draftMeta: 'routingId' | 'group' | undefined
  private closed = false
  // receiving
  private delivering = false
  private looping = false
  private stash: { frames: Bytes[]; meta: ReceiveMeta | undefined } | undefined
  // bind/unbind exclusion: zeromq.js refuses send/receive with EBUSY while an unbind runs
  private pendingBinds = 0
  private blocked: Promise<void> | undefined
  private monitoring = false

  constructor(
    /** @internal The zeromq.js socket (tests read its option names). */
    readonly native: NativeSocket,
    spec: OpenSpec,
  ) {
    this.name = spec.name
    this.host = spec.host
    this.draftMeta =
      spec.type === 'SERVER' ? 'routingId' : spec.type === 'DISH' ? 'group' : undefined
    try {
      applyOptions(native, spec.options, spec.name, spec.ownOptions)
    } catch (error) {
      native.close()
      throw error
    }
  }

  bind(endpoint: string): string {
    checkEndpoint(endpoint, this.name, 'bind')
    const native = this.native
    try {
      // bindSync, not bind: zeromq.js runs bind() on a worker thread while a pending receive or
      // send may touch the same libzmq socket from the main thread (libzmq is not thread-safe
      // there: it aborted the process on a pipe assertion in such a race).
      native.bindSync(endpoint)
    } catch (error) {
      throw toZmqError(error, this.name, 'bind', endpoint)
    }
    const bound = native.lastEndpoint
    return bound !== null && bound.includes('://') ? bound : endpoint
  }

  async unbind(endpoint: string): Promise<void> {
    checkEndpoint(endpoint, this.name, 'bind')
    this.pendingBinds++
    const done = this.native.unbind(endpoint).finally(() => {
      if (--this.pendingBinds === 0) this.blocked = undefined
    })
    this.blocked = done.then(noop, noop)
    try {
      await done
    } catch (error) {
      throw toZmqError(error, this.name, 'unbind', endpoint)
    }
  }

  connect(endpoint: string, options?: Readonly<Record<string, unknown>>): void {
    checkEndpoint(endpoint, this.name, 'connect')
    try {
      if (options === undefined) this.native.connect(endpoint)
      else this.native.connect(endpoint, options)
    } catch (error) {
      throw toZmqError(error, this.name, 'connect', endpoint)
    }
  }

  disconnect(endpoint: string): void {
    checkEndpoint(endpoint, this.name, 'connect')
    try {
      this.native.disconnect(endpoint)
    } catch (error) {
      throw toZmqError(error, this.name, 'disconnect', endpoint)
    }
  }

  send(
    frames: readonly OutgoingFrame[],
    options?: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    // A lone frame costs zeromq.js ~75 ns less than a one-frame array (~10% of a small send).
    const message = frames.length === 1 ? frames[0] : frames
    const native = this.native
    if (this.blocked !== undefined) {
      return this.afterUnbind().then(() =>
        options === undefined ? native.send(message) : native.send(message, options),
      )
    }
    return options === undefined ? native.send(message) : native.send(message, options)
  }

  private async afterUnbind(): Promise<void> {
    while (this.blocked !== undefined) await this.blocked
  }

  resume(): void {
    this.delivering = true
    if (!this.looping) void this.receiveLoop()
  }

  pause(): void {
    this.delivering = false
  }

  private async receiveLoop(): Promise<void> {
    this.looping = true
    const native = this.native
    const host = this.host
    try {
      while (this.delivering && !this.closed) {
        const stashed = this.stash
        if (stashed !== undefined) {
          this.stash = undefined
          host.received(stashed.frames, stashed.meta)
          continue
        }
        let raw: unknown[]
        try {
          if (this.blocked !== undefined) await this.afterUnbind()
          raw = await native.receive()
        } catch (error) {
          if (this.closed || native.closed) return
          // libzmq can report readable and then have nothing to give (a REQ with correlate
          // drops a stale reply): EAGAIN without a receiveTimeout is not an error.
          if ((error as { code?: string }).code === 'EAGAIN' && native.receiveTimeout === -1) {
            continue
          }
          this.closed = true
          host.failed(toZmqError(error, this.name, 'receive'))
          return
        }
        if (this.closed) return
        let frames = raw as Bytes[]
        let meta: ReceiveMeta | undefined
        if (this.draftMeta !== undefined) {
          const [data, extra] = raw as [Bytes, Record<string, unknown>]
          frames = [data]
          meta =
            this.draftMeta === 'routingId'
              ? { routingId: extra.routingId as number }
              : { group: String(extra.group) }
        }
        if (!this.delivering) {
          // Nobody listens any more: keep the message for the next resume().
          this.stash = { frames, meta }
          return
        }
        host.received(frames, meta)
      }
    } finally {
      this.looping = false
    }
  }

  monitor(): void {
    if (this.monitoring) return
    this.monitoring = true
    void this.monitorLoop()
  }

  private async monitorLoop(): Promise<void> {
    try {
      for await (const event of this.native.events) {
        if (this.closed) return
        this.host.event(
          toSocketEvent(event as { type: string } & Record<string, unknown>, this.name),
        )
      }
    } catch {
      // ENOTSOCK when the socket closes under the monitor: the stream simply ends.
    }
  }

  subscribe(topic: Uint8Array): void {
    const native = this.native
    if (native.subscribe !== undefined) native.subscribe(topic)
    else if (native.join !== undefined) native.join(topic)
  }

  unsubscribe(topic: Uint8Array): void {
    const native = this.native
    if (native.closed) return
    if (native.unsubscribe !== undefined) native.unsubscribe(topic)
    else if (native.leave !== undefined) native.leave(topic)
  }

  getOption(name: string): unknown {
    if (this.native.closed) throw new SocketClosedError(this.name, `read option '${name}'`)
    return readOption(this.native, name, this.name)
  }

  setOption(name: string, value: unknown): void {
    applyOptions(this.native, { [name]: value }, this.name)
  }

  close(linger: number): void {
    if (this.closed && this.native.closed) return
    this.closed = true
    const native = this.native
    if (native.closed) return
    try {
      if (native.linger !== linger) native.linger = linger
    } catch {
      // the option cannot fail on an open socket; closing matters more
    }
    native.close()
  }
}

/**
 * A zeromq.js monitor event as rxzmq reports it: the same `type` and `address`, and any `error`
 * made a ZmqError (zeromq.js gives plain Errors there: `Authentication failure`, status 400).
 */
function toSocketEvent(
  event: { type: string } & Record<string, unknown>,
  socketType: string,
): SocketEvent {
  const error = event.error
  if (error === undefined || error instanceof ZmqError) return event as unknown as SocketEvent
  const native = error as { code?: string; errno?: number; status?: number; message?: string }
  const address = event.address as string | undefined
  const typed = event.type.startsWith('handshake:error')
    ? new HandshakeError(
        native.status !== undefined
          ? `${socketType}: the peer at ${address ?? '?'} refused the handshake: ${native.message ?? 'authentication failure'} (ZAP status ${native.status})`
          : `${socketType}: handshake with ${address ?? '?'} failed: ${native.message ?? String(error)} (${native.code ?? 'unknown'})`,
        {
          code: native.code ?? (native.status !== undefined ? 'EACCES' : 'EPROTO'),
          errno: native.errno,
          endpoint: address,
          socketType,
          cause: error,
          status: native.status,
        },
      )
    : toZmqError(error, socketType, event.type, address)
  return { ...event, error: typed } as unknown as SocketEvent
}

function noop(): void {}
