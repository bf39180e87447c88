import { ZmqError } from './ZmqError'

/**
 * A second ZAP handler in a process that already has one. libzmq asks the one socket bound at
 * `inproc://zeromq.zap.01` in the process (RFC 27: "There SHALL be one handler in a process"),
 * so rxzmq allows one subscription to `zapRequests()` at a time; another gets this error until
 * the first is unsubscribed. Also given when something outside rxzmq holds that endpoint.
 *
 * ## Example
 * ```ts
 * zapRequests()
 *   .pipe(authorize(allowAddresses(['127.0.0.1'])))
 *   .subscribe({
 *     error: (err) => {
 *       if (err instanceof ZapHandlerInUseError) console.error('another ZAP handler runs here')
 *     },
 *   })
 * ```
 */
export class ZapHandlerInUseError extends ZmqError {
  constructor(cause?: unknown) {
    super(
      'a ZAP handler is already bound at inproc://zeromq.zap.01 in this process; ' +
        'unsubscribe it first (only one ZAP handler per process)',
      { code: 'EADDRINUSE', errno: 98, endpoint: 'inproc://zeromq.zap.01', cause },
    )
  }
}
