import { ZmqError } from './ZmqError'

/**
 * A connection that failed below the messages: refused (`ECONNREFUSED`), reset
 * (`ECONNRESET`), closed by the peer before its handshake was done (`EPIPE`), unreachable
 * (`EHOSTUNREACH`, `ENOENT` for an ipc path nobody binds), or ended by the peer with an ERROR
 * command that is not a ZAP status (`EPROTO`). `code` and `errno` are the operating system's
 * names and (positive) numbers; `cause` keeps Node's error when there was one.
 */
export class ConnectionError extends ZmqError {
  declare readonly errno: number
  constructor(
    message: string,
    details: { code: string; errno: number; endpoint?: string; cause?: unknown },
  ) {
    super(message, details)
  }
}
