import { zapOptions, type ZapDomainOptions } from './internal/zapOptions'

/** The zeromq.js options that make a socket a PLAIN server. */
export interface PlainServerOptions {
  /** ZMQ_PLAIN_SERVER */
  readonly plainServer: true
  /** ZMQ_ZAP_DOMAIN */
  readonly zapDomain?: string
  /** ZMQ_ZAP_ENFORCE_DOMAIN */
  readonly zapEnforceDomain?: boolean
}

/**
 * The socket options of a PLAIN server (RFC 24): clients send a user name and a password,
 * which the process's ZAP handler checks ({@link zapRequests} + {@link authorize} with
 * {@link allowPlain}). Without a ZAP handler libzmq refuses every PLAIN client
 * (`handshake:error:other`). PLAIN sends the password in clear: use it on trusted networks
 * only, or use CURVE.
 *
 * ## Example
 * ```ts
 * zapRequests().pipe(authorize(allowPlain({ admin: process.env.ADMIN_PASSWORD! }))).subscribe()
 * const rep = new ReplySocket({ bind: 'tcp://*:5555', ...plainServer({ zapDomain: 'global' }) })
 * ```
 * @see {@link plainClient}
 * @see The example dist/examples/security/zap.js in the package (`npx rxzmq example security/zap`)
 */
export function plainServer(options?: ZapDomainOptions): PlainServerOptions {
  return Object.freeze({ plainServer: true as const, ...zapOptions(options, 'plainServer') })
}
