import { ZmqError } from './ZmqError'

/**
 * An operation the socket's pattern forbids in its current state (ZeroMQ's `EFSM`): a Request
 * socket sending a second request before the first reply, a Reply socket sending with no
 * request to answer. libzmq would leave such a call pending forever; rxzmq refuses it.
 *
 * ## Example
 * ```ts
 * const rep = new ReplySocket({ bind: 'tcp://*:5555' })
 * rep.send('World').catch((err) => {
 *   if (err instanceof SocketStateError) console.error(err.code) // 'EFSM': no request to answer
 * })
 * ```
 */
export class SocketStateError extends ZmqError {
  constructor(message: string, socketType: string) {
    super(message, { code: 'EFSM', errno: 156384763, socketType })
  }
}
