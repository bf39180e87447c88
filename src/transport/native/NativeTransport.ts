import type { Socket as ZmqSocket } from 'zeromq'
import { HandshakeError } from '../../errors/HandshakeError'
import { SocketClosedError } from '../../errors/SocketClosedError'
import { InvalidOptionError } from '../../errors/InvalidOptionError'
import { ZmqError } from '../../errors/ZmqError'
import type { SocketEvent } from '../../events'
import { checkEndpoint } from './endpoint'
import { toZmqError } from '../../internal/toZmqError'
import { nativeError } from './nativeError'
import { shownOption } from '../../security/Secret'
import { emitWarning } from '../../internal/platform'
import { INSPECT, inspectAs, type Inspect, type InspectOptions } from '../../internal/inspect'
import type { SocketType } from '../SocketType'
import type {
  Bytes,
  OpenSpec,
  OutgoingFrame,
  ReceiveMeta,
  SendDone,
  Transport,
  TransportHost,
  TransportSocket,
} from '../Transport'
import { createDraft } from './draft'
import { applyOptions, readOption, settableOptions } from './options'
import { zmq } from './zeromq'

/** A zeromq.js socket as the loops use it (the draft classes add options to send/receive). */
type NativeSocket = ZmqSocket & {
  send(message: unknown, options?: object): Promise<void>
  receive(): Promise<unknown[]>
  receiveTimeout: number
  sendTimeout: number
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
 * How long one native receive stays pending, in ms, while the socket has subscribers. A pending
 * zeromq.js receive keeps Node's event loop alive (a libuv poll handle, with no unref and no
 * way to cancel it short of closing the socket), so the receive loop re-arms it at this
 * interval instead of waiting for ever: once the last subscriber has gone, the process can exit
 * within this time. While messages flow it costs nothing (a receive finds one at once); an idle
 * subscribed socket wakes this often.
 */
export const RECEIVE_POLL_MS = 500

/**
 * How often, in ms, the monitor of a socket nobody listens to any more moves to a fresh reader
 * (see `unmonitor`): libzmq stalls the socket's I/O once about 2,000 unread events pile up.
 */
export const MONITOR_REFRESH_MS = 1000

type Observer = InstanceType<typeof zmq.Observer>

/** The monitors of closed sockets libzmq is still delivering for (see `close`): kept from GC. */
const lingering = new Set<Observer>()
/**
 * How many closes are watched at once: each watch holds two more libzmq sockets (the monitor
 * and its reader) for up to the linger, and libzmq has 1023 in all. Beyond it a close is not
 * watched: `closed` resolves at once, and zeromq.js's exit hook waits for what is left.
 */
const MAX_WATCHED_CLOSES = 64

/** The longest pause, in ms, between tries of a mandatory ROUTER's send to a full peer. */
const MANDATORY_RETRY_MAX_MS = 50

/**
 * The native transport: sockets of zeromq.js (libzmq 4.3.5 inside the npm package), which does
 * the pattern semantics, every transport libzmq has (tcp, ipc, inproc, ws, udp), CURVE, PLAIN
 * and ZAP. The default on Node.
 *
 * It owns zeromq.js's traps: one `send()` and one `receive()` in flight; binds with `bindSync`
 * (an async bind runs on a worker thread that can race a pending receive); a message received
 * while delivery is paused is kept for `resume()`; options are set one by one after the
 * constructor (a bad option given to zeromq.js's constructor segfaults the process at exit).
 *
 * ## Example
 * ```ts
 * setDefaultTransport(zmtpTransport())
 * // this one socket on libzmq all the same, for CURVE (or a draft socket type):
 * const req = new RequestSocket({
 *   connect: 'tcp://127.0.0.1:5555',
 *   transport: nativeTransport,
 *   ...curveClient({ serverKey }),
 * })
 * ```
 */
export const nativeTransport: Transport = {
  name: 'native',
  open(spec: OpenSpec): TransportSocket {
    const make = CLASSES[spec.type]
    if (make === undefined) {
      throw new InvalidOptionError(
        `${spec.name}: the native transport has no ${spec.type} socket`,
        {
          code: 'EPROTONOSUPPORT',
          socketType: spec.name,
          option: 'transport',
        },
      )
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
  /** The receiveTimeout the user asked for (-1: none); the native one is the poll interval. */
  private receiveTimeout = -1
  /** When the loop started waiting without a message, under a user receiveTimeout (0: not). */
  private idleSince = 0
  // sending
  /** A ROUTER with ZMQ_ROUTER_MANDATORY (write-only in zeromq.js, so kept here). */
  private mandatory = false
  /** The sendTimeout the user asked for (-1: none). */
  private sendTimeout = -1
  // Unbind exclusion: zeromq.js refuses every call with EBUSY while an unbind runs on its
  // worker thread. `blocked` settles once the unbinds and the operations queued behind them
  // (see inTurn) are done; sends and receives wait for it too.
  private queuedOps = 0
  private blocked: Promise<void> | undefined
  /** The monitor's reader (see monitor/unmonitor); read only while somebody listens. */
  private observer: Observer | undefined
  private monitorRead = false
  private monitorRefresh: ReturnType<typeof setInterval> | undefined

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
      const receiveTimeout = spec.options.receiveTimeout
      if (typeof receiveTimeout === 'number') this.receiveTimeout = receiveTimeout
      this.armReceivePoll()
      this.noteSendOptions(spec.options)
    } catch (error) {
      native.close()
      throw error
    }
  }

  /**
   * Sets the native receiveTimeout to the poll interval (bounded by the user's own timeout),
   * so that no receive stays pending longer: see {@link RECEIVE_POLL_MS}.
   */
  private armReceivePoll(): void {
    if (!settableOptions(this.native).has('receiveTimeout')) return // a socket that only sends
    const asked = this.receiveTimeout
    this.native.receiveTimeout = asked < 0 ? RECEIVE_POLL_MS : Math.min(asked, RECEIVE_POLL_MS)
  }

  /**
   * Runs an operation on the socket's endpoints (or subscriptions) now, or, while an unbind
   * runs, after it and after what was queued before, in call order.
   */
  private inTurn<T>(op: () => T | Promise<T>): Promise<T> {
    const before = this.blocked ?? Promise.resolve()
    this.queuedOps++
    const result = before.then(() => {
      if (this.closed) throw new SocketClosedError(this.name, 'change endpoints')
      return op()
    })
    const done = result.then(noop, noop)
    this.blocked = done
    void done.then(() => {
      if (--this.queuedOps === 0) this.blocked = undefined
    })
    return result
  }

  /**
   * A failure of an operation that had to wait for an unbind, when nobody can be told by a
   * throw any more: the socket fails with it, as with a connect of its config.
   */
  private failLater(operation: string, endpoint?: string): (error: unknown) => void {
    return (error) => {
      if (this.closed || error instanceof SocketClosedError) return
      this.closed = true
      this.host.failed(nativeError(error, this.name, operation, endpoint))
    }
  }

  bind(endpoint: string): string | Promise<string> {
    checkEndpoint(endpoint, this.name, 'bind')
    if (this.blocked !== undefined) return this.inTurn(() => this.bindNow(endpoint))
    return this.bindNow(endpoint)
  }

  private bindNow(endpoint: string): string {
    const native = this.native
    try {
      // bindSync, not bind: zeromq.js runs bind() on a worker thread while a pending receive or
      // send may touch the same libzmq socket from the main thread (libzmq is not thread-safe
      // there: it aborted the process on a pipe assertion in such a race).
      native.bindSync(endpoint)
    } catch (error) {
      throw nativeError(error, this.name, 'bind', endpoint)
    }
    const bound = native.lastEndpoint
    return bound !== null && bound.includes('://') ? bound : endpoint
  }

  async unbind(endpoint: string): Promise<void> {
    checkEndpoint(endpoint, this.name, 'bind')
    try {
      await this.inTurn(() => this.native.unbind(endpoint))
    } catch (error) {
      throw nativeError(error, this.name, 'unbind', endpoint)
    }
  }

  connect(endpoint: string, options?: Readonly<Record<string, unknown>>): void {
    checkEndpoint(endpoint, this.name, 'connect')
    if (this.blocked !== undefined) {
      this.inTurn(() => this.connectNow(endpoint, options)).catch(
        this.failLater('connect', endpoint),
      )
      return
    }
    this.connectNow(endpoint, options)
  }

  private connectNow(endpoint: string, options?: Readonly<Record<string, unknown>>): void {
    try {
      if (options === undefined) this.native.connect(endpoint)
      else this.native.connect(endpoint, options)
    } catch (error) {
      throw nativeError(error, this.name, 'connect', endpoint)
    }
  }

  disconnect(endpoint: string): void {
    checkEndpoint(endpoint, this.name, 'connect')
    if (this.blocked !== undefined) {
      const failed = this.failLater('disconnect', endpoint)
      this.inTurn(() => this.disconnectNow(endpoint)).catch((error: unknown) => {
        // ENOENT: it was not connected, which is what was asked
        if ((error as { code?: string }).code !== 'ENOENT') failed(error)
      })
      return
    }
    this.disconnectNow(endpoint)
  }

  private disconnectNow(endpoint: string): void {
    try {
      this.native.disconnect(endpoint)
    } catch (error) {
      throw nativeError(error, this.name, 'disconnect', endpoint)
    }
  }

  send(
    frames: readonly OutgoingFrame[],
    options: Readonly<Record<string, unknown>> | undefined,
    done: SendDone,
  ): boolean {
    const sent = this.sendPromise(frames, options)
    this.done = done
    sent.then(this.sent, this.notSent)
    return false
  }

  /**
   * The send as zeromq.js answers it, a promise (settled already when the socket was
   * writable): the core hands it on to a `send()` caller instead of a promise of its own.
   */
  sendPromise(
    frames: readonly OutgoingFrame[],
    options: Readonly<Record<string, unknown>> | undefined,
  ): Promise<void> {
    // A lone frame costs zeromq.js ~75 ns less than a one-frame array (~10% of a small send).
    const message = frames.length === 1 ? frames[0] : frames
    const native = this.native
    return this.mandatory
      ? this.sendMandatory(message)
      : this.blocked !== undefined
        ? this.afterUnbind().then(() =>
            options === undefined ? native.send(message) : native.send(message, options),
          )
        : options === undefined
          ? native.send(message)
          : native.send(message, options)
  }

  /**
   * A send that may follow others not yet settled (see TransportSocket.sendNow). zeromq.js
   * completes a send before it returns while the socket is writable (512 in a row, then it
   * defers one to let the event loop turn) and refuses a send while one is pending with an
   * EBUSY thrown at once, sending nothing: that EBUSY is the answer "the previous one is
   * pending", returned as `undefined`. A mandatory ROUTER and a socket under an unbind take
   * their sends one at a time (`sendPromise`).
   */
  sendNow(
    frames: readonly OutgoingFrame[],
    options: Readonly<Record<string, unknown>> | undefined,
  ): Promise<void> | undefined {
    if (this.mandatory || this.blocked !== undefined) return undefined
    const message = frames.length === 1 ? frames[0] : frames
    try {
      return options === undefined ? this.native.send(message) : this.native.send(message, options)
    } catch (error) {
      if ((error as { code?: unknown }).code === 'EBUSY') return undefined
      throw error
    }
  }

  /** The core's callback for the send in flight (one at a time). */
  private done: SendDone | undefined
  private readonly sent = (): void => {
    const done = this.done
    this.done = undefined
    done?.()
  }
  private readonly notSent = (error: unknown): void => {
    const done = this.done
    this.done = undefined
    done?.(toZmqError(error, this.name, 'send'))
  }

  private async afterUnbind(): Promise<void> {
    while (this.blocked !== undefined) await this.blocked
  }

  /** Keeps what the send path needs of the options: a ROUTER's `mandatory`, `sendTimeout`. */
  private noteSendOptions(options: Readonly<Record<string, unknown>>): void {
    if (typeof options.sendTimeout === 'number') this.sendTimeout = options.sendTimeout
    if (typeof options.mandatory === 'boolean' && this.native instanceof zmq.Router) {
      this.mandatory = options.mandatory
    }
  }

  /**
   * A send on a ROUTER with `mandatory`. zeromq.js tries a send only once the socket is
   * writable, and a mandatory ROUTER is not while no peer has room (no peer at all, say): a
   * send to an unknown peer then stayed pending for ever, and everything queued behind it.
   * libzmq itself answers at once: EHOSTUNREACH for a peer it does not know, EAGAIN for one at
   * its high-water mark. So the send is tried at once (sendTimeout 0 for that one call), and
   * after EAGAIN tried again as the peer makes room, as a blocking zmq_send would, until the
   * user's sendTimeout (if any) has passed.
   */
  private async sendMandatory(message: unknown): Promise<void> {
    const native = this.native
    let waited = 0
    for (let pause = 1; ; pause = Math.min(pause * 2, MANDATORY_RETRY_MAX_MS)) {
      if (this.blocked !== undefined) await this.afterUnbind()
      try {
        if (native.writable) {
          await native.send(message)
        } else {
          native.sendTimeout = 0
          let sent: Promise<void>
          try {
            sent = native.send(message)
          } finally {
            native.sendTimeout = this.sendTimeout
          }
          await sent
        }
        return
      } catch (error) {
        const limit = this.sendTimeout
        if ((error as { code?: string }).code !== 'EAGAIN' || this.closed) throw error
        if (limit >= 0 && waited >= limit) throw error
        const ms = limit >= 0 ? Math.min(pause, limit - waited) : pause
        await new Promise((resolve) => setTimeout(resolve, ms))
        waited += ms
      }
    }
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
          // EAGAIN: the poll interval passed with no message (the loop goes round, or stops if
          // nobody listens any more), or libzmq reported readable and then had nothing to give
          // (a REQ with correlate drops a stale reply). Only a user's receiveTimeout that ran
          // out while somebody listens is an error.
          const code = (error as { code?: string }).code
          if (code === 'EAGAIN' && !this.receiveTimedOut()) continue
          // EFSM: the poll interval passed on a REQ or REP whose turn is to send (zeromq.js
          // tries the receive once the timeout is up): not a failure, the reply is coming.
          if (code === 'EFSM') continue
          this.closed = true
          host.failed(toZmqError(error, this.name, 'receive'))
          return
        }
        this.idleSince = 0
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

  /** After an EAGAIN: true when the user's receiveTimeout ran out while somebody listens. */
  private receiveTimedOut(): boolean {
    const asked = this.receiveTimeout
    if (asked < 0 || !this.delivering) return false
    const now = Date.now()
    if (this.idleSince === 0) this.idleSince = now - Math.min(asked, RECEIVE_POLL_MS)
    return now - this.idleSince >= asked
  }

  /**
   * Starts reading the monitor, from a fresh zeromq.js Observer (libzmq moves the socket's
   * monitor to it, so nothing stale is read). Its pending read keeps Node running until
   * {@link unmonitor}.
   */
  monitor(): void {
    if (this.closed || this.monitorRead) return
    this.monitorRead = true
    this.stopMonitorRefresh()
    this.startMonitor(0)
  }

  /**
   * libzmq may refuse a new monitor for a moment (EADDRINUSE while the one before unbinds): a
   * few tries, a little apart, then a warning that events$ stays silent.
   */
  private startMonitor(tries: number): void {
    if (this.closed || !this.monitorRead) return
    let observer: Observer
    try {
      observer = this.replaceObserver()
    } catch (error) {
      if (tries < 5) {
        setTimeout(() => this.startMonitor(tries + 1), 10 * 2 ** tries)
      } else {
        emitWarning(`${toZmqError(error, this.name, 'monitor').message}: events$ reports nothing`)
      }
      return
    }
    void this.monitorLoop(observer)
  }

  /**
   * Stops reading the monitor, so that no pending read keeps the process alive. libzmq has no
   * way to stop a monitor (zeromq.js does not pass it a null endpoint), and it blocks its I/O
   * thread on an event it cannot hand to a reader: closing the reader would freeze the socket
   * at its next connection event, and a reader nobody reads fills up. So the monitor moves to
   * a fresh reader now, which ends the pending read, and again every
   * {@link MONITOR_REFRESH_MS} while nobody listens, dropping what piled up.
   */
  unmonitor(): void {
    if (this.closed || !this.monitorRead) return
    this.monitorRead = false
    // libzmq may refuse a new monitor for a moment (EADDRINUSE while the old one unbinds):
    // then the refresh below tries again
    this.tryReplaceObserver()
    const refresh = setInterval(() => {
      if (!this.closed && !this.monitorRead) this.tryReplaceObserver()
    }, MONITOR_REFRESH_MS)
    ;(refresh as { unref?(): void }).unref?.()
    this.monitorRefresh = refresh
  }

  private stopMonitorRefresh(): void {
    if (this.monitorRefresh !== undefined) clearInterval(this.monitorRefresh)
    this.monitorRefresh = undefined
  }

  /**
   * Moves the socket's monitor to a new reader and closes the old one, which libzmq no longer
   * writes to (it got the monitor's `end`): a pending read on it ends.
   */
  private tryReplaceObserver(): void {
    try {
      this.replaceObserver()
    } catch {
      // tried again at the next refresh
    }
  }

  private replaceObserver(): Observer {
    const old = this.observer
    const fresh = new zmq.Observer(this.native)
    this.observer = fresh
    if (old !== undefined && !old.closed) old.close()
    return fresh
  }

  private async monitorLoop(observer: Observer): Promise<void> {
    try {
      for await (const event of observer) {
        if (this.closed || this.observer !== observer || !this.monitorRead) return
        this.host.event(
          toSocketEvent(event as { type: string } & Record<string, unknown>, this.name),
        )
      }
    } catch {
      // ENOTSOCK when the socket closes under the monitor: the stream simply ends.
    }
  }

  subscribe(topic: Uint8Array): void {
    if (this.blocked !== undefined) {
      this.inTurn(() => this.subscribeNow(topic)).catch(this.failLater('subscribe'))
      return
    }
    this.subscribeNow(topic)
  }

  private subscribeNow(topic: Uint8Array): void {
    const native = this.native
    if (native.subscribe !== undefined) native.subscribe(topic)
    else if (native.join !== undefined) native.join(topic)
  }

  unsubscribe(topic: Uint8Array): void {
    if (this.native.closed) return
    if (this.blocked !== undefined) {
      this.inTurn(() => this.unsubscribeNow(topic)).catch(this.failLater('unsubscribe'))
      return
    }
    this.unsubscribeNow(topic)
  }

  private unsubscribeNow(topic: Uint8Array): void {
    const native = this.native
    if (native.closed) return
    if (native.unsubscribe !== undefined) native.unsubscribe(topic)
    else if (native.leave !== undefined) native.leave(topic)
  }

  /** `util.inspect`: never zeromq.js's socket, whose getters are not safe to read (see INSPECT). */
  [INSPECT](depth: number, options: InspectOptions, inspect?: Inspect): string {
    const shown = { name: this.name, closed: this.closed, delivering: this.delivering }
    return inspectAs('NativeTransportSocket', shown, depth, options, inspect)
  }

  getOption(name: string): unknown {
    if (this.native.closed) throw new SocketClosedError(this.name, `read option '${name}'`)
    const value = readOption(this.native, name, this.name)
    // the native receiveTimeout is the poll interval; the user's is kept here
    return name === 'receiveTimeout' ? this.receiveTimeout : shownOption(name, value)
  }

  setOption(name: string, value: unknown): void {
    applyOptions(this.native, { [name]: value }, this.name)
    this.noteSendOptions({ [name]: value })
    if (name === 'receiveTimeout') {
      this.receiveTimeout = value as number
      this.armReceivePoll()
    }
  }

  /**
   * Closes the socket. With a linger other than 0, libzmq keeps delivering what it holds after
   * the close, and the returned promise settles once it is done: `true` when it finished before
   * the linger ran out, `false` when it held the socket until then (what was left is dropped).
   * Meanwhile the monitor's pending read keeps Node running, so that libzmq lingers while the
   * process runs, not in zeromq.js's exit hook (which blocks the exit and prints "Waiting for
   * queued ZeroMQ messages to be delivered. Set 'context.blocky = false'...").
   */
  close(linger: number): Promise<boolean> | undefined {
    if (this.closed && this.native.closed) return undefined
    this.closed = true
    // The monitor's reader is left as it is: libzmq ends its monitor when the socket is gone,
    // and must be able to hand the reader that last event.
    this.stopMonitorRefresh()
    const native = this.native
    if (native.closed) return undefined
    try {
      if (native.linger !== linger) native.linger = linger
    } catch {
      // the option cannot fail on an open socket; closing matters more
    }
    const watched = linger === 0 ? undefined : this.watchLinger(linger)
    native.close()
    return watched
  }

  /**
   * libzmq destroys a closed socket once it has delivered what it held or the linger ran out,
   * and its monitor then ends: the monitor moves to a reader of its own, read until that end.
   */
  private watchLinger(linger: number): Promise<boolean> | undefined {
    if (lingering.size >= MAX_WATCHED_CLOSES) return undefined
    let observer: Observer
    try {
      observer = this.replaceObserver()
    } catch {
      return undefined // no monitor to be had (out of file descriptors?): not watched
    }
    lingering.add(observer)
    const started = Date.now()
    return (async () => {
      try {
        for await (const event of observer) {
          if ((event as { type?: string } | undefined)?.type === 'end') break
        }
      } catch {
        // the monitor ended with the socket
      } finally {
        lingering.delete(observer)
        if (!observer.closed) observer.close()
      }
      return linger < 0 || Date.now() - started < linger
    })()
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
          : // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a native error without a message: say what it is
            `${socketType}: handshake with ${address ?? '?'} failed: ${native.message ?? String(error)} (${native.code ?? 'unknown'})`,
        {
          code: native.code ?? (native.status !== undefined ? 'EACCES' : 'EPROTO'),
          errno: native.errno,
          endpoint: address,
          socketType,
          cause: error,
          status: native.status,
        },
      )
    : nativeError(error, socketType, event.type, address)
  return { ...event, error: typed } as unknown as SocketEvent
}

function noop(): void {}
