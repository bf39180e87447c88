import type { ZmqError } from '../errors/ZmqError'
import type { Message } from '../message'

/**
 * A command for a running {@link proxy}, as `zmq_proxy_steerable` takes them on its control
 * socket: `PAUSE` stops forwarding (messages wait in libzmq, whose high-water marks then push
 * back on the peers), `RESUME` starts it again, `TERMINATE` ends the proxy and closes its
 * sockets, `STATISTICS` asks for a `proxy:statistics` event.
 *
 * ## Example
 * ```ts
 * import { Subject } from 'rxjs'
 * import { proxy, PullSocket, PushSocket, type ProxyCommand } from 'rxzmq'
 *
 * const control = new Subject<ProxyCommand>()
 * proxy({
 *   frontend: () => new PullSocket({ bind: 'tcp://*:5557' }),
 *   backend: () => new PushSocket({ bind: 'tcp://*:5558' }),
 *   control,
 * }).subscribe((event) => console.log(event.type))
 * control.next('PAUSE')
 * control.next('RESUME')
 * control.next('TERMINATE')
 * ```
 */
export type ProxyCommand = 'PAUSE' | 'RESUME' | 'TERMINATE' | 'STATISTICS'

/** One side of a {@link proxy}: `frontend` (where requests or publications come in) or `backend`. */
export type ProxySide = 'frontend' | 'backend'

/**
 * How a {@link proxy} moves messages: `native` is libzmq's own proxy, on a worker thread,
 * through zeromq.js's `Proxy`; `rx` subscribes to each side and sends what it receives to the
 * other, through the sockets' send queues, so that messages can be counted, captured or
 * transformed on the way.
 */
export type ProxyMode = 'native' | 'rx'

/**
 * The counters of one side of a {@link proxy}, as `zmq_proxy_steerable` keeps them: what was
 * received from that side's peers (`In`) and sent to them (`Out`). A multipart message counts
 * once in `messages` and once per frame in `frames` (libzmq 4.3.5's own counters count frames
 * and call them messages); its bytes are the sum of its frames' sizes, a ROUTER's routing id
 * included.
 */
export interface ProxySideStatistics {
  /** Messages received from this side. */
  readonly messagesIn: number
  /** Frames of the messages received from this side. */
  readonly framesIn: number
  /** Bytes of the messages received from this side. */
  readonly bytesIn: number
  /** Messages sent to this side. */
  readonly messagesOut: number
  /** Frames of the messages sent to this side. */
  readonly framesOut: number
  /** Bytes of the messages sent to this side. */
  readonly bytesOut: number
}

/**
 * What crossed a {@link proxy} so far, each way. Without an operator in between,
 * `frontend.messagesIn === backend.messagesOut` and `backend.messagesIn === frontend.messagesOut`.
 */
export interface ProxyStatistics {
  readonly frontend: ProxySideStatistics
  readonly backend: ProxySideStatistics
}

/**
 * What a {@link proxy} reports, as one discriminated union:
 *
 * - `proxy:start`: the sockets are open and forwarding has begun, in `mode`;
 * - `proxy:pause` / `proxy:resume`: a `PAUSE` / `RESUME` command took effect;
 * - `proxy:statistics`: the answer to a `STATISTICS` command;
 * - `proxy:capture`: one message that crossed, from the side that sent it (only with
 *   `capture: true`), in the order the proxy forwarded them;
 * - `control:error`: a command the proxy could not carry out (an unknown command, or
 *   `STATISTICS` in native mode, where zeromq.js does not count); the proxy goes on.
 */
export type ProxyEvent =
  | { readonly type: 'proxy:start'; readonly mode: ProxyMode }
  | { readonly type: 'proxy:pause' }
  | { readonly type: 'proxy:resume' }
  | { readonly type: 'proxy:statistics'; readonly statistics: ProxyStatistics }
  | { readonly type: 'proxy:capture'; readonly from: ProxySide; readonly message: Message }
  | { readonly type: 'control:error'; readonly command: string; readonly error: ZmqError }
