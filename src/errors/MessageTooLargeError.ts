import { ZmqError } from './ZmqError'

/**
 * A peer sent a message larger than the socket's `maxMessageSize` (or a frame larger than a
 * Buffer can hold): the connection is dropped as libzmq drops it (`EMSGSIZE`). `limit` is the
 * limit in bytes, `size` the size the message reached (counted from the frame headers, before
 * the bytes arrive).
 *
 * ## Example
 * ```ts
 * const pull = new PullSocket({
 *   bind: 'tcp://*:5558',
 *   transport: zmtpTransport(), // the ZMTP and WebSocket transports report it
 *   maxMessageSize: 1024 * 1024,
 * })
 * pull.events$.subscribe((event) => {
 *   if ('error' in event && event.error instanceof MessageTooLargeError) {
 *     console.warn(`${event.error.endpoint}: ${event.error.size} > ${event.error.limit} bytes`)
 *   }
 * })
 * ```
 */
export class MessageTooLargeError extends ZmqError {
  declare readonly errno: number
  readonly limit: number
  readonly size: number
  constructor(limit: number, size: number, endpoint?: string) {
    super(
      `a peer sent a message of at least ${size} bytes, over the limit of ${limit} bytes (maxMessageSize); the connection was dropped`,
      { code: 'EMSGSIZE', errno: 90, endpoint },
    )
    this.limit = limit
    this.size = size
  }
}
