import { ZmqError } from './ZmqError'

/**
 * The socket's send queue was at its limit under the `'error'` overflow policy. `limit` is the
 * queue's size. With `send()` the one message is refused; with `next()` the socket stops taking
 * messages, delivers what it had accepted, and then errors with this. A stream is sent without
 * this limit by `source.pipe(sendTo(socket))`, which waits for each message to be taken.
 */
export class QueueFullError extends ZmqError {
  readonly limit: number
  /**
   * @param hint what to do about it, after the colon; the default suits any bounded queue
   */
  constructor(socketType: string, limit: number, hint?: string) {
    super(
      `${socketType}: send queue is full (${limit} messages waiting): ` +
        (hint ??
          `the peer is slower than the producer. Raise sendQueue.limit, choose overflow 'drop-newest' or 'drop-oldest', or slow the producer (sendTo).`),
      { code: 'ERR_QUEUE_FULL', socketType },
    )
    this.limit = limit
  }
}
