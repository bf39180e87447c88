import { ZmqError } from './ZmqError'

/**
 * The socket's send queue was at its limit under the `'error'` overflow policy. `limit` is the
 * queue's size. With `send()` the one message is refused; with `next()` the socket stops taking
 * messages, delivers what it had accepted, and then errors with this.
 */
export class QueueFullError extends ZmqError {
  readonly limit: number
  constructor(socketType: string, limit: number) {
    super(
      `${socketType}: send queue is full (${limit} messages waiting); the peer is slower than the producer. ` +
        `Raise sendQueue.limit, choose overflow 'drop-newest' or 'drop-oldest', or slow the producer (sendTo).`,
      { code: 'ERR_QUEUE_FULL', socketType },
    )
    this.limit = limit
  }
}
