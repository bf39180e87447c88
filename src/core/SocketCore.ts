import { Observable, Subject, type Subscriber as RxSubscriber } from 'rxjs'
import { InvalidEndpointError } from '../errors/InvalidEndpointError'
import { InvalidFrameError } from '../errors/InvalidFrameError'
import { InvalidOptionError } from '../errors/InvalidOptionError'
import { QueueFullError } from '../errors/QueueFullError'
import { SocketClosedError } from '../errors/SocketClosedError'
import { SocketStateError } from '../errors/SocketStateError'
import { ZmqError } from '../errors/ZmqError'
import type { OverflowPolicy, SocketEvent } from '../events'
import { Deque } from '../internal/Deque'
import { didYouMean } from '../internal/suggest'
import { toZmqError } from '../internal/toZmqError'
import type { SocketType } from '../transport/SocketType'
import type {
  Bytes,
  OpenSpec,
  OutgoingFrame,
  ReceiveMeta,
  Transport,
  TransportHost,
  TransportSocket,
} from '../transport/Transport'
import { defaultTransport } from './defaultTransport'
import { describeValue } from './describeValue'
import { readConfig, readProperty } from './readConfig'
import { revealSecrets } from '../security/Secret'

/** rxzmq's own settings, common to every socket. */
export interface BaseSocketConfig {
  /** Endpoints to bind, e.g. `'tcp://*:5555'` or `['tcp://127.0.0.1:*', 'ipc:///tmp/x']`. */
  bind?: string | readonly string[]
  /** Endpoints to connect to, e.g. `'tcp://localhost:5555'`. */
  connect?: string | readonly string[]
  /**
   * The send queue between `next()`/`send()` and libzmq. `limit` (default 1000) bounds it,
   * `overflow` says what happens at the limit: default `'error'`, but `'drop-newest'` for
   * Publisher, XPublisher and Radio, which drop at their high-water mark anyway.
   */
  sendQueue?: { limit?: number; overflow?: OverflowPolicy }
  /**
   * Start the monitor before the binds and connects given here, and keep its events (up to
   * 1000) for the first `events$` subscriber, so the first connection's events are not missed.
   * Without it the monitor starts with the first `events$` subscription. A monitored socket
   * keeps the process alive until it is closed.
   */
  monitor?: boolean
  /**
   * ZMQ_LINGER: how long `complete()` lets libzmq keep delivering after the socket closes,
   * in ms. rxzmq's default is 1000 (zeromq.js's is -1, which can hang the process at exit).
   * `error()` and `close()` always close with 0.
   */
  linger?: number
  /**
   * What carries the socket's messages. Default: the native transport (zeromq.js over libzmq)
   * when rxzmq is imported on Node, the WebSocket transport from `rxzmq/web`. A
   * `VirtualNetwork` from `rxzmq/testing` runs the same socket in memory under a scheduler.
   */
  transport?: Transport
}

/** What a socket type adds to the common machinery. */
export interface SocketBehaviour<In, Out> {
  /** The ZeroMQ socket type. */
  readonly type: SocketType
  /** The class name, for messages: `PublisherSocket`, `RequestSocket`... */
  readonly name: string
  /** Turns a received message into the value subscribers get. Default: the frames. */
  decode?(frames: Bytes[], meta: ReceiveMeta | undefined): In
  /** Turns a value given to `next()`/`send()` into what the transport sends; throws if invalid. */
  encode(value: Out): SendArgs
  /**
   * Called right before a message goes to libzmq: throws a SocketStateError when the pattern
   * forbids sending now (REQ, REP), else records that a send is under way. (Recording it here,
   * not after the send resolved, matters: a reply can arrive before that continuation runs.)
   */
  beforeSend?(): void
  /** Called when libzmq refused a message that `beforeSend` let through. */
  sendRejected?(): void
  /** Called once libzmq queued a message. */
  afterSend?(): void
  /** The overflow policy when the config names none. Default `'error'`. */
  readonly defaultOverflow?: OverflowPolicy
  /** Called with each message as it is delivered to subscribers. */
  afterReceive?(value: In): void
  /** Called once the transport socket exists, before the binds and connects (and on reopen). */
  setup?(socket: TransportSocket): void
  /** Called with each connection event once the monitor runs (see `watchConnections`). */
  onEvent?(event: SocketEvent): void
  /**
   * The options the socket class takes out of the config before the core sees it (`topics`,
   * `retries`...), so that a mistyped name can be told which one was meant.
   */
  readonly options?: readonly string[]
}

/** What one message becomes for the transport: its frames, and a draft socket's options. */
export interface SendArgs {
  readonly frames: readonly OutgoingFrame[]
  readonly options?: Readonly<Record<string, unknown>>
}

interface QueueItem {
  args: SendArgs
  resolve?: () => void
  reject?: (error: ZmqError) => void
}

type State = 'open' | 'closing' | 'closed'

const DEFAULT_QUEUE_LIMIT = 1000
const DEFAULT_LINGER = 1000
const OVERFLOW_POLICIES: readonly OverflowPolicy[] = ['error', 'drop-newest', 'drop-oldest']
/** The options every socket takes besides its transport's (those of {@link BaseSocketConfig}). */
const OWN_OPTIONS = ['bind', 'connect', 'sendQueue', 'monitor', 'linger', 'transport'] as const

/**
 * Sockets that are open are kept here: zeromq.js closes an unreferenced socket when it is
 * garbage collected, even with a receive pending (trap 10).
 */
const live = new Set<object>()

/** How many sockets rxzmq holds open right now (for leak checks in tests). */
export function openSocketCount(): number {
  return live.size
}

/**
 * The machinery under every rxzmq socket, whatever its transport: one receive fan-out that
 * lets the transport deliver only while somebody is subscribed, one ordered send loop behind a
 * bounded queue, bind/connect with typed errors, graceful and immediate close, and the
 * connection events and rxzmq's own as one shared stream.
 */
export class SocketCore<In, Out> implements TransportHost {
  readonly type: SocketType
  readonly name: string
  readonly transport: Transport
  socket: TransportSocket | undefined
  private state: State = 'open'
  private failure: ZmqError | undefined
  private readonly behaviour: SocketBehaviour<In, Out>

  // receiving
  private readonly receivedSubject = new Subject<In>()
  private receivers = 0

  // sending
  private readonly queue = new Deque<QueueItem>()
  private readonly queueLimit: number
  private readonly overflow: OverflowPolicy
  private sending = false
  private full = false
  private droppedCount = 0
  private endError: ZmqError | undefined
  private readonly linger: number
  private drainTimer: ReturnType<typeof setTimeout> | undefined

  // opening
  private readonly opening: Promise<void>
  private readyObserved = false
  private failureSeen = false
  private warnedClosed = false

  // events
  private readonly eventSubject = new Subject<SocketEvent>()
  private monitoring = false
  /** Events kept for the first subscriber when `monitor: true` started the monitor early. */
  private backlog: SocketEvent[] | undefined
  private closedResolve!: () => void
  /** Resolves once the transport socket is closed, whatever the reason. */
  readonly closed: Promise<void> = new Promise((resolve) => (this.closedResolve = resolve))

  constructor(behaviour: SocketBehaviour<In, Out>, config: BaseSocketConfig) {
    this.behaviour = behaviour
    this.type = behaviour.type
    this.name = behaviour.name
    // Programming errors (a wrong option name or value, an endpoint that is not one) throw
    // from here; what the host refuses at run time (EADDRINUSE...) goes to the error channel.
    const { bind, connect, sendQueue, linger, monitor, transport, ...options } = readConfig(
      config,
      this.name,
    )
    const checked = this.checkConfig(sendQueue, linger, monitor, transport)
    const binds = toList(bind, 'bind', this.name)
    const connects = toList(connect, 'connect', this.name)
    this.queueLimit = checked.limit ?? DEFAULT_QUEUE_LIMIT
    this.overflow = checked.overflow ?? behaviour.defaultOverflow ?? 'error'
    this.linger = checked.linger ?? DEFAULT_LINGER
    this.transport = checked.transport ?? defaultTransport()
    this.#spec = {
      type: this.type,
      name: this.name,
      options: revealSecrets({ ...options, linger: this.linger }),
      ownOptions: [...OWN_OPTIONS, ...(behaviour.options ?? [])],
      host: this,
    }
    const socket = this.transport.open(this.#spec)
    this.socket = socket
    live.add(this)
    // Opening is synchronous where the transport's binds are (native binds use bindSync): once
    // the constructor returns, the socket is bound and connecting, or failed.
    let binding: Promise<unknown>[] | undefined
    try {
      behaviour.setup?.(socket)
      if (monitor === true) {
        this.backlog = []
        this.startMonitor()
      }
      for (const endpoint of binds) {
        const bound = this.bindOn(socket, endpoint)
        if (bound instanceof Promise) (binding ??= []).push(bound)
      }
      for (const endpoint of connects) this.connect(endpoint)
    } catch (error) {
      if (isProgrammingError(error)) {
        this.shutdown(0)
        throw error
      }
      this.opening = this.openFailed(error)
      return
    }
    this.opening =
      binding === undefined
        ? Promise.resolve()
        : Promise.all(binding).then(
            () => undefined,
            (error: unknown) => this.openFailed(error),
          )
  }

  private openFailed(error: unknown): Promise<never> {
    const err = toZmqError(error, this.name, 'open')
    this.fail(err)
    const opening = Promise.reject(err)
    opening.catch(noop)
    return opening
  }

  private checkConfig(
    sendQueue: unknown,
    linger: unknown,
    monitor: unknown,
    transport: unknown,
  ): { limit?: number; overflow?: OverflowPolicy; linger?: number; transport?: Transport } {
    const name = this.name
    const refuse = (option: string, what: string, value: unknown): InvalidOptionError =>
      new InvalidOptionError(
        `${name}: option '${option}' must be ${what}, got ${describeValue(value)}`,
        { option, socketType: name },
      )
    let limit: unknown
    let overflow: unknown
    if (sendQueue !== undefined) {
      if (typeof sendQueue !== 'object' || sendQueue === null || Array.isArray(sendQueue)) {
        throw refuse('sendQueue', 'an object { limit?, overflow? }', sendQueue)
      }
      for (const key of Object.keys(sendQueue)) {
        if (key !== 'limit' && key !== 'overflow') {
          throw new InvalidOptionError(
            `${name}: unknown option 'sendQueue.${key}'${didYouMean(key, ['limit', 'overflow'])}`,
            { option: `sendQueue.${key}`, socketType: name },
          )
        }
      }
      limit = readProperty(sendQueue, 'limit', name, 'sendQueue.limit')
      overflow = readProperty(sendQueue, 'overflow', name, 'sendQueue.overflow')
    }
    if (limit !== undefined && !(Number.isInteger(limit) && (limit as number) > 0)) {
      throw refuse('sendQueue.limit', 'a positive integer', limit)
    }
    if (overflow !== undefined && !OVERFLOW_POLICIES.includes(overflow as OverflowPolicy)) {
      throw refuse('sendQueue.overflow', "'error', 'drop-newest' or 'drop-oldest'", overflow)
    }
    if (linger !== undefined && !(Number.isInteger(linger) && (linger as number) >= -1)) {
      throw refuse('linger', 'an integer >= -1 (ms)', linger)
    }
    if (monitor !== undefined && typeof monitor !== 'boolean') {
      throw refuse('monitor', 'true or false', monitor)
    }
    if (
      transport !== undefined &&
      (typeof transport !== 'object' ||
        transport === null ||
        typeof (transport as Partial<Transport>).open !== 'function')
    ) {
      throw refuse('transport', 'a Transport (an object with open())', transport)
    }
    return {
      limit: limit as number | undefined,
      overflow: overflow as OverflowPolicy | undefined,
      linger: linger as number | undefined,
      transport: transport as Transport | undefined,
    }
  }

  // ---------------------------------------------------------------- lifecycle

  /** Read after an await: the state may have changed meanwhile (TypeScript cannot know). */
  private isStopped(): boolean {
    return this.state === 'closed'
  }

  /** True once the socket is closed or closing (after `complete()`). */
  get isClosed(): boolean {
    return this.state !== 'open'
  }

  /** Resolves once every configured bind has completed; rejects with the error that failed it. */
  get ready(): Promise<void> {
    this.readyObserved = true
    this.failureSeen = true
    return this.opening
  }

  /** Binds an endpoint; resolves with the endpoint as bound (a `*` port replaced by the real one). */
  async bind(endpoint: string): Promise<string> {
    return this.bindOn(this.requireSocket('bind'), endpoint)
  }

  private bindOn(socket: TransportSocket, endpoint: string): string | Promise<string> {
    const bound = socket.bind(endpoint)
    if (bound instanceof Promise) {
      return bound.then((b) => {
        if (this.isStopped()) throw this.failure ?? new SocketClosedError(this.name, 'bind')
        this.bound.add(b)
        return b
      })
    }
    this.bound.add(bound)
    return bound
  }

  async unbind(endpoint: string): Promise<void> {
    await this.requireSocket('unbind').unbind(endpoint)
    this.bound.delete(endpoint)
  }

  connect(endpoint: string, options?: Readonly<Record<string, unknown>>): void {
    this.requireSocket('connect').connect(endpoint, options)
    this.connected.set(endpoint, options)
  }

  disconnect(endpoint: string): void {
    this.requireSocket('disconnect').disconnect(endpoint)
    this.connected.delete(endpoint)
  }

  /** The transport socket, or a SocketClosedError. */
  requireSocket(operation: string): TransportSocket {
    if (this.state === 'closed' || this.socket === undefined) {
      this.failureSeen = true
      throw this.failure ?? new SocketClosedError(this.name, operation)
    }
    return this.socket
  }

  /** Graceful close: take no more messages, send what was accepted, close with linger. */
  complete(): void {
    if (this.state !== 'open') return
    this.state = 'closing'
    this.startDrainDeadline()
    this.maybeFinish()
  }

  /**
   * Draining waits for peers; a peer that never comes must not keep the process alive for
   * ever. After `linger` ms (when linger >= 0) what is still queued is given up.
   */
  private startDrainDeadline(): void {
    if (this.linger < 0 || (this.queue.length === 0 && !this.sending)) return
    this.drainTimer = setTimeout(() => {
      this.drainTimer = undefined
      if (this.state !== 'closing') return
      const error =
        this.endError ??
        new SocketClosedError(this.name, 'send: linger expired before the message left')
      this.rejectQueue(error)
      this.finish(0)
    }, this.linger)
  }

  /**
   * Immediate close: queued messages are discarded, the transport lingers 0, subscribers get
   * `error`. Always a process warning too, naming the socket and the cause: an error that
   * reaches a socket through `source.subscribe(socket)` has ended a server or a stream, and its
   * subscribers may well be the very chain that failed.
   */
  error(error: unknown): void {
    if (this.state === 'closed') return
    this.fail(error instanceof ZmqError ? error : toZmqError(error, this.name, 'error'), error)
    this.failureSeen = true // warned here, not again by warnUnlessSeen
    warnClosedByError(this.name, error)
  }

  /** Immediate close without an error: subscribers complete. */
  close(): void {
    if (this.state === 'closed') return
    this.shutdown(0)
    this.rejectQueue(new SocketClosedError(this.name, 'send'))
    this.receivedSubject.complete()
    this.eventSubject.complete()
  }

  /** TransportHost: the transport socket failed for good. */
  failed(error: ZmqError): void {
    this.fail(error)
  }

  /** Fails the socket at once: closes it and tells everyone listening. */
  private fail(error: ZmqError, cause?: unknown): void {
    if (this.state === 'closed') return
    this.failure = error
    this.shutdown(0)
    this.failureSeen =
      this.receivedSubject.observed || this.eventSubject.observed || this.readyObserved
    if (
      this.rejectQueue(
        cause === undefined ? error : new SocketClosedError(this.name, 'send', error),
      )
    ) {
      this.failureSeen = true
    }
    this.eventSubject.next({ type: 'error', error })
    this.receivedSubject.error(error)
    this.eventSubject.complete()
    this.warnUnlessSeen(error)
  }

  /**
   * An error nobody hears of becomes a process warning (never a crash). Whoever subscribes,
   * awaits `ready` or sends in the same turn still hears of it, and then no warning is given.
   */
  private warnUnlessSeen(error: ZmqError): void {
    if (this.failureSeen) return
    setImmediate(() => {
      if (!this.failureSeen) warn(error)
    })
  }

  private shutdown(linger: number): void {
    this.state = 'closed'
    if (this.drainTimer !== undefined) clearTimeout(this.drainTimer)
    live.delete(this)
    this.socket?.close(linger)
    this.closedResolve()
  }

  private rejectQueue(error: ZmqError): boolean {
    let told = false
    for (const item of this.queue.drain()) {
      if (item.reject !== undefined) {
        item.reject(error)
        told = true
      }
    }
    return told
  }

  private maybeFinish(): void {
    if (this.state !== 'closing' || this.sending || this.queue.length > 0) return
    this.finish(this.linger)
  }

  private finish(linger: number): void {
    if (this.drainTimer !== undefined) clearTimeout(this.drainTimer)
    const endError = this.endError
    if (endError !== undefined) {
      this.failure = endError
      this.shutdown(linger)
      this.failureSeen = this.receivedSubject.observed || this.eventSubject.observed
      this.eventSubject.next({ type: 'error', error: endError })
      this.receivedSubject.error(endError)
      this.eventSubject.complete()
      this.warnUnlessSeen(endError)
      return
    }
    this.shutdown(linger)
    this.receivedSubject.complete()
    this.eventSubject.complete()
  }

  /**
   * Ends the sending stream with an error after what was already accepted has been sent: what
   * `next()` does with a message it cannot take (an invalid frame, a full queue under 'error').
   */
  private endWith(error: ZmqError): void {
    if (this.state !== 'open') return
    this.endError = error
    this.state = 'closing'
    this.startDrainDeadline()
    this.maybeFinish()
  }

  // ---------------------------------------------------------------- receiving

  /** The received messages, shared by all subscribers; delivery stops while nobody listens. */
  readonly messages: Observable<In> = new Observable<In>((subscriber) => this.attach(subscriber))

  private attach(subscriber: RxSubscriber<In>): () => void {
    if (this.state === 'closed') {
      this.failureSeen = true
      if (this.failure !== undefined) subscriber.error(this.failure)
      else subscriber.complete()
      return noop
    }
    const subscription = this.receivedSubject.subscribe(subscriber)
    if (this.receivers++ === 0) this.socket?.resume()
    return () => {
      subscription.unsubscribe()
      if (--this.receivers === 0 && this.state !== 'closed') this.socket?.pause()
    }
  }

  /** TransportHost: one received message. */
  received(frames: Bytes[], meta?: ReceiveMeta): void {
    if (this.state === 'closed') return
    const decode = this.behaviour.decode
    let value: In
    if (decode === undefined) value = frames as In
    else {
      try {
        value = decode(frames, meta)
      } catch (error) {
        this.fail(toZmqError(error, this.name, 'receive'))
        return
      }
    }
    this.behaviour.afterReceive?.(value)
    this.receivedSubject.next(value)
  }

  // ---------------------------------------------------------------- sending

  /** Messages waiting in the send queue. */
  get queueDepth(): number {
    return this.queue.length
  }

  /** Messages dropped so far under a drop policy. */
  get dropped(): number {
    return this.droppedCount
  }

  /** Fire-and-forget send: problems end the stream (see `endWith`) or become `send:error` events. */
  next(value: Out): void {
    if (this.state !== 'open') {
      // once per socket: a source that keeps pushing into a closed socket should not flood stderr
      if (!this.warnedClosed) warn(new SocketClosedError(this.name, 'send (next)', this.failure))
      this.warnedClosed = true
      return
    }
    let args: SendArgs
    try {
      args = this.behaviour.encode(value)
    } catch (error) {
      this.endWith(toZmqError(error, this.name, 'send'))
      return
    }
    this.enqueue({ args })
  }

  /** Sends one message; resolves once the transport has taken it, rejects with a typed error. */
  send(value: Out): Promise<void> {
    if (this.state !== 'open') {
      this.failureSeen = true
      return Promise.reject(new SocketClosedError(this.name, 'send', this.failure))
    }
    let args: SendArgs
    try {
      args = this.behaviour.encode(value)
    } catch (error) {
      return Promise.reject(toZmqError(error, this.name, 'send'))
    }
    return new Promise<void>((resolve, reject) => this.enqueue({ args, resolve, reject }))
  }

  private enqueue(item: QueueItem): void {
    if (this.queue.length >= this.queueLimit) {
      if (!this.full) {
        this.full = true
        this.emit({ type: 'queue:full', depth: this.queue.length })
      }
      if (this.overflow === 'error') {
        const error = new QueueFullError(this.name, this.queueLimit)
        if (item.reject !== undefined) item.reject(error)
        else this.endWith(error)
        return
      }
      this.droppedCount++
      const victim = this.overflow === 'drop-newest' ? item : this.queue.shift()
      this.emit({ type: 'queue:drop', dropped: this.droppedCount, policy: this.overflow })
      victim?.reject?.(new QueueFullError(this.name, this.queueLimit))
      if (victim === item) return
    }
    this.queue.push(item)
    if (!this.sending) void this.sendLoop()
  }

  private async sendLoop(): Promise<void> {
    this.sending = true
    try {
      const behaviour = this.behaviour
      for (let item = this.queue.shift(); item !== undefined; item = this.queue.shift()) {
        // read per message: reopen() may have replaced the transport socket meanwhile
        const socket = this.socket!
        if (this.isStopped()) {
          item.reject?.(new SocketClosedError(this.name, 'send', this.failure))
          continue
        }
        if (this.full && this.queue.length === 0) {
          this.full = false
          this.emit({ type: 'queue:drain' })
        }
        try {
          behaviour.beforeSend?.()
        } catch (error) {
          this.sendFailed(item, error)
          continue
        }
        try {
          const pending = socket.send(item.args.frames, item.args.options)
          if (pending !== undefined) await pending
        } catch (error) {
          behaviour.sendRejected?.()
          this.sendFailed(item, error)
          continue
        }
        behaviour.afterSend?.()
        item.resolve?.()
      }
    } finally {
      this.sending = false
      this.maybeFinish()
    }
  }

  private sendFailed(item: QueueItem, error: unknown): void {
    if (this.state === 'closed') {
      item.reject?.(new SocketClosedError(this.name, 'send', this.failure))
      return
    }
    const err = toZmqError(error, this.name, 'send')
    if (item.reject !== undefined) item.reject(err)
    else if (err instanceof SocketStateError || err instanceof InvalidFrameError) this.endWith(err)
    else {
      if (!this.eventSubject.observed) warn(err)
      this.emit({ type: 'send:error', error: err })
    }
  }

  // ---------------------------------------------------------------- events

  /** The socket's events: connection events (from the first subscription) and rxzmq's own. */
  readonly events: Observable<SocketEvent> = new Observable<SocketEvent>((subscriber) => {
    if (this.state === 'closed') {
      this.failureSeen = true
      if (this.failure !== undefined) subscriber.next({ type: 'error', error: this.failure })
      subscriber.complete()
      return noop
    }
    const backlog = this.backlog
    this.backlog = undefined
    if (backlog !== undefined) for (const event of backlog) subscriber.next(event)
    const subscription = this.eventSubject.subscribe(subscriber)
    this.startMonitor()
    return subscription
  })

  private startMonitor(): void {
    if (this.monitoring || this.socket === undefined) return
    this.monitoring = true
    this.socket.monitor()
  }

  /** TransportHost: a connection event. */
  event(event: SocketEvent): void {
    if (this.state === 'closed') return
    this.emit(event)
    this.behaviour.onEvent?.(event)
  }

  private emit(event: SocketEvent): void {
    if (this.eventSubject.observed) this.eventSubject.next(event)
    else if (this.backlog !== undefined) {
      if (this.backlog.length >= 1000) this.backlog.shift()
      this.backlog.push(event)
    }
  }

  // ---------------------------------------------------------------- reopening

  /** What the transport socket was opened with (kept private: the options may hold keys). */
  #spec!: OpenSpec
  /** The endpoints bound (as bound: a `*` port resolved) and connected, for `reopen()`. */
  private readonly bound = new Set<string>()
  private readonly connected = new Map<string, Readonly<Record<string, unknown>> | undefined>()

  /** The endpoints bound and connected now (as bound: a `*` port resolved). */
  endpoints(): string[] {
    return [...this.bound, ...this.connected.keys()]
  }

  /**
   * Starts the transport's connection events for the socket class itself (a REQ socket
   * watching for refused handshakes), as an `events$` subscription would. `behaviour.onEvent`
   * sees them; `events$` subscribers get them as usual.
   */
  watchConnections(): void {
    this.startMonitor()
  }

  /**
   * Replaces the transport socket with a fresh one: the old one is closed at once (linger 0:
   * what it held is dropped), the new one gets the same options, binds (as bound) and
   * connects, and is resumed and monitored as the old one was. Subscribers, `events$`, the
   * send queue and the socket's state stay: for a REQ socket stuck waiting for a reply that
   * will not come (the Lazy Pirate pattern). Throws nothing: a transport socket that cannot be
   * opened again fails the socket with its error.
   */
  reopen(): void {
    const old = this.socket
    if (this.state !== 'open' || old === undefined) return
    this.socket = undefined
    old.close(0)
    try {
      const socket = this.transport.open(this.#spec)
      this.socket = socket
      this.behaviour.setup?.(socket)
      if (this.monitoring) socket.monitor()
      for (const endpoint of this.bound) {
        const bound = socket.bind(endpoint)
        if (bound instanceof Promise) bound.catch((error: unknown) => this.reopenFailed(error))
      }
      for (const [endpoint, options] of this.connected) socket.connect(endpoint, options)
      if (this.receivers > 0) socket.resume()
    } catch (error) {
      this.reopenFailed(error)
    }
  }

  private reopenFailed(error: unknown): void {
    this.fail(toZmqError(error, this.name, 'reopen'))
  }
}

function toList(value: unknown, what: string, socketType: string): readonly string[] {
  if (value === undefined) return []
  if (typeof value === 'string') return [value]
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[]
  throw new InvalidOptionError(
    `${socketType}: option '${what}' must be an endpoint string or an array of them, got ${describeValue(value)}`,
    { option: what, socketType },
  )
}

/**
 * Errors a program makes, not the host: thrown from the constructor. An option refused by
 * name or value; an endpoint that is not one (its form, an unknown transport, a transport the
 * socket type cannot use); a socket type the transport does not have.
 */
function isProgrammingError(error: unknown): boolean {
  if (error instanceof InvalidOptionError) return true
  return error instanceof InvalidEndpointError && PROGRAMMING_ENDPOINT_CODES.has(error.code)
}

const PROGRAMMING_ENDPOINT_CODES = new Set(['EINVAL', 'EPROTONOSUPPORT', 'ENOCOMPATPROTO'])

function noop(): void {}

/** The warning of `error()`: which socket, and what closed it. */
function warnClosedByError(socketType: string, cause: unknown): void {
  let shown: string
  try {
    shown = cause instanceof Error ? `${cause.name}: ${cause.message}` : describeValue(cause)
  } catch {
    shown = 'an error that cannot be shown'
  }
  const code = cause instanceof ZmqError ? cause.code : 'ERR_SOCKET_ERROR'
  process.emitWarning(`${socketType}: closed by error(): ${shown}`, { type: 'RxZmqWarning', code })
}

/** Reports an error nobody is listening for, without crashing the process. */
function warn(error: ZmqError): void {
  process.emitWarning(error.message, { type: 'RxZmqWarning', code: error.code })
}
