import { ZmqError, type ZmqErrorDetails } from './ZmqError'

/**
 * An endpoint that cannot be bound or connected: bad syntax (`tcp://nope:xx`), an unknown or
 * unsupported transport (`foo://x`, `pgm://` without PGM support), an address already in use.
 * `endpoint` names it; `code` is ZeroMQ's (`EINVAL`, `EPROTONOSUPPORT`, `EADDRINUSE`...).
 *
 * ## Example
 * ```ts
 * try {
 *   new PullSocket({ bind: 'tcp://*:port' })
 * } catch (err) {
 *   if (err instanceof InvalidEndpointError) console.error(`${err.endpoint}: ${err.code}`)
 * }
 * ```
 */
export class InvalidEndpointError extends ZmqError {
  declare readonly endpoint: string
  constructor(message: string, details: ZmqErrorDetails & { endpoint: string }) {
    super(message, details)
  }
}
