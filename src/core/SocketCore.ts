import {
  asyncScheduler,
  Observable,
  Subject,
  type SchedulerLike,
  type Subscriber as RxSubscriber,
  type Subscription,
} from 'rxjs'
import { InvalidEndpointError } from '../errors/InvalidEndpointError'
import { InvalidFrameError } from '../errors/InvalidFrameError'
import { InvalidOptionError } from '../errors/InvalidOptionError'
import { QueueFullError } from '../errors/QueueFullError'
import { SocketClosedError } from '../errors/SocketClosedError'
import { ZmqError } from '../errors/ZmqError'
import type { OverflowPolicy, SocketEvent } from '../events'
import { Deque } from '../internal/Deque'
import { atProcessEnd, emitWarning, soon, warnNow } from '../internal/platform'
import { INSPECT, inspectAs, type Inspect, type InspectOptions } from '../internal/inspect'
import { didYouMean } from '../internal/suggest'
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
const RECEIVE_ONLY: ReadonlySet<SocketType> = new Set<SocketType>(['SUB', 'PULL', 'DISH', 'GATHER'])

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

/** The message in flight when it is a `send()` handed straight to the transport (sendDirect). */
const DIRECT: QueueItem = { args: { frames: [] } }

const DEFAULT_QUEUE_LIMIT = 1000
/** How long, in ms, send errors of `next()` after the first one warned of are counted. */
const SEND_WARNING_WINDOW_MS = 1000
const QUEUE_FULL_HINT =
  "a source emitting faster than the socket sends. Use source.pipe(sendTo(socket)), raise sendQueue.limit, or choose a drop overflow ('drop-newest' or 'drop-oldest')."
const DEFAULT_LINGER = 1000
const OVERFLOW_POLICIES: readonly OverflowPolicy[] = ['error', 'drop-newest', 'drop-oldest']
/** The options every socket takes besides its transport's (those of {@link BaseSocketConfig}). */
const OWN_OPTIONS = ['bind', 'connect', 'sendQueue', 'monitor', 'linger', 'transport'] as const

/**
 * Sockets that are open are kept here: zeromq.js closes an unreferenced socket when it is
 * garbage collected, even with a receive pending (trap 10).
 */
const live = new Set<SocketCore<unknown, never>>()
/** Sockets closed with linger whose transport is still delivering what it held. */
const lingering = new Set<SocketCore<unknown, never>>()

/**
 * What each socket's transport socket was opened with, for `reopen()`: kept out of the object
 * (the options may hold keys). A WeakMap rather than a `#private` field, which browser builds
 * for ES2020 would turn into helpers repeated in every module that has one.
 */
const specs = new WeakMap<object, OpenSpec>()

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
 * The end of the process. ZeroMQ's contract is that a socket closed with linger keeps
 * delivering what it holds for up to `linger` ms; zeromq.js keeps it by blocking the exit in
 * its own hook, and after 500 ms prints "Waiting for queued ZeroMQ messages to be delivered.
 * Set 'context.blocky = false'...", naming an option rxzmq does not have. rxzmq keeps it while
 * Node still runs instead, and says in its own words what it could not deliver:
 *
 * - When nothing else keeps Node running (`beforeExit`), the sockets still open are completed,
 *   as `complete()` does: what their queue holds goes out while a peer takes it, and libzmq
 *   then has up to `linger` ms (default 1000) for what it holds. The process exits once that is
 *   done. What is given up is counted and reported (`queue:expired`, or a warning), and so is
 *   libzmq giving up when the linger ran out.
 * - `process.exit()` does not wait: what libzmq still held is lost. rxzmq warns, naming the
 *   socket, when a socket that sent messages was still open or still delivering. To lose
 *   nothing, `complete()` the socket and `await socket.closed` first: `closed` resolves once
 *   libzmq is done.
 */
atProcessEnd(
  () => {
    for (const core of [...live]) core.complete()
  },
  () => {
    for (const core of live) core.warnAtExit('open')
    for (const core of lingering) core.warnAtExit('delivering')
  },
)

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
  /** The subscribers, to deliver to (see `received`); replaced on each change. */
  private deliverTo: readonly RxSubscriber<In>[] = []

  // sending
  private readonly queue = new Deque<QueueItem>()
  private readonly queueLimit: number
  private readonly overflow: OverflowPolicy
  private sending = false
  /** The message the transport has not taken yet. */
  private inFlight: QueueItem | undefined
  private full = false
  private droppedCount = 0
  private endError: ZmqError | undefined
  private readonly linger: number
  private drainTimer: Subscription | undefined
  /** When the transport last took a message while closing (scheduler time), for the drain deadline. */
  private progressAt = 0
  /** The transport has taken a message: there may be something to linger for at close. */
  private sentAny = false

  // opening
  private readonly opening: Promise<void>
  private readyObserved = false
  private failureSeen = false

  // warnings: a cause is always reported before what it causes (see report())
  private reports: (() => void)[] = []
  /** Messages `next()` refused because the socket was closing or closed. */
  private refused = 0
  /** A warning about refused messages was given (or is queued): at most one per socket. */
  private refusedWarned = false
  /** The end (failure or end error) is reported in a warning queued but not yet given. */
  private endReportPending = false
  /** What complete() gave up on while an end error was pending: told with that error. */
  private givenUpUntold = 0
  /** Send errors of next() since the last one warned of, told in one summary (see sendWarning). */
  private sendErrorsUntold = 0
  private lastSendError: ZmqError | undefined
  private sendWarningWindow: ReturnType<typeof setTimeout> | undefined

  // events
  private readonly eventSubject = new Subject<SocketEvent>()
  private monitoring = false

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
    const binds = toList(bind, 'bind', this.name)
    const connects = toList(connect, 'connect', this.name)
    this.queueLimit = checked.limit ?? DEFAULT_QUEUE_LIMIT
    this.overflow = checked.overflow ?? behaviour.defaultOverflow ?? 'error'
    this.linger = checked.linger ?? DEFAULT_LINGER
    this.transport = checked.transport ?? defaultTransport()
    const spec: OpenSpec = {
      type: this.type,
      name: this.name,
      options: revealSecrets({ ...options, linger: this.linger }),
      ownOptions: [...OWN_OPTIONS, ...(behaviour.options ?? [])],
      host: this,
      behaviour: behaviour.pipe,
    }
    specs.set(this, spec)
    const socket = this.transport.open(spec)
    this.socket = socket
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
    if (!RECEIVE_ONLY.has(this.type)) {
      summary.queueDepth = this.queue.length
      summary.dropped = this.droppedCount
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
    this.startDrainDeadline()
    this.maybeFinish()
  }

  /**
   * Draining waits for peers; a peer that never comes, or stops taking messages, must not keep
   * the process alive for ever. The deadline runs only while no progress is made: once the
   * transport has taken no message for `linger` ms (when linger >= 0), what is still queued is
   * given up, counted and reported (see `giveUp`). A peer that keeps taking gets everything.
   */
  private startDrainDeadline(): void {
    if (this.linger < 0 || (this.queue.length === 0 && !this.sending)) return
    this.progressAt = this.clock().now()
    this.armDrainTimer(this.linger)
  }

  private clock(): SchedulerLike {
    return this.transport.scheduler ?? asyncScheduler
  }

  private armDrainTimer(ms: number): void {
    this.drainTimer = this.clock().schedule(() => {
      this.drainTimer = undefined
      if (this.state !== 'closing') return
      const idle = this.clock().now() - this.progressAt
      if (idle < this.linger) this.armDrainTimer(this.linger - idle)
      else this.giveUp()
    }, ms)
  }

  /**
   * The drain deadline expired: what is still queued (and the message the transport has not
   * taken yet) is dropped, counted in `dropped`, and reported: a `queue:expired` event, or a
   * warning when nobody listens to `events$`. `send()` callers get a SocketClosedError.
   */
  private giveUp(): void {
    const count = this.queue.length + (this.inFlight !== undefined ? 1 : 0)
    this.droppedCount += count
    this.rejectQueue(
      this.endError ??
        new SocketClosedError(
          this.name,
          `send: no message was taken for ${this.linger} ms (linger) after complete()`,
        ),
    )
    if (count > 0) {
      const observed = this.eventSubject.observed
      this.emit({ type: 'queue:expired', count, dropped: this.droppedCount, linger: this.linger })
      if (observed) {
        // told
      } else if (this.endError !== undefined) {
        this.givenUpUntold = count // told with the end error, its cause
      } else {
        const error = new ZmqError(
          `${this.name}: complete() gave up on ${count} messages: no message was taken for ${this.linger} ms (linger); they are counted in 'dropped'`,
          { code: 'ERR_LINGER_EXPIRED', socketType: this.name },
        )
        this.report(() => warn(error))
      }
    }
    this.finish(0)
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
      const notes: string[] = []
      if (this.givenUpUntold > 0) {
        notes.push(
          `${this.givenUpUntold} queued messages given up after ${this.linger} ms without progress (counted in 'dropped')`,
        )
        this.givenUpUntold = 0
      }
      if (this.refused > 0) {
        notes.push(`${this.refused} later messages given to next() were refused`)
        this.refusedWarned = true
      }
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
   */
  private report(warning: () => void): void {
    if (this.reports.push(warning) > 1) return
    soon(() => {
      for (let i = 0; i < this.reports.length; i++) this.reports[i]()
      this.reports = []
    })
  }

  private shutdown(linger: number): void {
    this.state = 'closed'
    const inFlight = this.inFlight
    this.inFlight = undefined
    inFlight?.reject?.(new SocketClosedError(this.name, 'send', this.failure))
    this.drainTimer?.unsubscribe()
    if (this.sendWarningWindow !== undefined) clearTimeout(this.sendWarningWindow)
    this.sendWarningWindow = undefined
    this.tellSendErrors()
    live.delete(this as SocketCore<unknown, never>)
    // Nothing sent, nothing to linger for (a SUB's subscriptions need not reach a peer now).
    const delivering = this.socket?.close(this.sentAny ? linger : 0)
    if (delivering === undefined) {
      this.closedResolve()
      return
    }
    lingering.add(this as SocketCore<unknown, never>)
    void delivering.then((delivered) => {
      lingering.delete(this as SocketCore<unknown, never>)
      if (!delivered) {
        emitWarning(
          `${this.name}: closed with messages libzmq could not deliver within linger (${linger} ms): they were dropped`,
          'ERR_LINGER_EXPIRED',
        )
      }
      this.closedResolve()
    })
  }

  /** The process is ending (see `atProcessEnd` above): says what may be lost with it. */
  warnAtExit(state: 'open' | 'delivering'): void {
    if (!this.sentAny) return
    warnNow(
      state === 'open'
        ? `${this.name}: still open at process.exit(): what libzmq had not delivered yet is lost. Before process.exit(), complete() the socket and await socket.closed (or close() it to drop on purpose).`
        : `${this.name}: process.exit() while libzmq was still delivering after complete(): what it held is lost. Await socket.closed before process.exit().`,
      'ERR_EXIT_UNDELIVERED',
    )
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
    this.drainTimer?.unsubscribe()
    const endError = this.endError
    if (endError !== undefined) {
      this.failure = endError
      this.shutdown(linger)
      this.failureSeen = this.receivedSubject.observed || this.eventSubject.observed
      this.eventSubject.next({ type: 'error', error: endError })
      this.receivedSubject.error(endError)
      this.eventSubject.complete()
      this.reportEnd(endError)
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

  /** Messages waiting in the send queue. */
  get queueDepth(): number {
    return this.queue.length
  }

  /** Messages dropped so far: under a drop policy, or given up by `complete()` (see `linger`). */
  get dropped(): number {
    return this.droppedCount
  }

  /** Fire-and-forget send: problems end the stream (see `endWith`) or become `send:error` events. */
  next(value: Out): void {
    if (this.state !== 'open') {
      this.refused++
      // Told with the end when its report is still to come (the cause first, in one warning);
      // else once per socket: a source that keeps pushing into a closed socket must not flood
      // stderr.
      if (this.endReportPending || this.endError !== undefined || this.refusedWarned) return
      this.refusedWarned = true
      this.report(() =>
        warn(
          new SocketClosedError(
            this.name,
            `send ${this.refused} message${this.refused === 1 ? '' : 's'} given to next()`,
            this.failure,
          ),
        ),
      )
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
    const socket = this.socket
    if (!this.sending && socket?.sendPromise !== undefined && this.queue.length === 0) {
      return this.sendDirect(socket, args)
    }
    return new Promise<void>((resolve, reject) => this.enqueue({ args, resolve, reject }))
  }

  /**
   * `send()` with nothing queued or in flight, on a transport that answers a send with a
   * promise: the caller gets that promise's `then`, not a promise, a queue item and a
   * send-loop turn of its own (see bench/README.md for what that saves per message). It is
   * the loop's one message in flight meanwhile (`inFlight` is {@link DIRECT}): what is queued
   * behind it waits, `complete()` and `close()` see it.
   */
  private sendDirect(socket: TransportSocket, args: SendArgs): Promise<void> {
    const behaviour = this.behaviour
    let sent: Promise<void>
    try {
      behaviour.beforeSend?.()
    } catch (error) {
      return Promise.reject(toZmqError(error, this.name, 'send'))
    }
    try {
      sent = socket.sendPromise!(args.frames, args.options)
    } catch (error) {
      behaviour.sendRejected?.()
      return Promise.reject(toZmqError(error, this.name, 'send'))
    }
    this.sending = true
    this.inFlight = DIRECT
    return sent.then(this.directSent, this.directFailed)
  }

  private readonly directSent = (): void => {
    // not in flight any more: the socket was closed meanwhile, which fails the send whatever
    // the transport did with it (as close() fails the message in flight of the send loop)
    if (this.inFlight !== DIRECT) throw new SocketClosedError(this.name, 'send', this.failure)
    this.inFlight = undefined
    this.behaviour.afterSend?.()
    this.sentAny = true
    if (this.state === 'closing') this.progressAt = this.clock().now()
    this.sending = false
    this.pump()
  }

  private readonly directFailed = (error: unknown): never => {
    if (this.inFlight !== DIRECT || this.state === 'closed') {
      throw new SocketClosedError(this.name, 'send', this.failure)
    }
    this.inFlight = undefined
    this.behaviour.sendRejected?.()
    this.sending = false
    this.pump()
    throw toZmqError(error, this.name, 'send')
  }

  private enqueue(item: QueueItem): void {
    if (this.queue.length >= this.queueLimit) {
      if (!this.full) {
        this.full = true
        this.emit({ type: 'queue:full', depth: this.queue.length })
      }
      if (this.overflow === 'error') {
        const error = new QueueFullError(this.name, this.queueLimit, 'sendQueue', QUEUE_FULL_HINT)
        if (item.reject !== undefined) item.reject(error)
        else this.endWith(error)
        return
      }
      this.droppedCount++
      const victim = this.overflow === 'drop-newest' ? item : this.queue.shift()
      this.emit({ type: 'queue:drop', dropped: this.droppedCount, policy: this.overflow })
      victim?.reject?.(new QueueFullError(this.name, this.queueLimit, 'sendQueue', QUEUE_FULL_HINT))
      if (victim === item) return
    }
    this.queue.push(item)
    if (!this.sending) this.pump()
  }

  /**
   * Sends what is queued, in order, one message at a time: on while the transport takes
   * messages at once, paused on one it could not take until `sendDone` says it was.
   */
  private pump(): void {
    if (this.sending) return
    this.sending = true
    const behaviour = this.behaviour
    for (let item = this.queue.shift(); item !== undefined; item = this.queue.shift()) {
      // read per message: reopen() may have replaced the transport socket meanwhile
      const socket = this.socket
      if (this.isStopped() || socket === undefined) {
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
      let taken: boolean
      try {
        taken = socket.send(item.args.frames, item.args.options, this.sendDone)
      } catch (error) {
        behaviour.sendRejected?.()
        this.sendFailed(item, error)
        continue
      }
      if (!taken) {
        this.inFlight = item
        return
      }
      behaviour.afterSend?.()
      this.sentAny = true
      if (this.state === 'closing') this.progressAt = this.clock().now()
      item.resolve?.()
    }
    this.sending = false
    this.maybeFinish()
  }

  /** The transport took (or refused) the message in flight: the next one may go. */
  private readonly sendDone = (error?: ZmqError): void => {
    const item = this.inFlight
    if (item === undefined) return
    this.inFlight = undefined
    if (error !== undefined) {
      this.behaviour.sendRejected?.()
      this.sendFailed(item, error)
    } else {
      this.behaviour.afterSend?.()
      this.sentAny = true
      if (this.state === 'closing') this.progressAt = this.clock().now()
      item.resolve?.()
    }
    this.sending = false
    this.pump()
  }

  private sendFailed(item: QueueItem, error: unknown): void {
    if (this.state === 'closed') {
      item.reject?.(new SocketClosedError(this.name, 'send', this.failure))
      return
    }
    const err = toZmqError(error, this.name, 'send')
    if (item.reject !== undefined) item.reject(err)
    else if (err instanceof InvalidFrameError) this.endWith(err)
    else {
      // The one message is refused, as send() would be: a libzmq refusal (a timeout, an
      // unroutable peer), or a SocketStateError (a REQ's second request before the reply, a
      // REP's reply with no request), which must not cost the socket its turn in progress.
      if (!this.eventSubject.observed) this.sendWarning(err)
      this.emit({ type: 'send:error', error: err })
    }
  }

  /**
   * Warns of a message `next()` could not send, without flooding stderr: the first of a series
   * at once, the others counted and told in one summary when {@link SEND_WARNING_WINDOW_MS}
   * has passed (or the socket closes), which opens the next window.
   */
  private sendWarning(error: ZmqError): void {
    if (this.sendWarningWindow === undefined) {
      this.report(() => warn(error))
      this.openSendWarningWindow()
      return
    }
    this.sendErrorsUntold++
    this.lastSendError = error
    // a count still to tell keeps the process up to the end of the window
    ;(this.sendWarningWindow as { ref?(): void }).ref?.()
  }

  private openSendWarningWindow(): void {
    const window = setTimeout(() => {
      this.sendWarningWindow = undefined
      if (this.tellSendErrors()) this.openSendWarningWindow()
    }, SEND_WARNING_WINDOW_MS)
    ;(window as { unref?(): void }).unref?.()
    this.sendWarningWindow = window
  }

  /** Queues the summary of the send errors not told yet; false when there are none. */
  private tellSendErrors(): boolean {
    const count = this.sendErrorsUntold
    const last = this.lastSendError
    if (count === 0 || last === undefined) return false
    this.sendErrorsUntold = 0
    this.lastSendError = undefined
    const summary = new ZmqError(
      `${this.name}: ${count} more messages given to next() were refused (${last.code}; the last: ${last.message})`,
      { code: last.code, socketType: this.name, cause: last },
    )
    this.report(() => warn(summary))
    return true
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

  private emit(event: SocketEvent): void {
    if (this.eventSubject.observed) this.eventSubject.next(event)
    else if (this.backlog !== undefined) {
      if (this.backlog.length >= 1000) this.backlog.shift()
      this.backlog.push(event)
    }
  }

  // ---------------------------------------------------------------- reopening

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
    void old.close(0) // linger 0: nothing to wait for
    try {
      const socket = this.transport.open(specs.get(this)!)
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
  emitWarning(`${socketType}: closed by error(): ${shown}`, code)
}

/** Reports an error nobody is listening for, without crashing the process. */
function warn(error: ZmqError, note = ''): void {
  emitWarning(error.message + note, error.code)
}
