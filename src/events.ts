import type { Event as NativeEvent } from 'zeromq'
import type { RequestTimeoutError } from './errors/RequestTimeoutError'
import type { ZmqError } from './errors/ZmqError'
import type { Message } from './message'

/**
 * A request a server could not handle (`serve()` on `events$`, `respond()` to its `events`):
 * its handler threw, rejected or errored, gave something that is no reply, or (REP) none; or
 * the request could not be read (a ROUTER message without an envelope); or the reply could not
 * be sent. The server went on with the next request.
 */
export interface RequestErrorEvent {
  readonly type: 'request:error'
  /** What went wrong: the handler's own ZmqError, or a RequestHandlerError wrapping its error. */
  readonly error: ZmqError
  /** The request as it was received (a ROUTER's with its envelope). */
  readonly request: Message
}

/**
 * What a bounded queue does with an item that finds it at its limit: `'error'` refuses it with
 * a {@link QueueFullError}, `'drop-newest'` drops that item, `'drop-oldest'` drops the item
 * waiting longest and takes the new one.
 */
export type OverflowPolicy = 'error' | 'drop-newest' | 'drop-oldest'

/**
 * What a bounded queue (see {@link QueueConfig}) reports, under the names a socket's `events$`
 * uses for its send queue:
 *
 * - `queue:full`: an item found the queue at its limit (edge: once until it drains); `depth`
 *   is how many items wait;
 * - `queue:drain`: the queue emptied after being full;
 * - `queue:drop`: an item was dropped under a drop policy: `item` is that item, `dropped` the
 *   running total of the queue's drops, `policy` the policy that dropped it.
 *
 * Operators with a `queue` option report these to their `events` Observer.
 *
 * ## Example
 * ```ts
 * interface Task {
 *   id: string
 * }
 * const events = new Subject<QueueEvent<Task>>()
 * events.subscribe((e) => {
 *   if (e.type === 'queue:drop') console.warn(`dropped ${e.item.id} (${e.dropped} so far)`)
 * })
 * tasks.pipe(roundRobinTo(peers, { queue: { limit: 100, overflow: 'drop-oldest' }, events }))
 * ```
 */
export type QueueEvent<T> =
  | { readonly type: 'queue:full'; readonly depth: number }
  | { readonly type: 'queue:drain' }
  | {
      readonly type: 'queue:drop'
      readonly item: T
      readonly dropped: number
      readonly policy: 'drop-newest' | 'drop-oldest'
    }

/**
 * Everything that happens to a socket, as one discriminated union: libzmq's monitor events
 * under zeromq.js's names (`connect`, `connect:retry`, `disconnect`, `accept`, `bind`,
 * `handshake`, `handshake:error:auth`, `end`...) and rxzmq's own:
 *
 * - `queue:full`: the send queue reached its limit (edge: once until it drains);
 * - `queue:drain`: the send queue emptied after being full;
 * - `queue:drop`: a message was dropped under a drop policy (`dropped` is the running total);
 * - `queue:expired`: `complete()` gave up on the `count` messages still queued, because no
 *   message had been taken for `linger` ms (`dropped` is the running total);
 * - `send:error`: a message from `next()` that was refused alone (libzmq's timeout, an
 *   unroutable peer; a `SocketStateError` when it breaks a REQ/REP turn); the socket goes on;
 * - `request:retry`: a `RequestSocket` request got no reply in time and goes again on a fresh
 *   transport socket (`retries`);
 * - `request:failed`: a `RequestSocket` request failed for good (timed out, out of retries,
 *   refused by the server); the socket was reset and takes the next request;
 * - `request:error`: a request `serve()` could not handle (see {@link RequestErrorEvent}); the
 *   server goes on;
 * - `error`: the socket failed and closed.
 */
export type SocketEvent =
  | NativeEvent
  | { type: 'queue:full'; depth: number }
  | { type: 'queue:drain' }
  | { type: 'queue:drop'; dropped: number; policy: OverflowPolicy }
  | { type: 'queue:expired'; count: number; dropped: number; linger: number }
  | { type: 'send:error'; error: ZmqError }
  | RequestErrorEvent
  | RequestRetryEvent
  | RequestFailedEvent
  | { type: 'error'; error: ZmqError }

/** The `type` of a {@link SocketEvent}. */
export type SocketEventType = SocketEvent['type']

/** A `RequestSocket` request that got no reply in time is sent again (Lazy Pirate `retries`). */
export interface RequestRetryEvent {
  readonly type: 'request:retry'
  /** Which request (1 for the socket's first). */
  readonly request: number
  /** The attempt about to be made: 2 for the first retry. */
  readonly attempt: number
  /** The most attempts this request gets (1 + retries). */
  readonly attempts: number
  /** Why: the attempt that timed out. */
  readonly error: RequestTimeoutError
}

/**
 * A `RequestSocket` request failed for good: `error` is a `RequestTimeoutError`, a
 * `RequestRetriesExhaustedError`, or the `HandshakeError` of a server that refused this client.
 */
export interface RequestFailedEvent {
  readonly type: 'request:failed'
  readonly request: number
  readonly error: ZmqError
}
