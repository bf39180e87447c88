import { ZmqError } from './ZmqError'

/**
 * A bounded queue was at its limit under the `'error'` overflow policy. `limit` is the queue's
 * size; `option` names the queue's config (`'sendQueue.limit'` on a socket, `'queue.limit'` on
 * an operator).
 *
 * - A socket's send queue: with `send()` the one message is refused; with `next()` the socket
 *   stops taking messages, delivers what it had accepted, and then errors with this.
 * - An operator's `queue` (`roundRobinTo`, `loadBalance`, `consume`, `sendTo`,
 *   `reliableDispatch`): the operator's result errors with this.
 *
 * A stream is sent to a socket without the send queue's limit by `source.pipe(sendTo(socket))`,
 * which waits for each message to be taken.
 *
 * ## Example
 * ```ts
 * tasks.pipe(roundRobinTo(peers, { queue: { limit: 100 } })).subscribe({
 *   error: (err) => {
 *     if (err instanceof QueueFullError) console.error(`${err.socketType}: ${err.limit} waiting`)
 *   },
 * })
 * ```
 */
export class QueueFullError extends ZmqError {
  readonly limit: number
  /**
   * @param owner The socket class or operator whose queue is full (kept as `socketType`).
   * @param limit The queue's limit.
   * @param config The name of the queue's config in the owner's options: `'sendQueue'`
   *   (default, a socket's) or `'queue'` (an operator's).
   * @param hint What to do about it, after the colon; the default suits any bounded queue.
   */
  constructor(owner: string, limit: number, config = 'sendQueue', hint?: string) {
    super(
      config === 'sendQueue'
        ? `${owner}: send queue is full (${limit} messages waiting): ` +
            (hint ??
              `the peer is slower than the producer. Raise sendQueue.limit, choose overflow 'drop-newest' or 'drop-oldest', or slow the producer (sendTo).`)
        : `${owner}: queue is full (${limit} waiting): ` +
            (hint ??
              `the consumer is slower than the producer. Raise ${config}.limit, choose ${config}.overflow 'drop-newest' or 'drop-oldest', or slow the producer.`),
      { code: 'ERR_QUEUE_FULL', socketType: owner, option: `${config}.limit` },
    )
    this.limit = limit
  }
}
