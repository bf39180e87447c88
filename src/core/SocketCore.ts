import { Observable, Subject, type Subscriber as RxSubscriber } from 'rxjs'
import { InvalidEndpointError } from '../errors/InvalidEndpointError'
import { InvalidOptionError } from '../errors/InvalidOptionError'
import { SocketClosedError } from '../errors/SocketClosedError'
import { ZmqError } from '../errors/ZmqError'
import type { OverflowPolicy, SocketEvent } from '../events'
import type { SendPath } from './SendPath'
import { emitWarning, soon } from '../internal/platform'
import { INSPECT, inspectAs, type Inspect, type InspectOptions } from '../internal/inspect'
import { toZmqError } from '../internal/toZmqError'
import type { BehaviourClass } from '../transport/pipes/behaviours/Behaviour'
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

/** rxzmq's own settings, common to every socket. */
export interface BaseSocketConfig {
  /** Endpoints to bind, e.g. `'tcp://*:5555'` or `['tcp://127.0.0.1:*', 'ipc:///tmp/x']`. */
  bind?: string | readonly string[]
  /** Endpoints to connect to, e.g. `'tcp://localhost:5555'`. */
  connect?: string | readonly string[]
  /**
   * The send queue between `next()`/`send()` and libzmq. `limit` (default 1000) bounds it,
   * `overflow` says what happens at the limit: default `'error'`, but `'drop-newest'` for
   * Publisher, XPublisher and Radio, which drop at their high-water mark anyway. Checked on
   * every socket; a socket that only receives (SUB, PULL, DISH, GATHER) has none.
   */
  sendQueue?: { limit?: number; overflow?: OverflowPolicy }
  /**
   * Start the monitor before the binds and connects given here, and keep its events (up to
   * 1000) for the first `events$` subscriber, so the first connection's events are not missed.
   * Without it the monitor starts with the first `events$` subscription. Either way it stops
   * when the last `events$` subscriber leaves; until then (with `monitor: true`, until the
   * first subscriber has come and gone) the monitor keeps the process alive.
   */
  monitor?: boolean
  /**
   * How long, in ms, `complete()` waits for progress: it delivers everything queued while the
   * peer keeps taking messages, and gives up on what is left once no message has been taken
   * for `linger` ms (those are counted in `dropped` and reported by a `queue:expired` event,
   * or a warning when nobody listens to `events$`). Then ZMQ_LINGER: how long libzmq may keep
   * delivering what it holds after the socket closes. rxzmq's default is 1000 (zeromq.js's is
   * -1, which waits for ever and can hang the process at exit). `error()` and `close()` always
   * close with 0.
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
  /** The pattern semantics for pipe transports (`transport/pipes/behaviours/<type>.ts`). */
  readonly pipe?: BehaviourClass
  /** Turns a received message into the value subscribers get. Default: the frames. */
  decode?(frames: Bytes[], meta: ReceiveMeta | undefined): In
  /**
   * Turns a value given to `next()`/`send()` into what the transport sends; throws if invalid.
   * Socket types that send (`sends`) have one.
   */
  encode?(value: Out): SendArgs
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
  /**
   * The send path of a socket type that sends ({@link SendPath}; `multipart()` gives it). A
   * socket type without one only receives: it has no send queue, and an app that only
   * receives does not bundle one.
   */
  readonly sends?: typeof SendPath
  /** The overflow policy of the send queue when the config names none. Default `'error'`. */
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

/** What `util.inspect` shows of a socket (see {@link SocketCore.summary}). */
export interface SocketSummary {
  /** The ZeroMQ socket type. */
  readonly type: SocketType
  readonly state: 'open' | 'closing' | 'closed'
  /** The endpoints bound (as bound: a `*` port is shown as chosen) and connected now. */
  readonly bound: readonly string[]
  readonly connected: readonly string[]
  /** Rx subscribers to the received messages (sockets that receive). */
  readonly subscribers?: number
  /** Messages in the send queue, and dropped so far (sockets that send). */
  readonly queueDepth?: number
  readonly dropped?: number
}

const SEND_ONLY: ReadonlySet<SocketType> = new Set<SocketType>(['PUB', 'PUSH', 'RADIO', 'SCATTER'])

/** What one message becomes for the transport: its frames, and a draft socket's options. */
export interface SendArgs {
  readonly frames: readonly OutgoingFrame[]
  readonly options?: Readonly<Record<string, unknown>>
}

type State = 'open' | 'closing' | 'closed'

/** The `sendQueue` option, checked. @internal */
export interface SendQueueConfig {
  readonly limit?: number
  readonly overflow?: OverflowPolicy
}

const DEFAULT_LINGER = 1000
const OVERFLOW_POLICIES: readonly OverflowPolicy[] = ['error', 'drop-newest', 'drop-oldest']
/** The options every socket takes besides its transport's (those of {@link BaseSocketConfig}). */
const OWN_OPTIONS = ['bind', 'connect', 'sendQueue', 'monitor', 'linger', 'transport'] as const

/**
 * Sockets that are open are kept here: zeromq.js closes an unreferenced socket when it is
 * garbage collected, even with a receive pending (trap 10). The exit rules (`SendPath.ts`)
 * complete them when nothing else keeps Node running.
 *
 * @internal
 */
export const live = new Set<SocketCore<unknown, never>>()

/**
 * What each socket's transport socket was opened with, for `reopen()`: kept out of the object
 * (the options may hold keys). A WeakMap rather than a `#private` field, which browser builds
 * for ES2020 would turn into helpers repeated in every module that has one.
 *
 * @internal
 */
export const specs = new WeakMap<object, OpenSpec>()

/**
 * How many sockets rxzmq holds open right now (for leak checks in tests).
 *
 * ## Example
 * ```ts
 * afterEach(() => {
 *   expect(openSocketCount()).toBe(0) // every test closed the sockets it made
 * })
 * ```
 */
export function openSocketCount(): number {
  return live.size
}

/**
 * The machinery under every rxzmq socket, whatever its transport: one receive fan-out that
 * lets the transport deliver only while somebody is subscribed, bind/connect with typed errors,
 * graceful and immediate close, and the connection events and rxzmq's own as one shared
 * stream. A socket type that sends has a {@link SendPath} too (its behaviour's `sends`): one
 * ordered send loop behind a bounded queue.
 *
 * The members marked internal are the send path's access to the core.
 */
export class SocketCore<In, Out> implements TransportHost {
  readonly type: SocketType
  readonly name: string
  readonly transport: Transport
  socket: TransportSocket | undefined
  /** @internal */
  state: State = 'open'
  /** @internal */
  failure: ZmqError | undefined
  /** @internal */
  readonly behaviour: SocketBehaviour<In, Out>
  /** @internal */
  readonly linger: number
  /** The sending half, for socket types that send (see {@link SocketBehaviour.sends}). */
  readonly out: SendPath<Out> | undefined

  // receiving
  private readonly receivedSubject = new Subject<In>()
  /** @internal */
  receivers = 0
  /** The subscribers, to deliver to (see `received`); replaced on each change. */
  private deliverTo: readonly RxSubscriber<In>[] = []

  // opening
  private readonly opening: Promise<void>
  private readyObserved = false
  /** Somebody heard of the failure: no warning needed for it. @internal */
  failureSeen = false

  // warnings: a cause is always reported before what it causes (see report())
  private reports: (() => void)[] = []
  /** The end (failure or end error) is reported in a warning queued but not yet given. @internal */
  endReportPending = false

  // events
  /** @internal */
  readonly eventSubject = new Subject<SocketEvent>()
  /** @internal */
  monitoring = false

  /** Events kept for the first subscriber when `monitor: true` started the monitor early. */
  private backlog: SocketEvent[] | undefined
  private closedResolve!: () => void
  /**
   * Resolves once the socket is closed, whatever the reason, and its transport is done with
   * what it held: after `complete()`, once libzmq has delivered it or the linger ran out. So
   * `await socket.closed` before `process.exit()` loses nothing libzmq could deliver.
   */
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
    const Sends = behaviour.sends
    this.out =
      Sends === undefined
        ? undefined
        : new Sends(this as unknown as SocketCore<unknown, Out>, checked.queue)
    const binds = toList(bind, 'bind', this.name)
    const connects = toList(connect, 'connect', this.name)
    this.linger = checked.linger ?? DEFAULT_LINGER
    this.transport = checked.transport ?? defaultTransport()
    const spec: OpenSpec = {
      type: this.type,
      name: this.name,
      options: { ...options, linger: this.linger },
      ownOptions: [...OWN_OPTIONS, ...(behaviour.options ?? [])],
      host: this,
      behaviour: behaviour.pipe,
    }
    specs.set(this, spec)
    const socket = this.transport.open(spec)
    this.socket = socket
    this.out?.opened(socket)
    live.add(this as SocketCore<unknown, never>)
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

  /**
   * rxzmq's own options checked (the transport checks its own): an InvalidOptionError names
   * the option, or the key of `sendQueue`, at fault.
   */
  private checkConfig(
    sendQueue: unknown,
    linger: unknown,
    monitor: unknown,
    transport: unknown,
  ): { queue: SendQueueConfig; linger?: number; transport?: Transport } {
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
            `${name}: unknown option 'sendQueue.${key}' (a sendQueue has limit and overflow)`,
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
      queue: {
        limit: limit as number | undefined,
        overflow: overflow as OverflowPolicy | undefined,
      },
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

  /**
   * What the socket is, from rxzmq's own state only (no native getter is touched): its type,
   * state, endpoints, subscribers and send queue. `util.inspect` shows this.
   */
  summary(): SocketSummary {
    const summary: { -readonly [K in keyof SocketSummary]: SocketSummary[K] } = {
      type: this.type,
      state: this.state,
      bound: [...this.bound],
      connected: [...this.connected.keys()],
    }
    if (!SEND_ONLY.has(this.type)) summary.subscribers = this.receivers
    if (this.out !== undefined) {
      summary.queueDepth = this.out.queueDepth
      summary.dropped = this.out.dropped
    }
    return summary
  }

  /** `util.inspect(core)`: the summary, never the transport's or zeromq.js's internals. */
  [INSPECT](depth: number, options: InspectOptions, inspect?: Inspect): string {
    return inspectAs('SocketCore', this.summary(), depth, options, inspect)
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
    if (this.out !== undefined) this.out.drain()
    else this.finish(this.linger)
  }

  /** Immediate close without an error: subscribers complete. */
  close(): void {
    if (this.state === 'closed') return
    this.end(0)
    this.out?.rejectAll(new SocketClosedError(this.name, 'send'))
  }

  /** TransportHost: the transport socket failed for good. */
  failed(error: ZmqError): void {
    this.fail(error)
  }

  /**
   * Fails the socket at once: closes it and tells everyone listening. `cause`: what `error()`
   * was given (queued `send()`s then fail with a SocketClosedError, not the error itself).
   *
   * @internal
   */
  fail(error: ZmqError, cause?: unknown): void {
    if (this.state === 'closed') return
    this.end(
      0,
      error,
      cause === undefined ? error : new SocketClosedError(this.name, 'send', error),
    )
  }

  /**
   * Closes the socket, lingering `linger` ms, and tells its subscribers: they complete, or get
   * `error` (reported, see `reportEnd`). `rejection`: what queued `send()`s fail with.
   */
  private end(linger: number, error?: ZmqError, rejection?: ZmqError): void {
    this.failure = error
    this.shutdown(linger)
    if (error === undefined) {
      this.receivedSubject.complete()
      this.eventSubject.complete()
      return
    }
    this.failureSeen =
      this.receivedSubject.observed ||
      this.eventSubject.observed ||
      (rejection !== undefined && this.readyObserved)
    if (rejection !== undefined && this.out?.rejectAll(rejection)) this.failureSeen = true
    this.eventSubject.next({ type: 'error', error })
    this.receivedSubject.error(error)
    this.eventSubject.complete()
    this.reportEnd(error)
  }

  /**
   * Reports how the socket ended, with what it caused, in one warning. An error nobody hears
   * of becomes a process warning (never a crash); whoever subscribes, awaits `ready` or sends
   * in the same turn still hears of it, and then the warning only tells what the listener
   * could not know: messages given up, or refused by `next()` after the end.
   */
  private reportEnd(error: ZmqError): void {
    this.endReportPending = true
    this.report(() => {
      this.endReportPending = false
      const notes = this.out?.notes() ?? []
      if (!this.failureSeen) {
        warn(error, notes.length > 0 ? ` (${notes.join('; ')})` : '')
      } else if (notes.length > 0) {
        warn(
          new ZmqError(`${this.name}: after ${error.code}: ${notes.join('; ')}`, {
            code: error.code,
            socketType: this.name,
            cause: error,
          }),
        )
      }
    })
  }

  /**
   * Queues a warning to be given after this turn, in order with the others: a cause queued
   * first is reported first, and a warning can still count what happens in the same turn.
   *
   * @internal
   */
  report(warning: () => void): void {
    if (this.reports.push(warning) > 1) return
    soon(() => {
      for (let i = 0; i < this.reports.length; i++) this.reports[i]()
      this.reports = []
    })
  }

  private shutdown(linger: number): void {
    this.state = 'closed'
    const out = this.out
    // Nothing sent, nothing to linger for (a SUB's subscriptions need not reach a peer now).
    const closeLinger = out === undefined ? 0 : out.shutdown(linger)
    live.delete(this as SocketCore<unknown, never>)
    const delivering = this.socket?.close(closeLinger)
    if (delivering === undefined) this.closedResolve()
    else {
      void (out === undefined ? delivering : out.delivering(delivering, closeLinger)).then(
        this.closedResolve,
      )
    }
  }

  /**
   * Closes the socket once the send path is done with what it was given (see
   * `SendPath.drain`), with the send path's end error if the sending stream ended with one.
   *
   * @internal
   */
  finish(linger: number): void {
    this.end(linger, this.out?.endError)
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
    this.deliverTo = [...this.deliverTo, subscriber]
    if (this.receivers++ === 0) this.socket?.resume()
    return () => {
      this.deliverTo = this.deliverTo.filter((s) => s !== subscriber)
      subscription.unsubscribe()
      if (--this.receivers === 0 && this.state !== 'closed') this.socket?.pause()
    }
  }

  /** TransportHost: one received message. */
  received(frames: Bytes[], meta?: ReceiveMeta): void {
    if (this.state === 'closed') return
    // eslint-disable-next-line @typescript-eslint/unbound-method -- behaviours are object literals whose decode does not use this
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
    // What receivedSubject.next does, without its closure and iterator per message: the
    // subscribers as they were when the message came (the array is replaced, never changed).
    const subscribers = this.deliverTo
    for (let i = 0; i < subscribers.length; i++) subscribers[i].next(value)
  }

  // ---------------------------------------------------------------- sending

  /** Queues a message (see {@link SendPath.next}); only for socket types that send. */
  next(value: Out): void {
    this.out!.next(value)
  }

  /** Sends one message (see {@link SendPath.send}); only for socket types that send. */
  send(value: Out): Promise<void> {
    return this.out!.send(value)
  }

  // ---------------------------------------------------------------- events

  /**
   * The socket's events: connection events (while somebody listens: the monitor starts with
   * the first subscription and stops when the last one leaves, so that it never keeps the
   * process alive on its own) and rxzmq's own.
   */
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
    return () => {
      subscription.unsubscribe()
      if (!this.eventSubject.observed) this.stopMonitor()
    }
  })

  private startMonitor(): void {
    if (this.monitoring || this.socket === undefined) return
    this.monitoring = true
    this.socket.monitor()
  }

  private stopMonitor(): void {
    if (!this.monitoring || this.state === 'closed' || this.backlog !== undefined) return
    this.monitoring = false
    this.socket?.unmonitor?.()
  }

  /** TransportHost: a connection event. */
  event(event: SocketEvent): void {
    if (this.state === 'closed') return
    this.emit(event)
    this.behaviour.onEvent?.(event)
  }

  /** Reports one of rxzmq's own events (or keeps it for the first subscriber). @internal */
  emit(event: SocketEvent): void {
    if (this.eventSubject.observed) this.eventSubject.next(event)
    else if (this.backlog !== undefined) {
      if (this.backlog.length >= 1000) this.backlog.shift()
      this.backlog.push(event)
    }
  }

  // ---------------------------------------------------------------- endpoints

  /** The endpoints bound (as bound: a `*` port resolved) and connected, for `reopen()`. @internal */
  readonly bound = new Set<string>()
  /** @internal */
  readonly connected = new Map<string, Readonly<Record<string, unknown>> | undefined>()

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

/**
 * Reports an error nobody is listening for, without crashing the process.
 *
 * @internal
 */
export function warn(error: ZmqError, note = ''): void {
  emitWarning(error.message + note, error.code)
}
