/** What a {@link ZmqError} was about, for errors that concern one endpoint or option. */
export interface ZmqErrorDetails {
  /** ZeroMQ's or rxzmq's error code, e.g. `EADDRINUSE`, `EINVAL`, `ERR_SOCKET_CLOSED`. */
  code: string
  /** The native errno, where libzmq gave one. */
  errno?: number
  /** The endpoint at fault, e.g. `tcp://127.0.0.1:5555`. */
  endpoint?: string
  /** The socket option at fault, by its zeromq.js name, e.g. `sendHighWaterMark`. */
  option?: string
  /** The socket type, e.g. `Publisher`. */
  socketType?: string
  /** The error this one wraps (a native zeromq.js error, a JSON parse error...). */
  cause?: unknown
}

/**
 * The base of every error rxzmq produces. It keeps ZeroMQ's `code` and `errno`, names the
 * endpoint or option at fault, and keeps the native error as `cause`.
 *
 * ## Example
 * ```ts
 * sub$.subscribe({
 *   error: (err) => {
 *     if (err instanceof ZmqError && err.code === 'EADDRINUSE') console.error(`${err.endpoint} is taken`)
 *   },
 * })
 * ```
 */
export class ZmqError extends Error {
  readonly code: string
  readonly errno?: number
  readonly endpoint?: string
  readonly option?: string
  readonly socketType?: string

  constructor(message: string, details: ZmqErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = new.target.name
    this.code = details.code
    if (details.errno !== undefined) this.errno = details.errno
    if (details.endpoint !== undefined) this.endpoint = details.endpoint
    if (details.option !== undefined) this.option = details.option
    if (details.socketType !== undefined) this.socketType = details.socketType
  }
}
