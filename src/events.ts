import type { Event as NativeEvent } from 'zeromq'
import type { ZmqError } from './errors/ZmqError'

/** What to do when `next()`/`send()` finds the send queue at its limit. */
export type OverflowPolicy = 'error' | 'drop-newest' | 'drop-oldest'

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
 * - `error`: the socket failed and closed.
 */
export type SocketEvent =
  | NativeEvent
  | { type: 'queue:full'; depth: number }
  | { type: 'queue:drain' }
  | { type: 'queue:drop'; dropped: number; policy: OverflowPolicy }
  | { type: 'queue:expired'; count: number; dropped: number; linger: number }
  | { type: 'send:error'; error: ZmqError }
  | { type: 'error'; error: ZmqError }

/** The `type` of a {@link SocketEvent}. */
export type SocketEventType = SocketEvent['type']
