import {
  asyncScheduler,
  Observable,
  Subject,
  type SchedulerLike,
  type Subscriber,
  type Subscription,
} from 'rxjs'
import { InvalidOptionError } from '../errors/InvalidOptionError'
import { RequestRetriesExhaustedError } from '../errors/RequestRetriesExhaustedError'
import { RequestTimeoutError } from '../errors/RequestTimeoutError'
import { SocketClosedError } from '../errors/SocketClosedError'
import type { Message, MessageLike } from '../message'
import { RequestSocket, type RequestConfig } from '../sockets/RequestSocket'

/** The part of a REQ socket a {@link requester} uses: native `Request` and virtual REQ fit. */
export interface RequesterSocket {
  /** Sends one request and emits its reply, then completes. */
  request(message: MessageLike): Observable<Message>
  /** Closes at once (linger 0): whatever was queued is thrown away. */
  close(): void
}

/** Options of a {@link requester}: every {@link RequestSocket} option, plus the retry policy. */
export type RequesterConfig = Omit<RequestConfig, 'bind' | 'connect' | 'linger'> & {
  /** The server's endpoint(s), e.g. `'tcp://localhost:5555'`. Each new socket connects there. */
  connect: string | readonly string[]
  /** How long one attempt waits for its reply, in ms. Default 2500 (the zguide's). */
  timeout?: number
  /**
   * How many times a request is sent again, each time on a new socket, after an attempt timed
   * out. Default 3: a request is tried at most 4 times. 0: no retry, still a fresh socket next.
   */
  retries?: number
  /** Where the timeouts are scheduled (a `TestScheduler` in tests). Default `asyncScheduler`. */
  scheduler?: SchedulerLike
  /**
   * Makes each REQ socket. Default: `new Request(config)`. Given the socket options with
   * `connect` and `linger: 0`. A test seam: pass a `VirtualNetwork`'s `request` or a fake.
   */
  createSocket?: (config: RequestConfig) => RequesterSocket
}

/** What happens to the requests of a {@link requester}, as a discriminated union. */
export type RequesterEvent =
  | {
      /** An attempt timed out; its socket was closed and the request goes again on a new one. */
      readonly type: 'request:retry'
      /** Which request (1 for the requester's first). */
      readonly request: number
      /** The attempt about to be made: 2 for the first retry. */
      readonly attempt: number
      /** The most attempts this request gets (1 + retries). */
      readonly attempts: number
      /** Why: the attempt that timed out. */
      readonly error: RequestTimeoutError
    }
  | {
      /** The last attempt timed out too: the request fails with `error`. */
      readonly type: 'request:failed'
      readonly request: number
      readonly error: RequestRetriesExhaustedError
    }

/** A REQ client that survives a dead server: made by {@link requester}. */
export interface Requester {
  /**
   * Sends one request when the requester's turn comes (requests go one at a time, in order)
   * and emits the reply, then completes. An attempt with no reply within `timeout` closes its
   * socket and goes again on a new one, up to `retries` times; then the request errors with a
   * {@link RequestRetriesExhaustedError}. Unsubscribing before the reply throws the socket
   * away too (a REQ socket waiting for a reply cannot send).
   */
  request(message: MessageLike): Observable<Message>
  /** Retries and failures, as they happen. Completes on `close()`. */
  readonly events$: Observable<RequesterEvent>
  /** Requests waiting for their turn, plus the one in flight. */
  readonly pending: number
  /** How many sockets were made so far (1 + sockets replaced after a timeout or a cancel). */
  readonly socketsCreated: number
  /** Closes the socket; requests in flight or waiting error with a SocketClosedError. */
  close(): void
}

interface Job {
  readonly number: number
  readonly message: MessageLike
  readonly subscriber: Subscriber<Message>
  inner?: Subscription
  timer?: Subscription
}

/**
 * The zguide's Lazy Pirate pattern: a REQ client with a timeout and retries that, when a
 * reply does not come in time, closes the stuck socket (linger 0), makes a fresh one and
 * sends the request again. A plain REQ socket whose server died waits for ever; a requester
 * recovers once the server is back, and gives up with a typed error when it stays away.
 *
 * ```
 * timeout 3, retries 2
 * server:     (down)        (restarted)
 * attempts:   a--x a--x a-A             x: timeout, socket closed, new socket
 * request(a): ----------------(A|)
 * events$:    ---r---r----             r: request:retry (attempt 2, then 3)
 *
 * server gone for good: request(a): ^--------# RequestRetriesExhaustedError (after 3 × 3)
 * ```
 *
 * ## Example
 * ```ts
 * const hello = requester({ connect: 'tcp://localhost:5555', timeout: 2500, retries: 3 })
 * hello.events$.subscribe((e) => console.log(e.type, e.request))
 * range(10)
 *   .pipe(concatMap(() => hello.request('Hello').pipe(text())), finalize(() => hello.close()))
 *   .subscribe({ next: console.log, error: (err) => console.error(err.message) })
 * ```
 * @see examples/hello-world/client.ts
 */
export function requester(config: RequesterConfig): Requester {
  const {
    timeout = 2500,
    retries = 3,
    scheduler = asyncScheduler,
    createSocket = (options: RequestConfig): RequesterSocket => new RequestSocket(options),
    connect,
    ...socketOptions
  } = config
  if (!(typeof timeout === 'number' && timeout > 0 && Number.isFinite(timeout))) {
    throw new InvalidOptionError(
      `requester: option 'timeout' must be a positive number of ms, got ${String(timeout)}`,
      { option: 'timeout', socketType: 'RequestSocket' },
    )
  }
  if (!(Number.isInteger(retries) && retries >= 0)) {
    throw new InvalidOptionError(
      `requester: option 'retries' must be an integer >= 0, got ${String(retries)}`,
      { option: 'retries', socketType: 'RequestSocket' },
    )
  }
  const endpoints = typeof connect === 'string' ? [connect] : [...(connect ?? [])]
  if (endpoints.length === 0 || !endpoints.every((e) => typeof e === 'string')) {
    throw new InvalidOptionError(
      `requester: option 'connect' must name the server's endpoint(s), got ${String(connect)}`,
      { option: 'connect', socketType: 'RequestSocket' },
    )
  }
  const endpoint = endpoints.join(', ')
  const attempts = retries + 1
  const events = new Subject<RequesterEvent>()
  const waiting: Job[] = []
  let active: Job | undefined
  let socket: RequesterSocket | undefined
  let created = 0
  let counter = 0
  let closed = false

  const discardSocket = (): void => {
    const stuck = socket
    socket = undefined
    stuck?.close()
  }

  /** Ends the active job's attempt (timer and reply listener), leaving the socket as it is. */
  const stopAttempt = (job: Job): void => {
    job.timer?.unsubscribe()
    job.inner?.unsubscribe()
    job.timer = undefined
    job.inner = undefined
  }

  /** The job in flight is done: the next one may go. */
  const release = (job: Job): void => {
    if (active === job) active = undefined
  }

  const pump = (): void => {
    while (active === undefined && !closed) {
      const job = waiting.shift()
      if (job === undefined) return
      if (job.subscriber.closed) continue
      active = job
      attempt(job, 1)
    }
  }

  const attempt = (job: Job, n: number): void => {
    let current: RequesterSocket
    try {
      if (socket === undefined) {
        socket = createSocket({ ...socketOptions, connect, linger: 0 })
        created++
      }
      current = socket
    } catch (error) {
      release(job)
      job.subscriber.error(error)
      return
    }
    let answered = false
    job.timer = scheduler.schedule(() => {
      if (answered || active !== job) return
      stopAttempt(job)
      discardSocket()
      const timedOut = new RequestTimeoutError(timeout, String(job.number))
      if (n < attempts) {
        events.next({
          type: 'request:retry',
          request: job.number,
          attempt: n + 1,
          attempts,
          error: timedOut,
        })
        if (active === job && !closed) attempt(job, n + 1)
        return
      }
      const failure = new RequestRetriesExhaustedError({
        attempts,
        timeout,
        endpoint,
        cause: timedOut,
      })
      events.next({ type: 'request:failed', request: job.number, error: failure })
      release(job)
      job.subscriber.error(failure)
      pump()
    }, timeout)
    job.inner = current.request(job.message).subscribe({
      next: (reply) => {
        if (answered) return
        answered = true
        stopAttempt(job)
        release(job)
        job.subscriber.next(reply)
        job.subscriber.complete()
        pump()
      },
      error: (error: unknown) => {
        if (answered) return
        answered = true
        stopAttempt(job)
        if (socket === current) discardSocket()
        release(job)
        job.subscriber.error(error)
        pump()
      },
      complete: () => {
        if (answered) return
        answered = true
        stopAttempt(job)
        if (socket === current) discardSocket()
        release(job)
        job.subscriber.error(new SocketClosedError('RequestSocket', 'wait for a reply'))
        pump()
      },
    })
    // A reply given synchronously has already stopped the attempt.
    if (answered) job.inner.unsubscribe()
  }

  return {
    request: (message) =>
      new Observable<Message>((subscriber) => {
        if (closed) {
          subscriber.error(new SocketClosedError('RequestSocket', 'request'))
          return
        }
        const job: Job = { number: ++counter, message, subscriber }
        waiting.push(job)
        pump()
        return () => {
          const index = waiting.indexOf(job)
          if (index !== -1) waiting.splice(index, 1)
          if (active === job) {
            // Cancelled while waiting for a reply: that REQ socket can never send again.
            stopAttempt(job)
            discardSocket()
            release(job)
            pump()
          }
        }
      }),
    events$: events.asObservable(),
    get pending() {
      return waiting.length + (active === undefined ? 0 : 1)
    },
    get socketsCreated() {
      return created
    },
    close: () => {
      if (closed) return
      closed = true
      const error = new SocketClosedError('RequestSocket', 'wait for a reply')
      const jobs = active === undefined ? waiting.splice(0) : [active, ...waiting.splice(0)]
      active = undefined
      for (const job of jobs) stopAttempt(job)
      discardSocket()
      for (const job of jobs) job.subscriber.error(error)
      events.complete()
    },
  }
}
