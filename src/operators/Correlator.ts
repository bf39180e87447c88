import type { Observable } from 'rxjs'
import type { Message, MessageLike } from '../message'

/** Many requests in flight over one DEALER-like stream; made by {@link correlate}. */
export interface Correlator {
  /**
   * Sends one request when subscribed and emits its reply's body, then completes. Errors with
   * a {@link RequestTimeoutError} when the reply does not come in time. Unsubscribing cancels:
   * a reply that comes later is dropped and counted.
   */
  request(body: MessageLike): Observable<Message>
  /** Requests waiting for their reply now. */
  readonly inFlight: number
  /** Replies dropped so far: late (after a timeout or cancel), unknown id, or malformed. */
  readonly droppedCount: number
  /** The running count of dropped replies: the current count at once, then each change. */
  readonly dropped: Observable<number>
  /**
   * Stops listening for replies: requests in flight error with a SocketClosedError, new ones
   * error at once.
   */
  close(): void
}
