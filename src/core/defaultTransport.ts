import { ZmqError } from '../errors/ZmqError'
import type { Transport } from '../transport/Transport'

let current: Transport | undefined

/**
 * Sets the transport sockets use when their config names none. The entry points set it:
 * `rxzmq` the native transport (zeromq.js), `rxzmq/web` the WebSocket one.
 *
 * ## Example
 * ```ts
 * setDefaultTransport(zmtpTransport()) // sockets without a `transport` option speak ZMTP in JS
 * const sub = new SubscriberSocket({ connect: 'tcp://127.0.0.1:5556', topics: [''] })
 * ```
 */
export function setDefaultTransport(transport: Transport): void {
  current = transport
}

/** The transport sockets use when their config names none. */
export function defaultTransport(): Transport {
  if (current === undefined) {
    throw new ZmqError(
      "no transport: import the sockets from 'rxzmq' (native) or 'rxzmq/web' (WebSocket), or pass the 'transport' option",
      { code: 'EINVAL' },
    )
  }
  return current
}
