import { asyncScheduler, Observable, type Subscriber, type Subscription } from 'rxjs'
import type * as zmq from 'zeromq'
import { ReqBehaviour } from '../transport/pipes/behaviours/req'
import { multipart, type NativeConfig } from '../core/behaviours'
import { describeValue } from '../core/describeValue'
import { CORE } from '../core/members'
import { readConfig, readProperty } from '../core/readConfig'
import { reopen } from '../core/reopen'
import { SocketCore, type BaseSocketConfig } from '../core/SocketCore'
import { HandshakeError } from '../errors/HandshakeError'
import { InvalidArgumentError } from '../errors/InvalidArgumentError'
import { InvalidOptionError } from '../errors/InvalidOptionError'
import { RequestRetriesExhaustedError } from '../errors/RequestRetriesExhaustedError'
import { RequestTimeoutError } from '../errors/RequestTimeoutError'
import { SocketClosedError } from '../errors/SocketClosedError'
import { SocketStateError } from '../errors/SocketStateError'
import type { ZmqError } from '../errors/ZmqError'
import type { SocketEvent } from '../events'
import type { Message, MessageLike } from '../message'
import { DuplexSocket } from './DuplexSocket'

/** Options of a {@link RequestSocket} socket. */
export type RequestConfig = BaseSocketConfig &
  NativeConfig<zmq.Request> & {
    /**
     * How long `request()` waits for a reply, in ms, unless the call says otherwise. Default:
     * no limit for a plain socket; 2500 (the zguide's) with `retries`. A request with no reply
     * in time fails with a {@link RequestTimeoutError} (or is sent again, see `retries`), and
     * the socket is reset: a REQ socket waiting for a reply that was lost could never send
     * again.
     */
    requestTimeout?: number
    /**
     * The Lazy Pirate pattern: how many times a request with no reply in time is sent again,
     * each time on a fresh transport socket (the stuck one is closed with linger 0; the new
     * one has the same options and connects to the same endpoints). Then the request fails
     * with a {@link RequestRetriesExhaustedError}. Default 0. Needs a connect-only socket: a
     * socket that binds cannot be replaced under its peers.
     */
    retries?: number
  }

/** Options of one {@link RequestSocket.request} call. */
export interface RequestOptions {
  /** How long this request waits for its reply, in ms (each attempt, with retries). */
  timeout?: number
}

interface Job {
  readonly number: number
  readonly message: MessageLike
  readonly timeout: number | undefined
  readonly subscriber: Subscriber<Message>
  attempt: number
  /** The live attempt; a reply, error or timeout of any other attempt is ignored. */
  token: object | undefined
  replies: Subscription | undefined
  timer: Subscription | undefined
}

const DEFAULT_RETRY_TIMEOUT = 2500

/**
 * A REQ socket: strictly one request, then its reply. {@link RequestSocket.request} does the
 * alternation for you, queueing requests behind each other (one turn queue per socket).
 * Sending a second request before the reply (with `send`/`next`) is refused with a
 * {@link SocketStateError} (`EFSM`) instead of the call libzmq would leave pending forever:
 * `send()` rejects, `next()` reports a `send:error` event; the request in progress and its
 * reply are kept.
 *
 * With `requestTimeout` a request that gets no reply in time fails with a
 * {@link RequestTimeoutError}, and with `retries` it is sent again on a fresh transport socket
 * first (the zguide's Lazy Pirate): a client that survives a server restart and gives up with
 * a typed error when the server stays away. `events$` reports `request:retry` and
 * `request:failed`.
 *
 * ```
 * requestTimeout 3, retries 2
 * server:     (down)        (restarted)
 * attempts:   a--x a--x a-A             x: timeout, transport socket replaced
 * request(a): ----------------(A|)
 * events$:    ---r---r----             r: request:retry (attempt 2, then 3)
 *
 * server gone for good: request(a): ^--------# RequestRetriesExhaustedError (after 3 × 3)
 * ```
 *
 * ## Example
 * ```ts
 * const req = new RequestSocket({ connect: 'tcp://localhost:5555', requestTimeout: 2500, retries: 3 })
 * range(3)
 *   .pipe(concatMap(() => req.request('Hello')), text(), finalize(() => req.close()))
 *   .subscribe({ next: console.log, error: (err) => console.error(err.message) })
 * ```
 * @see The example dist/examples/hello-world/client.js in the package (`npx rxzmq example hello-world/client`)
 */
export class RequestSocket extends DuplexSocket<Message, MessageLike> {
  private readonly requestTimeout: number | undefined
  private readonly retries: number
  private readonly secured: boolean
  private readonly endpointsShown: () => string
  private readonly waiting: Job[] = []
  private active: Job | undefined
  private counter = 0
  private awaitingReply = false

  constructor(config: RequestConfig = {}) {
    const {
      requestTimeout: timeoutOption,
      retries: retriesOption,
      ...rest
    } = readConfig(config, 'RequestSocket')
    const retries = checkRetries(retriesOption)
    const requestTimeout =
      checkTimeout(timeoutOption, 'requestTimeout', optionError) ??
      (retries > 0 ? DEFAULT_RETRY_TIMEOUT : undefined)
    if (retries > 0 && rest.bind !== undefined) {
      throw optionError(
        'retries',
        "option 'retries' needs a connect-only socket (a socket that binds cannot be replaced under its peers): drop 'bind' or 'retries'",
      )
    }
    // ZMQ_REQ_RELAXED is write-only in zeromq.js (it reads back undefined): keep what was asked
    const relaxed = rest.relaxed === true
    // A CURVE or PLAIN client can be refused by the server's ZAP handler: watch for it.
    const secured = rest.curveServerKey !== undefined || rest.plainUsername !== undefined
    let self: RequestSocket | undefined
    super(
      new SocketCore(
        multipart('REQ', 'RequestSocket', {
          pipe: ReqBehaviour,
          options: ['requestTimeout', 'retries'],
          beforeSend: () => {
            if (self!.awaitingReply && !relaxed) {
              throw new SocketStateError(
                'RequestSocket: cannot send a request before the reply to the previous one arrived (use request(), which waits its turn)',
                'RequestSocket',
              )
            }
            self!.awaitingReply = true
          },
          sendRejected: () => {
            self!.awaitingReply = false
          },
          afterReceive: () => {
            self!.awaitingReply = false
          },
          onEvent: (event) => self!.connectionEvent(event),
        }),
        rest,
      ),
    )
    self = this
    this.requestTimeout = requestTimeout
    this.retries = retries
    this.secured = secured
    const core = this[CORE]
    this.endpointsShown = () => core.endpoints().join(', ') || '(no endpoint)'
  }

  /** Binds an endpoint; refused with an InvalidOptionError when the socket has `retries`. */
  override bind(endpoint: string): Promise<string> {
    if (this.retries > 0) {
      return Promise.reject(
        optionError(
          'retries',
          "a socket with 'retries' cannot bind (it is replaced under its peers on a retry)",
        ),
      )
    }
    return super.bind(endpoint)
  }

  /** Requests waiting for their turn, plus the one in flight. */
  get pendingRequests(): number {
    return this.waiting.length + (this.active === undefined ? 0 : 1)
  }

  /**
   * Sends one request when the socket's turn comes and emits its reply, then completes.
   * Requests made together are sent one after the other, in order. `options.timeout` (ms)
   * overrides the socket's `requestTimeout` for this request.
   *
   * With no reply in time the request fails with a {@link RequestTimeoutError} (with
   * `retries`, it is first sent again on a fresh transport socket, up to `retries` times; then
   * it fails with a {@link RequestRetriesExhaustedError}), and the socket is reset so that
   * the next request can go. Unsubscribing before the reply resets the socket too. A request
   * refused outright (the server turned this client's credentials down) fails at once with
   * a {@link HandshakeError}.
   *
   * ```
   * request('a'):               ----(reply a|)
   * request('a', {timeout: 3}): ---#              RequestTimeoutError, socket reset
   * ```
   */
  request(message: MessageLike, options?: RequestOptions): Observable<Message> {
    const timeout = readRequestTimeout(options) ?? this.requestTimeout
    return new Observable<Message>((subscriber) => {
      if (this[CORE].isClosed) {
        subscriber.error(new SocketClosedError('RequestSocket', 'request'))
        return
      }
      const job: Job = {
        number: ++this.counter,
        message,
        timeout,
        subscriber,
        attempt: 0,
        token: undefined,
        replies: undefined,
        timer: undefined,
      }
      this.waiting.push(job)
      this.pump()
      return () => {
        const at = this.waiting.indexOf(job)
        if (at !== -1) this.waiting.splice(at, 1)
        if (this.active !== job) return
        // Cancelled while waiting for a reply: this REQ socket could never send again.
        this.stopAttempt(job)
        this.active = undefined
        this.reset()
        this.pump()
      }
    })
  }

  /** Starts the next waiting request if none is in flight. */
  private pump(): void {
    while (this.active === undefined) {
      const job = this.waiting.shift()
      if (job === undefined) return
      if (job.subscriber.closed) continue
      this.active = job
      this.attempt(job)
    }
  }

  private attempt(job: Job): void {
    const core = this[CORE]
    const token = {}
    job.token = token
    job.attempt++
    // From the first request on, a secured socket watches its handshakes (the monitor starts
    // once, and like any monitored socket keeps the process alive until closed).
    if (this.secured) core.watchConnections()
    // The request goes first, then the receive for its reply starts: zeromq.js checks a pending
    // receive again after every send (one more zmq_getsockopt(ZMQ_EVENTS), a poll and a getpid
    // system call), which a receive started after the send does not cost. No reply can be
    // delivered in between: delivery starts with the subscription below.
    core.send(job.message).catch((error: unknown) => {
      if (job.token === token) this.settle(job).error(error)
    })
    const replies = core.messages.subscribe({
      next: (reply: Message) => {
        if (job.token === token) this.settle(job).next(reply)
      },
      error: (error: unknown) => {
        if (job.token === token) this.settle(job).error(error)
      },
      complete: () => {
        if (job.token === token) {
          this.settle(job).error(new SocketClosedError('RequestSocket', 'receive the reply'))
        }
      },
    })
    if (job.token !== token) {
      replies.unsubscribe() // settled at once: the socket was closed
      return
    }
    job.replies = replies
    if (job.timeout !== undefined && job.token === token) {
      const timeout = job.timeout
      job.timer = asyncScheduler.schedule(() => this.timedOut(job, token, timeout), timeout)
    }
  }

  /**
   * Ends the request in flight: its attempt stops, the next request's turn comes, and what
   * is returned tells its subscriber how it ended.
   */
  private settle(job: Job): { next(reply: Message): void; error(error: unknown): void } {
    this.stopAttempt(job)
    if (this.active === job) this.active = undefined
    const subscriber = job.subscriber
    this.pump()
    return {
      next: (reply) => {
        subscriber.next(reply)
        subscriber.complete()
      },
      error: (error) => subscriber.error(error),
    }
  }

  private stopAttempt(job: Job): void {
    job.token = undefined
    job.timer?.unsubscribe()
    job.replies?.unsubscribe()
    job.timer = undefined
    job.replies = undefined
  }

  private timedOut(job: Job, token: object, timeout: number): void {
    if (job.token !== token) return
    this.stopAttempt(job)
    const core = this[CORE]
    const timedOut = new RequestTimeoutError(timeout, String(job.number))
    const attempts = this.retries + 1
    if (job.attempt < attempts) {
      core.event({
        type: 'request:retry',
        request: job.number,
        attempt: job.attempt + 1,
        attempts,
        error: timedOut,
      })
      this.reset()
      this.attempt(job)
      return
    }
    const failure: ZmqError =
      this.retries > 0
        ? new RequestRetriesExhaustedError({
            attempts,
            timeout,
            endpoint: this.endpointsShown(),
            cause: timedOut,
          })
        : timedOut
    this.fail(job, failure)
  }

  /**
   * A server that refused this client's credentials (`handshake:error:auth`) will refuse it
   * on every attempt: the request in flight fails at once with a HandshakeError saying so, and
   * is not retried. With several endpoints another server may still answer: then the refusal
   * only shows on `events$`.
   */
  private connectionEvent(event: SocketEvent): void {
    const job = this.active
    if (event.type !== 'handshake:error:auth' || job === undefined) return
    const endpoints = this[CORE].endpoints()
    if (endpoints.length !== 1) return
    const refusal = event.error as ZmqError & { status?: number }
    const status = refusal.status
    this.fail(
      job,
      new HandshakeError(
        `RequestSocket: request ${job.number} refused: the server at ${event.address ?? endpoints[0]} refused this client's credentials${status === undefined ? '' : ` (ZAP status ${status})`}; not retried`,
        {
          code: refusal.code ?? 'EACCES',
          errno: refusal.errno,
          endpoint: event.address ?? endpoints[0],
          socketType: 'RequestSocket',
          cause: refusal,
          status,
        },
      ),
    )
  }

  /** Fails the request in flight for good (`request:failed`) and resets the socket. */
  private fail(job: Job, failure: ZmqError): void {
    this.stopAttempt(job)
    this[CORE].event({ type: 'request:failed', request: job.number, error: failure })
    this.reset()
    this.settle(job).error(failure)
  }

  /**
   * A REQ socket waiting for a reply that will not come can never send again: replace its
   * transport socket (same options, same endpoints; subscribers and events$ stay).
   */
  private reset(): void {
    this.awaitingReply = false
    reopen(this)
  }
}

function optionError(option: string, message: string): InvalidOptionError {
  return new InvalidOptionError(`RequestSocket: ${message}`, {
    option,
    socketType: 'RequestSocket',
  })
}

function checkRetries(retries: unknown): number {
  if (retries === undefined) return 0
  if (typeof retries === 'number' && Number.isInteger(retries) && retries >= 0) return retries
  throw optionError(
    'retries',
    `option 'retries' must be an integer >= 0, got ${describeValue(retries)}`,
  )
}

function checkTimeout(
  timeout: unknown,
  name: string,
  refuse: (name: string, message: string) => Error,
): number | undefined {
  if (timeout === undefined) return undefined
  if (typeof timeout === 'number' && timeout > 0 && Number.isFinite(timeout)) return timeout
  throw refuse(name, `'${name}' must be a positive number of ms, got ${describeValue(timeout)}`)
}

function readRequestTimeout(options: unknown): number | undefined {
  if (options === undefined) return undefined
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError(
      `RequestSocket.request: 'options' must be an object, got ${describeValue(options)}`,
      { argument: 'options', socketType: 'RequestSocket' },
    )
  }
  let timeout: unknown
  try {
    timeout = readProperty(options, 'timeout', 'RequestSocket', 'timeout')
  } catch (error) {
    throw new InvalidArgumentError(`RequestSocket.request: 'options.timeout' cannot be read`, {
      argument: 'options.timeout',
      socketType: 'RequestSocket',
      cause: error,
    })
  }
  return checkTimeout(
    timeout,
    'timeout',
    (name, message) =>
      new InvalidArgumentError(`RequestSocket.request: ${message}`, {
        argument: `options.${name}`,
        socketType: 'RequestSocket',
      }),
  )
}
