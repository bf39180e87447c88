import { ZmqError } from './ZmqError'

/** The codes of a {@link ConnectionError}, as libzmq's errno names. */
export type ConnectionErrorCode = 'ECONNREFUSED' | 'ECONNRESET' | 'ETIMEDOUT'

/**
 * A connection could not be made or was lost, through no fault of the bytes on it:
 *
 * - `ECONNREFUSED`: the connection could not be opened (refused, unreachable, a TLS failure, a
 *   server that is not a WebSocket server: a browser's WebSocket API does not say which);
 * - `ECONNRESET`: it ended abnormally, or before its handshake finished;
 * - `ETIMEDOUT`: its handshake did not finish within the handshake interval.
 *
 * `endpoint` names the connection. A connecting socket tries again after its reconnect interval.
 */
export class ConnectionError extends ZmqError {
  declare readonly code: ConnectionErrorCode
  declare readonly endpoint: string
  constructor(message: string, details: { code: ConnectionErrorCode; endpoint: string }) {
    super(message, details)
  }
}
