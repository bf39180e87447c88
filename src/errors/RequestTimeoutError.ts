import { ZmqError } from './ZmqError'

/**
 * A request that got no reply in time. `timeout` is the limit in ms; `requestId` names the
 * request's correlation id (hex). A reply that arrives later is dropped, never delivered to
 * another request.
 *
 * ## Example
 * ```ts
 * const req = new RequestSocket({ connect: 'tcp://127.0.0.1:5555', requestTimeout: 2500 })
 * req.request('Hello').subscribe({
 *   next: (reply) => console.log(reply.toString()),
 *   error: (err) => {
 *     if (err instanceof RequestTimeoutError) console.error(`no reply in ${err.timeout} ms`)
 *   },
 * })
 * ```
 */
export class RequestTimeoutError extends ZmqError {
  readonly timeout: number
  readonly requestId: string
  constructor(timeout: number, requestId: string) {
    super(`no reply to request ${requestId} within ${timeout} ms`, {
      code: 'ETIMEDOUT',
      errno: 110,
    })
    this.timeout = timeout
    this.requestId = requestId
  }
}
