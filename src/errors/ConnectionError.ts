import { ZmqError } from './ZmqError'

/** The codes of a {@link ConnectionError}: the operating system's names. */
export type ConnectionErrorCode =
  | 'ECONNREFUSED'
  | 'ECONNRESET'
  | 'ETIMEDOUT'
  | 'EPIPE'
  | 'EHOSTUNREACH'
  | 'ENOENT'
  | 'EPROTO'
  | (string & {})

/** Linux errno numbers of the usual codes, for errors made without one. */
const ERRNO: Record<string, number> = {
  ECONNREFUSED: 111,
  ECONNRESET: 104,
  ETIMEDOUT: 110,
  EPIPE: 32,
  EHOSTUNREACH: 113,
  ENOENT: 2,
  EPROTO: 71,
}

/**
 * A connection that failed below the messages, through no fault of the bytes on it: refused or
 * unreachable (`ECONNREFUSED`, `EHOSTUNREACH`, `ENOENT` for an ipc path nobody binds; a
 * browser's WebSocket API reports refused, unreachable, TLS failures and non-WebSocket servers
 * all as `ECONNREFUSED`), reset or ended abnormally (`ECONNRESET`), closed by the peer before its
 * handshake was done (`EPIPE`), a handshake that did not finish in time (`ETIMEDOUT`), or ended
 * by the peer with an ERROR command that is not a ZAP status (`EPROTO`). `endpoint` names the
 * connection; `cause` keeps the platform's error when there was one. A connecting socket tries
 * again after its reconnect interval.
 *
 * ## Example
 * ```ts
 * socket.events$.subscribe((event) => {
 *   if (event.type === 'connect:retry' && 'error' in event) console.warn(event.error.message)
 * })
 * ```
 */
export class ConnectionError extends ZmqError {
  declare readonly code: ConnectionErrorCode
  declare readonly errno: number
  constructor(
    message: string,
    details: { code: ConnectionErrorCode; errno?: number; endpoint?: string; cause?: unknown },
  ) {
    super(message, { ...details, errno: details.errno ?? ERRNO[details.code] ?? 0 })
  }
}
