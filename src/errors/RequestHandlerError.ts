import { ZmqError } from './ZmqError'

/**
 * A request a server could not handle: its handler threw, rejected or errored (the original
 * error is the `cause`), or, on a REP socket, gave no reply at all (`code` `ERR_NO_REPLY`).
 * Reported on the socket's `events$` as `request:error` (by `serve()`) or to `respond()`'s
 * `events`; the server goes on with the next request. A handler's own `ZmqError` (a
 * `DecodeError` from a codec...) is reported as it is, not wrapped.
 *
 * ## Example
 * ```ts
 * const rep = new ReplySocket({ bind: 'tcp://*:5555' })
 * rep.events$.subscribe((event) => {
 *   if (event.type === 'request:error' && event.error instanceof RequestHandlerError) {
 *     console.error('handler failed:', event.error.cause)
 *   }
 * })
 * rep.serve((request) => JSON.stringify(JSON.parse(String(request[0])))) // throws on bad JSON
 * ```
 */
export class RequestHandlerError extends ZmqError {
  constructor(message: string, details: { code?: string; socketType?: string; cause?: unknown }) {
    super(message, {
      code: details.code ?? 'ERR_REQUEST_HANDLER',
      socketType: details.socketType,
      cause: details.cause,
    })
  }
}
