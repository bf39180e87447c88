import type { Observable } from 'rxjs'
import type { Message, MessageLike } from '../message'

/**
 * What a {@link Correlator} reports on `events$`, as a `{ type }` union:
 *
 * - `reply:drop`: a reply was dropped, never delivered. `reason` says why: `'unknown-id'`, no
 *   request with its id waits (it timed out or was cancelled before the reply came, or never
 *   was); `'malformed'`, it has no id frame or no empty delimiter after it. `dropped` is the
 *   running total (as `droppedCount`), `reply` the message as it came.
 *
 * ## Example
 * ```ts
 * rpc.events$.subscribe((e) => console.warn(`${e.type} (${e.reason}), ${e.dropped} so far`))
 * ```
 */
export type CorrelatorEvent = {
  readonly type: 'reply:drop'
  readonly reason: 'unknown-id' | 'malformed'
  readonly dropped: number
  readonly reply: Message
}

/**
 * Many requests in flight over one DEALER-like stream; made by {@link correlate}.
 *
 * ## Example
 * ```ts
 * const rpc = correlate(dealer, (message) => dealer.next(message), { timeout: 2500 })
 * rpc.events$.subscribe((e) => console.warn(`reply dropped: ${e.reason}`))
 * rpc.request('ping').subscribe((reply) => console.log(reply.toString()))
 * ```
 */
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
  /**
   * What happens besides the replies: each dropped reply as `reply:drop`. Hot, like a
   * socket's `events$`: a subscriber sees what happens after it subscribed (`droppedCount`
   * has the total). Completes on `close()`.
   */
  readonly events$: Observable<CorrelatorEvent>
  /**
   * Stops listening for replies: requests in flight error with a SocketClosedError, new ones
   * error at once; `events$` completes.
   */
  close(): void
}
