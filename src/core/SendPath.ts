import { asyncScheduler, type SchedulerLike, type Subscription } from 'rxjs'
import { InvalidFrameError } from '../errors/InvalidFrameError'
import { QueueFullError } from '../errors/QueueFullError'
import { SocketClosedError } from '../errors/SocketClosedError'
import { ZmqError } from '../errors/ZmqError'
import type { OverflowPolicy } from '../events'
import { Deque } from '../internal/Deque'
import { atProcessEnd, emitWarning, warnNow } from '../internal/platform'
import { toZmqError } from '../internal/toZmqError'
import { describeValue } from './describeValue'
import type { TransportSocket } from '../transport/Transport'
import { live, warn, type SendArgs, type SendQueueConfig, type SocketCore } from './SocketCore'

interface QueueItem {
  args: SendArgs
  resolve?: () => void
  reject?: (error: ZmqError) => void
}

/** The message in flight when it is a `send()` handed straight to the transport (sendDirect). */
const DIRECT: QueueItem = { args: { frames: [] } }

const DEFAULT_QUEUE_LIMIT = 1000
/** How long, in ms, send errors of `next()` after the first one warned of are counted. */
const SEND_WARNING_WINDOW_MS = 1000
const QUEUE_FULL_HINT =
  "a source emitting faster than the socket sends. Use source.pipe(sendTo(socket)), raise sendQueue.limit, or choose a drop overflow ('drop-newest' or 'drop-oldest')."

/** Send paths of sockets closed with linger whose transport is still delivering what it held. */
const lingering = new Set<SendPath<never>>()

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
 *
 * These rules are about messages sent, so they come with the send path: a program (a page)
 * whose sockets only receive does not load them, and has nothing to deliver at exit.
 */
atProcessEnd(
  () => {
    for (const core of [...live]) core.complete()
  },
  () => {
    for (const core of live) core.out?.warnAtExit('open')
    for (const path of lingering) path.warnAtExit('delivering')
  },
)

/**
 * The sending half of a socket core, for the socket types that send (see
 * `SocketBehaviour.sends`): one ordered send loop behind a bounded queue with its overflow
 * policy, `send()` straight to the transport when nothing waits, `complete()`'s drain with its
 * deadline, and the warnings of what `next()` could not send. A socket that only receives
 * (SUB, PULL) has none of it, and an app that only receives does not bundle it.
 */
export class SendPath<Out> {
  private readonly queue = new Deque<QueueItem>()
  private readonly queueLimit: number
  private readonly overflow: OverflowPolicy
  private sending = false
  /** The message the transport has not taken yet. */
  private inFlight: QueueItem | undefined
  // sending in batches (see pumpBatch)
  /** The transport takes several messages in one turn (`sendNow`) and no turn rule needs checking. */
  private batched = false
  /** Messages handed to the transport in batches whose promise's reaction has not run yet. */
  private unsettled = 0
  /** The queued messages among them, in the order handed over: each reaction takes the first. */
  private readonly unconfirmed = new Deque<QueueItem>()
  private full = false
  private droppedCount = 0
  /** Why the sending stream ended (see `endWith`): the socket errors with it once drained. */
  endError: ZmqError | undefined
  private drainTimer: Subscription | undefined
  /** When the transport last took a message while closing (scheduler time), for the drain deadline. */
  private progressAt = 0
  /** The transport has taken a message: there may be something to linger for at close. */
  private sentAny = false
  /** Messages `next()` refused because the socket was closing or closed. */
  private refused = 0
  /** A warning about refused messages was given (or is queued): at most one per socket. */
  private refusedWarned = false
  /** What complete() gave up on while an end error was pending: told with that error. */
  private givenUpUntold = 0
  /** Send errors of next() since the last one warned of, told in one summary (see sendWarning). */
  private sendErrorsUntold = 0
  private lastSendError: ZmqError | undefined
  private sendWarningWindow: ReturnType<typeof setTimeout> | undefined

  /**
   * @param core The socket core this path sends for.
   * @param queue The `sendQueue` option, checked by the core.
   */
  constructor(
    private readonly core: SocketCore<unknown, Out>,
    queue: SendQueueConfig,
  ) {
    this.queueLimit = queue.limit ?? DEFAULT_QUEUE_LIMIT
    this.overflow = queue.overflow ?? core.behaviour.defaultOverflow ?? 'error'
  }

  /**
   * The core opened its transport socket: sends go in batches when the transport can take
   * several in one turn (`sendNow`) and the socket type has no turn rule (`beforeSend`: REQ/REP
   * keep the one-at-a-time loop).
   */
  opened(socket: TransportSocket): void {
    this.batched =
      socket.sendNow !== undefined &&
      socket.sendPromise !== undefined &&
      this.core.behaviour.beforeSend === undefined
  }

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
    const core = this.core
    if (core.state !== 'open') {
      this.refused++
      // Told with the end when its report is still to come (the cause first, in one warning);
      // else once per socket: a source that keeps pushing into a closed socket must not flood
      // stderr.
      if (core.endReportPending || this.endError !== undefined || this.refusedWarned) return
      this.refusedWarned = true
      core.report(() =>
        warn(
          new SocketClosedError(
            core.name,
            `send ${this.refused} message${this.refused === 1 ? '' : 's'} given to next()`,
            core.failure,
          ),
        ),
      )
      return
    }
    let args: SendArgs
    try {
      args = core.behaviour.encode!(value)
    } catch (error) {
      this.endWith(toZmqError(error, core.name, 'send'))
      return
    }
    this.enqueue({ args })
  }

  /** Sends one message; resolves once the transport has taken it, rejects with a typed error. */
  send(value: Out): Promise<void> {
    const core = this.core
    if (core.state !== 'open') {
      core.failureSeen = true
      return Promise.reject(new SocketClosedError(core.name, 'send', core.failure))
    }
    let args: SendArgs
    try {
      args = core.behaviour.encode!(value)
    } catch (error) {
      return Promise.reject(toZmqError(error, core.name, 'send'))
    }
    const socket = core.socket
    // batched: while earlier sends are unsettled, a send() waits in the queue as next()'s do
    // (see enqueue), so that a synchronous burst meets the queue's limit as it did one at a time
    const idle = !this.sending && this.queue.length === 0 && this.unsettled === 0
    if (idle && socket !== undefined) {
      if (this.batched) {
        const sent = this.sendBatchDirect(socket, args)
        if (sent !== undefined) return sent
      } else if (socket.sendPromise !== undefined) return this.sendDirect(socket, args)
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
    const behaviour = this.core.behaviour
    let sent: Promise<void>
    try {
      behaviour.beforeSend?.()
    } catch (error) {
      return Promise.reject(toZmqError(error, this.core.name, 'send'))
    }
    try {
      sent = socket.sendPromise!(args.frames, args.options)
    } catch (error) {
      behaviour.sendRejected?.()
      return Promise.reject(toZmqError(error, this.core.name, 'send'))
    }
    this.sending = true
    this.inFlight = DIRECT
    return sent.then(this.directSent, this.directFailed)
  }

  private readonly directSent = (): void => {
    // not in flight any more: the socket was closed meanwhile, which fails the send whatever
    // the transport did with it (as close() fails the message in flight of the send loop)
    if (this.inFlight !== DIRECT) {
      throw new SocketClosedError(this.core.name, 'send', this.core.failure)
    }
    this.inFlight = undefined
    this.taken()
    this.sending = false
    this.pump()
  }

  private readonly directFailed = (error: unknown): never => {
    const core = this.core
    if (this.inFlight !== DIRECT || core.state === 'closed') {
      throw new SocketClosedError(core.name, 'send', core.failure)
    }
    this.inFlight = undefined
    core.behaviour.sendRejected?.()
    this.sending = false
    this.pump()
    throw toZmqError(error, core.name, 'send')
  }

  /** The transport took a message. */
  private taken(): void {
    this.core.behaviour.afterSend?.()
    this.sentAny = true
    if (this.core.state === 'closing') this.progressAt = this.clock().now()
  }

  private enqueue(item: QueueItem): void {
    const core = this.core
    if (this.queue.length >= this.queueLimit) {
      if (!this.full) {
        this.full = true
        core.emit({ type: 'queue:full', depth: this.queue.length })
      }
      if (this.overflow === 'error') {
        const error = new QueueFullError(core.name, this.queueLimit, 'sendQueue', QUEUE_FULL_HINT)
        if (item.reject !== undefined) item.reject(error)
        else this.endWith(error)
        return
      }
      this.droppedCount++
      const victim = this.overflow === 'drop-newest' ? item : this.queue.shift()
      core.emit({ type: 'queue:drop', dropped: this.droppedCount, policy: this.overflow })
      victim?.reject?.(new QueueFullError(core.name, this.queueLimit, 'sendQueue', QUEUE_FULL_HINT))
      if (victim === item) return
    }
    this.queue.push(item)
    // batched: while earlier sends have not settled, the queue waits for them (batchSettled)
    if (!this.sending && this.unsettled === 0) this.pump()
  }

  /**
   * Sends what is queued, in order, one message at a time: on while the transport takes
   * messages at once, paused on one it could not take until `sendDone` says it was.
   */
  private pump(): void {
    if (this.sending) return
    this.sending = true
    if (this.batched) {
      this.pumpBatch()
      return
    }
    const core = this.core
    const behaviour = core.behaviour
    for (let item = this.queue.shift(); item !== undefined; item = this.queue.shift()) {
      // read per message: reopen() may have replaced the transport socket meanwhile
      const socket = core.socket
      if (core.state === 'closed' || socket === undefined) {
        item.reject?.(new SocketClosedError(core.name, 'send', core.failure))
        continue
      }
      if (this.full && this.queue.length === 0) {
        this.full = false
        core.emit({ type: 'queue:drain' })
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
      this.taken()
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
      this.core.behaviour.sendRejected?.()
      this.sendFailed(item, error)
    } else {
      this.taken()
      item.resolve?.()
    }
    this.sending = false
    this.pump()
  }

  // ------------------------------------------------ sending in batches (transport sendNow)

  /**
   * The send loop on a transport with `sendNow` (the native one), for socket types without a
   * turn rule (no `beforeSend`): every queued message is handed over in one turn while the
   * transport takes them at once, and each one's promise tells its message later, in order
   * (they settle in the order sent: see `batchSent`). The loop pauses on the first message the
   * transport cannot take yet, until every send handed over has settled (`batchSettled`): one
   * promise wait per batch instead of one per message. While sends are unsettled, messages
   * given to `next()` wait in the queue (see `enqueue`), so the queue's limit and overflow work
   * as for one message at a time.
   */
  private pumpBatch(): void {
    const core = this.core
    const queue = this.queue
    for (let item = queue.peek(); item !== undefined; item = queue.peek()) {
      // read per message: reopen() may have replaced the transport socket meanwhile
      const socket = core.socket
      if (core.state === 'closed' || socket === undefined) {
        queue.shift()
        item.reject?.(new SocketClosedError(core.name, 'send', core.failure))
        continue
      }
      let sent: Promise<void> | undefined
      let alone = false
      try {
        sent = socket.sendNow!(item.args.frames, item.args.options)
        if (sent === undefined) {
          // an earlier send is pending: this one waits at the head of the queue
          if (this.unsettled > 0) return
          // the transport takes this one only on its own (mandatory ROUTER, unbind under way)
          sent = socket.sendPromise!(item.args.frames, item.args.options)
          alone = true
        }
      } catch (error) {
        queue.shift()
        this.queueLeft()
        this.sendFailed(item, error)
        continue
      }
      queue.shift()
      this.queueLeft()
      this.unconfirmed.push(item)
      this.unsettled++
      sent.then(this.batchSent, this.batchFailed)
      if (alone) return
    }
    this.sending = false
    this.maybeFinish()
  }

  /** A message left the queue: `queue:drain` once a full queue is empty. */
  private queueLeft(): void {
    if (this.full && this.queue.length === 0) {
      this.full = false
      this.core.emit({ type: 'queue:drain' })
    }
  }

  /**
   * `send()` for a caller that takes the outcome as callbacks (`sendTo`, through SEND_WITH in
   * sendMembers.ts): the message is queued or handed over as `send()`'s would be, with `sent` and
   * `failed` as its item's resolve and reject, so no promise is made for it. Only on a batched
   * socket, whose sends are told in promise reactions, never within this call: `sent` comes
   * after it returns, as a promise's would (`failed` may come at once: a closed socket, an
   * invalid message, a full queue). False otherwise, with nothing done.
   */
  sendWith(value: Out, sent: () => void, failed: (error: ZmqError) => void): boolean {
    if (!this.batched) return false
    const core = this.core
    if (core.state !== 'open') {
      core.failureSeen = true
      failed(new SocketClosedError(core.name, 'send', core.failure))
      return true
    }
    let args: SendArgs
    try {
      args = core.behaviour.encode!(value)
    } catch (error) {
      failed(toZmqError(error, core.name, 'send'))
      return true
    }
    const item: QueueItem = { args, resolve: sent, reject: failed }
    const socket = core.socket
    if (!this.sending && this.queue.length === 0 && this.unsettled === 0 && socket !== undefined) {
      let handed: Promise<void> | undefined
      try {
        handed = socket.sendNow!(args.frames, args.options)
      } catch (error) {
        failed(toZmqError(error, core.name, 'send'))
        return true
      }
      if (handed !== undefined) {
        this.unconfirmed.push(item)
        this.unsettled++
        handed.then(this.batchSent, this.batchFailed)
        return true
      }
    }
    this.enqueue(item)
    return true
  }

  /**
   * `send()` on a batched socket with nothing queued: handed to the transport at once, the
   * caller getting its promise through one `then` (as sendDirect). Undefined when the
   * transport cannot take it now: it is queued then.
   */
  private sendBatchDirect(socket: TransportSocket, args: SendArgs): Promise<void> | undefined {
    let sent: Promise<void> | undefined
    try {
      sent = socket.sendNow!(args.frames, args.options)
    } catch (error) {
      return Promise.reject(toZmqError(error, this.core.name, 'send'))
    }
    if (sent === undefined) return undefined
    this.unsettled++
    return sent.then(this.batchDirectSent, this.batchDirectFailed)
  }

  // The reactions to the batched sends run in the order the messages were handed over, the
  // queued ones (in `unconfirmed`) and sendBatchDirect's alike: zeromq.js settles a send before
  // it takes the next, so a reaction is queued no later than those of the sends after it.

  private readonly batchSent = (): void => {
    this.unsettled--
    if (this.core.state === 'closed') return // shutdown has told the message's caller
    const item = this.unconfirmed.shift()!
    this.tookOne()
    item.resolve?.()
    if (this.unsettled === 0) this.batchSettled()
  }

  private readonly batchFailed = (error: unknown): void => {
    this.unsettled--
    if (this.core.state === 'closed') return
    const item = this.unconfirmed.shift()!
    this.core.behaviour.sendRejected?.()
    this.sendFailed(item, error)
    if (this.unsettled === 0) this.batchSettled()
  }

  private readonly batchDirectSent = (): void => {
    this.unsettled--
    const core = this.core
    // closed meanwhile: that fails the send whatever the transport did (as for sendDirect)
    if (core.state === 'closed') throw new SocketClosedError(core.name, 'send', core.failure)
    this.tookOne()
    if (this.unsettled === 0) this.batchSettled()
  }

  private readonly batchDirectFailed = (error: unknown): never => {
    this.unsettled--
    const core = this.core
    if (core.state === 'closed') throw new SocketClosedError(core.name, 'send', core.failure)
    core.behaviour.sendRejected?.()
    if (this.unsettled === 0) this.batchSettled()
    throw toZmqError(error, core.name, 'send')
  }

  private tookOne(): void {
    this.core.behaviour.afterSend?.()
    this.sentAny = true
    // the drain deadline's progress: once per batch is enough (the last, or the last before
    // the pending one)
    if (this.core.state === 'closing' && this.unsettled <= 1) this.progressAt = this.clock().now()
  }

  /** Every send handed over has settled: the loop goes on with what is queued, or finishes. */
  private batchSettled(): void {
    this.sending = false
    this.pump()
  }

  private sendFailed(item: QueueItem, error: unknown): void {
    const core = this.core
    if (core.state === 'closed') {
      item.reject?.(new SocketClosedError(core.name, 'send', core.failure))
      return
    }
    const err = toZmqError(error, core.name, 'send')
    if (item.reject !== undefined) item.reject(err)
    else if (err instanceof InvalidFrameError) this.endWith(err)
    else {
      // The one message is refused, as send() would be: a libzmq refusal (a timeout, an
      // unroutable peer), or a SocketStateError (a REQ's second request before the reply, a
      // REP's reply with no request), which must not cost the socket its turn in progress.
      if (!core.eventSubject.observed) this.sendWarning(err)
      core.emit({ type: 'send:error', error: err })
    }
  }

  /**
   * Warns of a message `next()` could not send, without flooding stderr: the first of a series
   * at once, the others counted and told in one summary when {@link SEND_WARNING_WINDOW_MS}
   * has passed (or the socket closes), which opens the next window.
   */
  private sendWarning(error: ZmqError): void {
    if (this.sendWarningWindow === undefined) {
      this.core.report(() => warn(error))
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
    const name = this.core.name
    const summary = new ZmqError(
      `${name}: ${count} more messages given to next() were refused (${last.code}; the last: ${last.message})`,
      { code: last.code, socketType: name, cause: last },
    )
    this.core.report(() => warn(summary))
    return true
  }

  // ---------------------------------------------------------------- closing

  /**
   * The Observer's `error()`: an immediate close, as `close()` is (queued messages are
   * discarded, the transport lingers 0), but subscribers get `error`. Always a process warning
   * too, naming the socket and the cause: an error that reaches a socket through
   * `source.subscribe(socket)` has ended a server or a stream, and its subscribers may well be
   * the very chain that failed.
   */
  error(error: unknown): void {
    const core = this.core
    if (core.state === 'closed') return
    core.fail(error instanceof ZmqError ? error : toZmqError(error, core.name, 'error'), error)
    core.failureSeen = true // warned here, not again when the end is reported
    let shown: string
    try {
      shown = error instanceof Error ? `${error.name}: ${error.message}` : describeValue(error)
    } catch {
      shown = 'an error that cannot be shown'
    }
    emitWarning(
      `${core.name}: closed by error(): ${shown}`,
      error instanceof ZmqError ? error.code : 'ERR_SOCKET_ERROR',
    )
  }

  /**
   * Ends the sending stream with an error after what was already accepted has been sent: what
   * `next()` does with a message it cannot take (an invalid frame, a full queue under 'error').
   */
  private endWith(error: ZmqError): void {
    const core = this.core
    if (core.state !== 'open') return
    this.endError = error
    core.state = 'closing'
    this.drain()
  }

  /**
   * The socket is closing (`complete()`, or the stream ended): sends what is queued, then lets
   * the core finish. Draining waits for peers; a peer that never comes, or stops taking
   * messages, must not keep the process alive for ever. The deadline runs only while no
   * progress is made: once the transport has taken no message for `linger` ms (when linger >=
   * 0), what is still queued is given up, counted and reported (see `giveUp`). A peer that
   * keeps taking gets everything.
   */
  drain(): void {
    if (this.core.linger >= 0 && (this.queue.length > 0 || this.sending || this.unsettled > 0)) {
      this.progressAt = this.clock().now()
      this.armDrainTimer(this.core.linger)
    }
    this.maybeFinish()
  }

  private clock(): SchedulerLike {
    return this.core.transport.scheduler ?? asyncScheduler
  }

  private armDrainTimer(ms: number): void {
    this.drainTimer = this.clock().schedule(() => {
      this.drainTimer = undefined
      const linger = this.core.linger
      if (this.core.state !== 'closing') return
      const idle = this.clock().now() - this.progressAt
      if (idle < linger) this.armDrainTimer(linger - idle)
      else this.giveUp()
    }, ms)
  }

  /**
   * The drain deadline expired: what is still queued (and the message the transport has not
   * taken yet) is dropped, counted in `dropped`, and reported: a `queue:expired` event, or a
   * warning when nobody listens to `events$`. `send()` callers get a SocketClosedError.
   */
  private giveUp(): void {
    const core = this.core
    const linger = core.linger
    // (batched: the reactions of the sends that settled have run by now; what is unsettled is
    // the message the transport has not taken)
    const count = this.queue.length + (this.inFlight !== undefined ? 1 : 0) + this.unsettled
    this.droppedCount += count
    this.rejectAll(
      this.endError ??
        new SocketClosedError(
          core.name,
          `send: no message was taken for ${linger} ms (linger) after complete()`,
        ),
    )
    if (count > 0) {
      const observed = core.eventSubject.observed
      core.emit({ type: 'queue:expired', count, dropped: this.droppedCount, linger })
      if (observed) {
        // told
      } else if (this.endError !== undefined) {
        this.givenUpUntold = count // told with the end error, its cause
      } else {
        const error = new ZmqError(
          `${core.name}: complete() gave up on ${count} messages: no message was taken for ${linger} ms (linger); they are counted in 'dropped'`,
          { code: 'ERR_LINGER_EXPIRED', socketType: core.name },
        )
        core.report(() => warn(error))
      }
    }
    core.finish(0)
  }

  private maybeFinish(): void {
    const core = this.core
    if (core.state !== 'closing' || this.sending || this.queue.length > 0 || this.unsettled > 0) {
      return
    }
    core.finish(core.linger)
  }

  /**
   * Rejects every queued `send()` with `error`, dropping what `next()` queued; true when a
   * caller was told.
   */
  rejectAll(error: ZmqError): boolean {
    let told = false
    for (const item of this.queue.drain()) {
      if (item.reject !== undefined) {
        item.reject(error)
        told = true
      }
    }
    return told
  }

  /**
   * The socket closes: the message in flight fails, the timers stop, the send errors not told
   * yet are. Returns the linger to close the transport socket with: none when nothing was
   * ever sent (a socket's subscriptions need not reach a peer now).
   */
  shutdown(linger: number): number {
    const inFlight = this.inFlight
    this.inFlight = undefined
    inFlight?.reject?.(new SocketClosedError(this.core.name, 'send', this.core.failure))
    // batched: what was handed over and not yet told fails as the message in flight does
    if (this.unconfirmed.length > 0) {
      for (const item of this.unconfirmed.drain()) {
        item.reject?.(new SocketClosedError(this.core.name, 'send', this.core.failure))
      }
    }
    this.drainTimer?.unsubscribe()
    if (this.sendWarningWindow !== undefined) clearTimeout(this.sendWarningWindow)
    this.sendWarningWindow = undefined
    this.tellSendErrors()
    return this.sentAny ? linger : 0
  }

  /**
   * The transport keeps delivering after the close: watched until it is done, for the exit
   * rules (above) and to warn when the linger ran out first.
   */
  delivering(done: Promise<boolean>, linger: number): Promise<void> {
    lingering.add(this as SendPath<never>)
    return done.then((delivered) => {
      lingering.delete(this as SendPath<never>)
      if (!delivered) {
        emitWarning(
          `${this.core.name}: closed with messages libzmq could not deliver within linger (${linger} ms): they were dropped`,
          'ERR_LINGER_EXPIRED',
        )
      }
    })
  }

  /** What the end's warning adds (see `SocketCore.reportEnd`): messages given up or refused. */
  notes(): string[] {
    const notes: string[] = []
    if (this.givenUpUntold > 0) {
      notes.push(
        `${this.givenUpUntold} queued messages given up after ${this.core.linger} ms without progress (counted in 'dropped')`,
      )
      this.givenUpUntold = 0
    }
    if (this.refused > 0) {
      notes.push(`${this.refused} later messages given to next() were refused`)
      this.refusedWarned = true
    }
    return notes
  }

  /** The process is ending (see `atProcessEnd` above): says what may be lost with it. */
  warnAtExit(state: 'open' | 'delivering'): void {
    if (!this.sentAny) return
    const name = this.core.name
    warnNow(
      state === 'open'
        ? `${name}: still open at process.exit(): what libzmq had not delivered yet is lost. Before process.exit(), complete() the socket and await socket.closed (or close() it to drop on purpose).`
        : `${name}: process.exit() while libzmq was still delivering after complete(): what it held is lost. Await socket.closed before process.exit().`,
      'ERR_EXIT_UNDELIVERED',
    )
  }
}
