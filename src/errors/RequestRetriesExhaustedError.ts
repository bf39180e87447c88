import { ZmqError } from './ZmqError'

/**
 * A request that got no reply after its first attempt and every retry, each made on a fresh
 * socket (the Lazy Pirate pattern gave up): the server is down or unreachable. `attempts` is
 * how many times the request was sent (1 + retries), `timeout` how long each attempt waited,
 * in ms, `endpoint` where it was sent. `cause` is the last attempt's {@link RequestTimeoutError}.
 *
 * ## Example
 * ```ts
 * const req = new RequestSocket({ connect: 'tcp://127.0.0.1:5555', requestTimeout: 2500, retries: 3 })
 * req.request('Hello').subscribe({
 *   error: (err) => {
 *     if (err instanceof RequestRetriesExhaustedError) {
 *       console.error(`${err.endpoint}: no reply after ${err.attempts} attempts`)
 *     }
 *   },
 * })
 * ```
 */
export class RequestRetriesExhaustedError extends ZmqError {
  readonly attempts: number
  readonly timeout: number
  constructor(details: { attempts: number; timeout: number; endpoint: string; cause?: unknown }) {
    const { attempts, timeout, endpoint } = details
    super(
      `no reply from ${endpoint} after ${attempts} attempt${attempts === 1 ? '' : 's'} of ${timeout} ms each (each retry on a new socket): the server seems to be offline`,
      {
        code: 'ETIMEDOUT',
        errno: 110,
        endpoint,
        socketType: 'RequestSocket',
        cause: details.cause,
      },
    )
    this.attempts = attempts
    this.timeout = timeout
  }
}
