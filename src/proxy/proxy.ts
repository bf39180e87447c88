import { Observable, type OperatorFunction, type Subscriber, type Subscription } from 'rxjs'
import type { Socket as ZmqSocket } from 'zeromq'
import { CORE } from '../core/members'
import { InvalidOptionError } from '../errors/InvalidOptionError'
import { SocketClosedError } from '../errors/SocketClosedError'
import { ZmqError } from '../errors/ZmqError'
import { toFrames } from '../internal/toFrames'
import { toZmqError } from '../internal/toZmqError'
import type { Frame, Message, MessageLike } from '../message'
import type { DuplexSocket } from '../sockets/DuplexSocket'
import type { ReceiverSocket } from '../sockets/ReceiverSocket'
import type { SenderSocket } from '../sockets/SenderSocket'
import { zmq } from '../transport/native/zeromq'
import { nativeSocketOf } from './nativeSocketOf'
import type {
  ProxyCommand,
  ProxyEvent,
  ProxyMode,
  ProxySide,
  ProxySideStatistics,
  ProxyStatistics,
} from './ProxyEvent'

/** A socket a {@link proxy} can forward from or to. */
export type ProxySocket =
  ReceiverSocket<Message> | SenderSocket<MessageLike> | DuplexSocket<Message, MessageLike>

/** A socket a {@link proxy} can send a copy of every message to (libzmq's capture socket). */
export type ProxyCaptureSocket = SenderSocket<MessageLike> | DuplexSocket<Message, MessageLike>

/** Options of {@link proxy}. */
export interface ProxyConfig {
  /**
   * Makes the frontend socket, when the proxy is subscribed: an `XSubscriberSocket` (a
   * forwarder), a `RouterSocket` (a broker), a `PullSocket` (a streamer)... The proxy owns it:
   * nothing else may read from it or send on it, and the proxy closes it when it ends.
   */
  frontend: () => ProxySocket
  /** Makes the backend socket: an `XPublisherSocket`, a `DealerSocket`, a `PushSocket`... */
  backend: () => ProxySocket
  /**
   * Everything that crosses, in the order the proxy forwards it: `true` emits each message as a
   * `proxy:capture` event (with the side it came from); a function makes a socket that gets a
   * copy of each message, frames as they are, as libzmq's capture socket does. Either one
   * makes the proxy run in `rx` mode.
   */
  capture?: boolean | (() => ProxyCaptureSocket)
  /**
   * Commands for the running proxy (`PAUSE`, `RESUME`, `TERMINATE`, `STATISTICS`), as on
   * `zmq_proxy_steerable`'s control socket; a `Subject` works. Commands sent before the proxy
   * started are applied once it has.
   */
  control?: Observable<ProxyCommand>
  /**
   * An operator between the frontend and the backend: each message from the frontend goes
   * through it, and what it emits is sent to the backend. Makes the proxy run in `rx` mode.
   */
  toBackend?: OperatorFunction<Message, MessageLike>
  /** An operator between the backend and the frontend (replies, subscriptions...). */
  toFrontend?: OperatorFunction<Message, MessageLike>
  /**
   * Count messages and bytes each way, for `STATISTICS`. Counting needs to see the messages,
   * so it makes the proxy run in `rx` mode (zeromq.js's native proxy has no statistics).
   */
  statistics?: boolean
  /**
   * `'native'`: libzmq's proxy on a worker thread (zeromq.js `Proxy`), the fastest, for sockets
   * on the native transport with no capture, operator or statistics. `'rx'`: forwarding in
   * JavaScript, with all of those. Default `'auto'`: native when it can be.
   */
  mode?: 'auto' | ProxyMode
  /**
   * In `rx` mode, how many messages may wait in the send queue of the socket they go to before
   * the proxy stops reading from the other side until they have left (backpressure: libzmq's
   * high-water marks then push back on the senders). Keep it below the sockets'
   * `sendQueue.limit` (default 1000). Default 500.
   */
  highWater?: number
}

/**
 * A ZeroMQ proxy (`zmq_proxy_steerable`) as a cold Observable: subscribing makes the frontend
 * and backend sockets and forwards every message from each to the other until a `TERMINATE`
 * command (then it completes) or until unsubscribed (then the sockets close at once). It emits
 * {@link ProxyEvent}s: `proxy:start`, the answers to control commands, and the captured
 * messages with `capture: true`.
 *
 * - **Forwarder** (the zguide's weather proxy): `XSubscriberSocket` → `XPublisherSocket`;
 *   subscriptions travel back upstream, so the publisher sends only what someone wants.
 * - **Broker** (request-reply): `RouterSocket` → `DealerSocket`, REQ clients on the frontend,
 *   REP workers on the backend.
 * - **Streamer** (pipeline): `PullSocket` → `PushSocket`.
 *
 * With nothing to see in the messages it runs libzmq's own proxy on a worker thread (`native`
 * mode, several hundred thousand messages a second); capture, statistics or an operator run it
 * in `rx` mode: each side is subscribed and its messages are sent to the other through the
 * sockets' send queues, reading paused while a queue is deep.
 *
 * ```
 * frontend:  --a-----b--------c--      (from the clients or publishers)
 * backend:   --a-----b--------c--      (to the workers or subscribers; replies flow back)
 * control:   ------P-----R---------    (PAUSE: b waits in libzmq until RESUME)
 * ```
 *
 * ## Example
 * ```ts
 * import { proxy, XPublisherSocket, XSubscriberSocket } from 'rxzmq'
 *
 * // the zguide's weather proxy: subscribers of tcp://*:8100 get the updates of tcp://localhost:5556
 * proxy({
 *   frontend: () => new XSubscriberSocket({ connect: 'tcp://localhost:5556' }),
 *   backend: () => new XPublisherSocket({ bind: 'tcp://*:8100' }),
 * }).subscribe({ error: (err) => console.error(err.message) })
 * ```
 *
 * ## Example
 * ```ts
 * import { filter, Subject } from 'rxjs'
 * import { DealerSocket, proxy, RouterSocket, type ProxyCommand } from 'rxzmq'
 *
 * // a request-reply broker that counts and shows what crosses
 * const control = new Subject<ProxyCommand>()
 * proxy({
 *   frontend: () => new RouterSocket({ bind: 'tcp://*:5559' }),
 *   backend: () => new DealerSocket({ bind: 'tcp://*:5560' }),
 *   capture: true,
 *   statistics: true,
 *   control,
 * })
 *   .pipe(filter((event) => event.type === 'proxy:capture' || event.type === 'proxy:statistics'))
 *   .subscribe((event) => console.log(event))
 * setInterval(() => control.next('STATISTICS'), 1000)
 * ```
 * @see {@link ProxyEvent} for what the Observable emits
 */
export function proxy(config: ProxyConfig): Observable<ProxyEvent> {
  checkConfig(config)
  return new Observable<ProxyEvent>((subscriber) => {
    const run = new ProxyRun(config, subscriber)
    run.start()
    return () => run.dispose()
  })
}

function checkConfig(config: ProxyConfig): void {
  if (typeof config !== 'object' || config === null) {
    throw new InvalidOptionError('proxy: expected a config { frontend, backend, ... }', {
      option: 'config',
    })
  }
  for (const side of ['frontend', 'backend'] as const) {
    if (typeof config[side] !== 'function') {
      throw new InvalidOptionError(
        `proxy: option '${side}' must be a function that makes the socket, e.g. () => new RouterSocket({ bind: 'tcp://*:5559' })`,
        { option: side },
      )
    }
  }
  const { capture, mode, highWater } = config
  if (capture !== undefined && typeof capture !== 'boolean' && typeof capture !== 'function') {
    throw new InvalidOptionError(
      `proxy: option 'capture' must be true or a function that makes the capture socket`,
      { option: 'capture' },
    )
  }
  if (mode !== undefined && mode !== 'auto' && mode !== 'native' && mode !== 'rx') {
    throw new InvalidOptionError(
      `proxy: option 'mode' must be 'auto', 'native' or 'rx', got ${JSON.stringify(mode)}`,
      { option: 'mode' },
    )
  }
  if (highWater !== undefined && !(Number.isInteger(highWater) && highWater >= 1)) {
    throw new InvalidOptionError(
      `proxy: option 'highWater' must be an integer >= 1, got ${String(highWater)}`,
      { option: 'highWater' },
    )
  }
  for (const name of ['toBackend', 'toFrontend'] as const) {
    if (config[name] !== undefined && typeof config[name] !== 'function') {
      throw new InvalidOptionError(`proxy: option '${name}' must be an RxJS operator`, {
        option: name,
      })
    }
  }
}

/** What the proxy does once its sockets are open: native or rx. */
interface Engine {
  command(command: ProxyCommand): void
  /** Stops at once (unsubscribed or failed) and closes the sockets, when it is safe. */
  dispose(): void
}

type Sender = SenderSocket<MessageLike> | DuplexSocket<Message, MessageLike>

/** One subscription of a proxy: its sockets, its engine, its end. */
class ProxyRun {
  front: ProxySocket | undefined
  back: ProxySocket | undefined
  captureSocket: ProxyCaptureSocket | undefined
  ended = false
  private engine: Engine | undefined
  private control: Subscription | undefined
  private early: ProxyCommand[] | undefined = []

  constructor(
    readonly config: ProxyConfig,
    private readonly subscriber: Subscriber<ProxyEvent>,
  ) {}

  get sockets(): ProxySocket[] {
    return [this.front, this.back, this.captureSocket].filter(
      (s): s is ProxySocket => s !== undefined,
    )
  }

  start(): void {
    try {
      this.front = make(this.config.frontend, 'frontend')
      this.back = make(this.config.backend, 'backend')
      const capture = this.config.capture
      if (typeof capture === 'function') this.captureSocket = make(capture, 'capture') as Sender
    } catch (error) {
      this.fail(error)
      return
    }
    if (this.config.control !== undefined) {
      this.control = this.config.control.subscribe({
        next: (command) => this.command(command),
        error: (error: unknown) => this.fail(error),
      })
    }
    if (this.ended) return
    Promise.all(this.sockets.map((socket) => socket.ready)).then(
      () => this.begin(),
      (error: unknown) => this.fail(error),
    )
  }

  private begin(): void {
    if (this.ended) return
    try {
      const mode = this.chooseMode()
      this.engine =
        mode === 'native'
          ? new NativeEngine(this, this.front!, this.back!)
          : new RxEngine(this, this.front!, this.back!)
      this.emit({ type: 'proxy:start', mode })
    } catch (error) {
      this.fail(error)
      return
    }
    const early = this.early ?? []
    this.early = undefined
    for (const command of early) this.command(command)
  }

  private chooseMode(): ProxyMode {
    const { capture, toBackend, toFrontend, statistics, mode = 'auto' } = this.config
    const needs = [
      capture !== undefined && capture !== false ? 'capture' : undefined,
      toBackend !== undefined ? 'toBackend' : undefined,
      toFrontend !== undefined ? 'toFrontend' : undefined,
      statistics === true ? 'statistics' : undefined,
    ].filter((n): n is string => n !== undefined)
    const native =
      nativeSocketOf(this.front!) !== undefined && nativeSocketOf(this.back!) !== undefined
    if (mode === 'rx') return 'rx'
    if (mode === 'native') {
      if (needs.length > 0) {
        throw new InvalidOptionError(
          `proxy: mode 'native' cannot do ${needs.join(', ')}: libzmq's proxy forwards without showing the messages (use mode 'rx' or 'auto')`,
          { option: 'mode' },
        )
      }
      if (!native) {
        throw new InvalidOptionError(
          `proxy: mode 'native' needs both sockets on the native transport (zeromq.js)`,
          { option: 'mode' },
        )
      }
      return 'native'
    }
    return needs.length === 0 && native ? 'native' : 'rx'
  }

  command(command: ProxyCommand): void {
    if (this.ended) return
    if (this.engine === undefined) {
      this.early?.push(command)
      return
    }
    if (!['PAUSE', 'RESUME', 'TERMINATE', 'STATISTICS'].includes(command)) {
      this.emit({
        type: 'control:error',
        command: String(command),
        error: new ZmqError(
          `proxy: unknown command ${JSON.stringify(command)}: expected PAUSE, RESUME, TERMINATE or STATISTICS`,
          { code: 'EINVAL' },
        ),
      })
      return
    }
    this.engine.command(command)
  }

  emit(event: ProxyEvent): void {
    if (!this.ended) this.subscriber.next(event)
  }

  /** The proxy ended on TERMINATE: its sockets are closed. */
  finished(): void {
    if (this.ended) return
    this.ended = true
    this.control?.unsubscribe()
    this.subscriber.complete()
  }

  fail(error: unknown): void {
    if (this.ended) return
    this.ended = true
    this.control?.unsubscribe()
    this.stop()
    this.subscriber.error(error instanceof ZmqError ? error : toZmqError(error, 'proxy', 'run'))
  }

  /** Unsubscribed: stop and close everything now. */
  dispose(): void {
    if (this.ended) {
      this.control?.unsubscribe()
      return
    }
    this.ended = true
    this.control?.unsubscribe()
    this.stop()
  }

  private stop(): void {
    if (this.engine !== undefined) this.engine.dispose()
    else this.closeSockets()
  }

  closeSockets(): void {
    for (const socket of this.sockets) socket.close()
  }
}

function make<T extends ProxySocket>(factory: () => T, side: string): T {
  const socket = factory()
  if (typeof socket !== 'object' || socket === null || !(CORE in socket)) {
    throw new InvalidOptionError(
      `proxy: option '${side}' must return an rxzmq socket (new RouterSocket(...)...)`,
      { option: side },
    )
  }
  return socket
}

// ------------------------------------------------------------------ native

/**
 * libzmq 4.3.5 (the one inside zeromq.js 6.8) swapped PAUSE and RESUME in
 * `zmq_proxy_steerable`: "PAUSE" makes it forward and "RESUME" makes it stop (fixed after 4.3.5,
 * libzmq commit f8b3cc81). The native engine sends the other command on that version.
 */
const LIBZMQ_4_3_5 = zmq.version === '4.3.5'
const SWAPPED_PAUSE = LIBZMQ_4_3_5

/**
 * libzmq 4.3.5 also answers every command on the control socket, and zeromq.js never reads the
 * answers: once some 2000 of them fill the pipe, the proxy thread blocks on the next one and
 * never ends. PAUSE/RESUME are refused past this many, so that TERMINATE still gets through.
 */
const NATIVE_COMMAND_LIMIT = LIBZMQ_4_3_5 ? 1000 : Infinity

/**
 * libzmq's `zmq_proxy_steerable` through zeromq.js's `Proxy`: it runs on a worker thread and
 * closes both sockets when it ends. The rxzmq sockets around them are closed once it has.
 */
class NativeEngine implements Engine {
  private readonly proxy: InstanceType<typeof zmq.Proxy>
  private readonly running: Promise<void>
  private done = false
  private commands = 0

  constructor(
    private readonly run: ProxyRun,
    front: ProxySocket,
    back: ProxySocket,
  ) {
    this.proxy = new zmq.Proxy(
      nativeSocketOf(front) as ZmqSocket,
      nativeSocketOf(back) as ZmqSocket,
    )
    this.running = this.proxy.run()
    this.running.then(
      () => {
        this.done = true
        run.closeSockets()
        run.finished()
      },
      (error: unknown) => {
        this.done = true
        run.closeSockets()
        run.fail(toZmqError(error, 'proxy', 'run'))
      },
    )
  }

  command(command: ProxyCommand): void {
    if (command === 'STATISTICS') {
      this.run.emit({
        type: 'control:error',
        command,
        error: new ZmqError(
          `proxy: no statistics in native mode (zeromq.js's Proxy does not count): make the proxy with statistics: true`,
          { code: 'ENOTSUP' },
        ),
      })
      return
    }
    if (this.done) return
    if (command !== 'TERMINATE' && ++this.commands > NATIVE_COMMAND_LIMIT) {
      this.run.emit({
        type: 'control:error',
        command,
        error: new ZmqError(
          `proxy: no more than ${NATIVE_COMMAND_LIMIT} PAUSE/RESUME commands in native mode (libzmq 4.3.5 answers each one on a socket nobody reads); use mode 'rx'`,
          { code: 'ENOTSUP' },
        ),
      })
      return
    }
    try {
      if (command === 'TERMINATE') this.proxy.terminate()
      else if ((command === 'PAUSE') !== SWAPPED_PAUSE) this.proxy.pause()
      else this.proxy.resume()
    } catch (error) {
      this.run.emit({ type: 'control:error', command, error: toZmqError(error, 'proxy', command) })
      return
    }
    if (command === 'PAUSE') this.run.emit({ type: 'proxy:pause' })
    else if (command === 'RESUME') this.run.emit({ type: 'proxy:resume' })
  }

  dispose(): void {
    if (this.done) return
    try {
      this.proxy.terminate()
    } catch {
      // it has ended meanwhile
    }
    // The proxy thread owns the sockets until run() settles: close the rxzmq sockets then.
    this.running.then(
      () => this.run.closeSockets(),
      () => this.run.closeSockets(),
    )
  }
}

// ------------------------------------------------------------------ rx

interface Counters {
  messagesIn: number
  framesIn: number
  bytesIn: number
  messagesOut: number
  framesOut: number
  bytesOut: number
}

const zero = (): Counters => ({
  messagesIn: 0,
  framesIn: 0,
  bytesIn: 0,
  messagesOut: 0,
  framesOut: 0,
  bytesOut: 0,
})
const copy = (c: Counters): ProxySideStatistics => ({ ...c })

/** Forwarding in JavaScript: each side subscribed, its messages sent to the other. */
class RxEngine implements Engine {
  readonly counters: Record<ProxySide, Counters> = { frontend: zero(), backend: zero() }
  readonly highWater: number
  readonly captureEvents: boolean
  paused = false
  stopped = false
  private readonly directions: Direction[] = []

  constructor(
    readonly run: ProxyRun,
    front: ProxySocket,
    back: ProxySocket,
  ) {
    const config = run.config
    this.highWater = config.highWater ?? 500
    this.captureEvents = config.capture === true
    const frontReceives = isReceiver(front)
    const backReceives = isReceiver(back)
    if (frontReceives && isSender(back)) {
      this.directions.push(new Direction(this, 'frontend', front, back, config.toBackend))
    } else if (config.toBackend !== undefined) {
      throw new InvalidOptionError(
        `proxy: option 'toBackend' given, but nothing goes from the frontend (${front.socketType}) to the backend (${back.socketType})`,
        { option: 'toBackend' },
      )
    }
    if (backReceives && isSender(front)) {
      this.directions.push(new Direction(this, 'backend', back, front, config.toFrontend))
    } else if (config.toFrontend !== undefined) {
      throw new InvalidOptionError(
        `proxy: option 'toFrontend' given, but nothing goes from the backend (${back.socketType}) to the frontend (${front.socketType})`,
        { option: 'toFrontend' },
      )
    }
    if (this.directions.length === 0) {
      throw new InvalidOptionError(
        `proxy: a ${front.socketType} frontend and a ${back.socketType} backend cannot forward to each other (one must receive what the other sends)`,
        { option: 'frontend' },
      )
    }
    for (const socket of run.sockets) {
      void socket.closed.then(() => {
        if (!this.stopped && !run.ended) run.fail(closedReason(socket))
      })
    }
    for (const direction of this.directions) direction.start()
  }

  command(command: ProxyCommand): void {
    if (this.stopped) return
    switch (command) {
      case 'PAUSE':
        this.paused = true
        for (const direction of this.directions) direction.shut()
        this.run.emit({ type: 'proxy:pause' })
        break
      case 'RESUME':
        this.paused = false
        this.run.emit({ type: 'proxy:resume' })
        for (const direction of this.directions) direction.open()
        break
      case 'STATISTICS':
        this.run.emit({
          type: 'proxy:statistics',
          statistics: this.statistics(),
        })
        break
      case 'TERMINATE':
        this.terminate()
        break
    }
  }

  statistics(): ProxyStatistics {
    return { frontend: copy(this.counters.frontend), backend: copy(this.counters.backend) }
  }

  /** Stops reading, lets the send queues drain (within each socket's linger), then completes. */
  private terminate(): void {
    this.stopped = true
    for (const direction of this.directions) direction.stop()
    const sockets = this.run.sockets
    for (const socket of sockets) {
      if (isSender(socket)) socket.complete()
      else socket.close()
    }
    void Promise.all(sockets.map((socket) => socket.closed)).then(() => this.run.finished())
  }

  dispose(): void {
    this.stopped = true
    for (const direction of this.directions) direction.stop()
    this.run.closeSockets()
  }
}

/** One way through an rx proxy: from one socket to the other (and the capture socket). */
class Direction {
  private inner: Subscription | undefined
  private pipeline: Subscription | undefined
  private downstream: Subscriber<Message> | undefined
  /** Sends awaited before reading on (the target's queue was at the high-water mark). */
  private pending = 0
  private readonly to: ProxySide
  private readonly inCounters: Counters
  private readonly outCounters: Counters

  constructor(
    private readonly engine: RxEngine,
    private readonly from: ProxySide,
    private readonly source: ReceiverSocket<Message>,
    private readonly target: Sender,
    private readonly operator: OperatorFunction<Message, MessageLike> | undefined,
  ) {
    this.to = from === 'frontend' ? 'backend' : 'frontend'
    this.inCounters = engine.counters[from]
    this.outCounters = engine.counters[this.to]
  }

  start(): void {
    if (this.operator === undefined) {
      this.open()
      return
    }
    const source = new Observable<Message>((subscriber) => {
      this.downstream = subscriber
      this.open()
      return () => {
        this.downstream = undefined
        this.shut()
      }
    })
    this.pipeline = source.pipe(this.operator).subscribe({
      next: (message) => this.deliver(message, true),
      error: (error: unknown) => this.engine.run.fail(error),
      complete: () => {
        if (!this.engine.stopped) {
          this.engine.run.fail(
            new ZmqError(`proxy: the ${this.from} operator completed: nothing more can cross`, {
              code: 'ERR_PROXY_OPERATOR_COMPLETED',
            }),
          )
        }
      },
    })
  }

  private get canRead(): boolean {
    return !this.engine.paused && !this.engine.stopped && this.pending === 0
  }

  /** Reads from the source, unless paused, stopped, or waiting for the target to take some. */
  open(): void {
    if (this.inner !== undefined || !this.canRead) return
    if (this.operator !== undefined && this.downstream === undefined) return
    const subscription = this.source.subscribe({
      next: (message) => this.received(message),
      error: (error: unknown) => this.engine.run.fail(error),
      complete: () => {
        if (!this.engine.stopped) this.engine.run.fail(closedReason(this.source))
      },
    })
    // A message kept from before (read while nobody listened) is delivered during subscribe,
    // which may have blocked this direction already.
    if (this.canRead && !subscription.closed) this.inner = subscription
    else subscription.unsubscribe()
  }

  /** Stops reading (libzmq keeps what arrives, up to its high-water mark). */
  shut(): void {
    const inner = this.inner
    this.inner = undefined
    inner?.unsubscribe()
  }

  stop(): void {
    this.shut()
    this.pipeline?.unsubscribe()
    this.pipeline = undefined
  }

  private received(message: Message): void {
    const counters = this.inCounters
    counters.messagesIn++
    counters.framesIn += message.length
    counters.bytesIn += messageSize(message)
    if (this.downstream !== undefined) this.downstream.next(message)
    else if (this.operator === undefined) this.deliver(message, false)
  }

  private deliver(value: MessageLike, fromOperator: boolean): void {
    if (this.engine.stopped) return
    let message: Message
    if (fromOperator) {
      try {
        message = toBuffers(value)
      } catch (error) {
        this.engine.run.fail(error)
        return
      }
    } else {
      message = value as Message
    }
    const counters = this.outCounters
    counters.messagesOut++
    counters.framesOut += message.length
    counters.bytesOut += messageSize(message)
    let wait = this.put(this.target, message)
    const capture = this.engine.run.captureSocket
    if (capture !== undefined && this.put(capture, message)) wait = true
    if (this.engine.captureEvents) {
      this.engine.run.emit({ type: 'proxy:capture', from: this.from, message })
    }
    if (wait) this.shut()
  }

  /** Queues a message on a socket; true when reading must wait until the socket took it. */
  private put(socket: Sender, message: Message): boolean {
    if (socket.queueDepth + 1 < this.engine.highWater) {
      socket.next(message)
      return false
    }
    this.pending++
    socket.send(message).then(
      () => {
        if (--this.pending === 0) this.open()
      },
      (error: unknown) => {
        if (!this.engine.stopped) this.engine.run.fail(error)
      },
    )
    return true
  }
}

function isReceiver(socket: ProxySocket): socket is ReceiverSocket<Message> {
  return socket instanceof Observable
}

function isSender(socket: ProxySocket): socket is Sender {
  return typeof (socket as { next?: unknown }).next === 'function'
}

/** Why a socket closed under the proxy: its failure, read back from it, or that it closed. */
function closedReason(socket: ProxySocket): ZmqError {
  let reason: ZmqError = new SocketClosedError(socket.socketType, 'forward: it was closed')
  if (isReceiver(socket)) {
    socket
      .subscribe({ error: (error: unknown) => (reason = toZmqError(error, 'proxy', 'forward')) })
      .unsubscribe()
  }
  return reason
}

function frameSize(frame: Frame): number {
  return typeof frame === 'string' ? Buffer.byteLength(frame) : frame.byteLength
}

function messageSize(message: Message): number {
  let size = 0
  for (let i = 0; i < message.length; i++) size += message[i]!.length
  return size
}

/** A message an operator emitted, as the Buffers that will cross. */
function toBuffers(value: MessageLike): Message {
  return toFrames(value, 'proxy').map((frame) => {
    if (Buffer.isBuffer(frame)) return frame
    if (typeof frame === 'string') return Buffer.from(frame, 'utf8')
    if (frame instanceof ArrayBuffer) return Buffer.from(frame)
    return Buffer.from(frame.buffer, frame.byteOffset, frameSize(frame))
  })
}
