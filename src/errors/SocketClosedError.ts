import { ZmqError } from './ZmqError'

/** An operation on a socket that is closed or closing (after `complete()`, `error()`, `close()`). */
export class SocketClosedError extends ZmqError {
  constructor(socketType: string, operation: string, cause?: unknown) {
    super(`${socketType}: cannot ${operation}: the socket is closed`, {
      code: 'ERR_SOCKET_CLOSED',
      socketType,
      cause,
    })
  }
}
