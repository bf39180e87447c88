import { ZmqError, type ZmqErrorDetails } from './ZmqError'

/**
 * A ZMTP handshake that failed: the peer refused this socket's credentials (`status` 400, or
 * 300/500 from its ZAP handler), a mechanism or protocol mismatch (`code` is libzmq's, e.g.
 * `ERR_ZMTP_MECHANISM_MISMATCH`, `ERR_ZMTP_CRYPTOGRAPHIC`), or a peer of an incompatible socket
 * type. Reported on `events$` as `handshake:error:*`; a request that can never be answered
 * because of it fails with it.
 *
 * One family over every transport: the native transport (libzmq) reports a HandshakeError;
 * rxzmq's own ZMTP and ZWS engines, which know more, report its subclasses
 * {@link AuthenticationError} (a refusal, with `status`) and {@link ProtocolError} (a broken
 * wire protocol, with `violation`). `instanceof HandshakeError` catches all of them.
 *
 * ## Example
 * ```ts
 * const req = new RequestSocket({ connect: 'tcp://127.0.0.1:5555', ...curveClient({ serverKey }) })
 * req.request('Hello').subscribe({
 *   error: (err) => {
 *     if (err instanceof HandshakeError) console.error(err.code, err.status) // refused by the server
 *   },
 * })
 * ```
 */
export class HandshakeError extends ZmqError {
  /** The ZAP status code of an authentication failure (RFC 27): 300, 400 or 500. */
  readonly status?: number

  constructor(message: string, details: ZmqErrorDetails & { status?: number }) {
    super(message, details)
    if (details.status !== undefined) this.status = details.status
  }
}
