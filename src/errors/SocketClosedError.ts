import { ZmqError } from './ZmqError'

/**
 * An operation on a socket that is closed or closing (after `complete()`, `error()`, `close()`).
 *
 * ## Example
 * ```ts
 * const push = new PushSocket({ connect: 'tcp://127.0.0.1:5557' })
 * push.close()
 * push.send('late').catch((err) => {
 *   if (err instanceof SocketClosedError) console.error(err.code) // 'ERR_SOCKET_CLOSED'
 * })
 * ```
 */
export class SocketClosedError extends ZmqError {
  constructor(socketType: string, operation: string, cause?: unknown) {
    super(`${socketType}: cannot ${operation}: the socket is closed`, {
      code: 'ERR_SOCKET_CLOSED',
      socketType,
      cause,
    })
  }
}
