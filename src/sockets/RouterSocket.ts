import type { Subscription } from 'rxjs'
import type * as zmq from 'zeromq'
import { RouterBehaviour } from '../transport/pipes/behaviours/router'
import { multipart, type NativeConfig } from '../core/behaviours'
import { CORE } from '../core/members'
import { serveLoop } from '../core/serve'
import { SocketCore, type BaseSocketConfig } from '../core/SocketCore'
import { InvalidArgumentError } from '../errors/InvalidArgumentError'
import { SocketStateError } from '../errors/SocketStateError'
import type { ZmqError } from '../errors/ZmqError'
import { checkConcurrency } from '../internal/checkConcurrency'
import { handleRouterRequest } from '../internal/handleRequest'
import type { Message, MessageLike, ReplyInput } from '../message'
import type { Envelope } from '../operators/Envelope'
import { DuplexSocket } from './DuplexSocket'
import { readOnError } from './ReplySocket'

/** Options of a {@link RouterSocket} socket. */
export type RouterConfig = BaseSocketConfig & NativeConfig<zmq.Router>

/** Options of {@link RouterSocket.serve}. */
export interface RouterServeConfig {
  /**
   * How many requests are handled at once; the others wait, in order. Default `Infinity`
   * (each request is handled as it comes).
   */
  concurrency?: number
  /**
   * The reply to a request that could not be handled; `undefined` sends none. Default: none
   * (the request is dropped; a REQ client times out). A message without an envelope is
   * dropped whatever this says: there is nobody to answer.
   */
  onError?: (error: ZmqError, body: Message, envelope: Envelope) => ReplyInput | undefined
}

/**
 * A ROUTER socket: every received message starts with the sending peer's routing id; every
 * sent message starts with the routing id of the peer it goes to. Observable and Observer.
 * {@link RouterSocket.serve} is a request/reply server over it.
 *
 * ```
 * received: [peerId, ...frames]     (a REQ peer's frames start with an empty delimiter)
 * next([peerId, ...frames])         goes to that peer only
 * ```
 *
 * ## Example
 * ```ts
 * const router = new RouterSocket({ bind: 'tcp://*:5555' })
 * router.serve((body) => `Hello ${body[0]}`)
 * ```
 */
export class RouterSocket extends DuplexSocket<Message, MessageLike> {
  private serving: Subscription | undefined

  constructor(config: RouterConfig = {}) {
    super(new SocketCore(multipart('ROUTER', 'RouterSocket', { pipe: RouterBehaviour }), config))
  }

  /** Connects, naming the peer's routing id as seen from this Router (ZMQ_CONNECT_ROUTING_ID). */
  override connect(endpoint: string, options?: { routingId?: string }): void {
    this[CORE].connect(endpoint, options)
  }

  /**
   * Serves requests of REQ peers (or DEALERs that send an empty delimiter) until the returned
   * Subscription is unsubscribed or the socket closes: each request's envelope is split off,
   * `handler` gets the body (and the envelope), and every reply it gives goes back to the
   * peer that asked, whatever the order. A reply is a `MessageLike` (one reply, never
   * iterated) or an Observable or Promise of replies. `respond()` is the same loop as an
   * operator.
   *
   * Each request is handled on its own: a handler that throws, rejects or errors, or a
   * message without an envelope, is reported on `events$` as `request:error` and as a process
   * warning (at most one a second, with the count of the others), and answered with
   * `onError`'s reply (default: none). The server goes on with the next request.
   *
   * One `serve()` at a time per socket: a second is a {@link SocketStateError}.
   *
   * ## Example
   * ```ts
   * const router = new RouterSocket({ bind: 'tcp://*:5555' })
   * router.serve((body) => lookup(body[0].toString()), {
   *   concurrency: 100,
   *   onError: (error) => ['ERROR', error.code],
   * })
   * ```
   */
  serve(
    handler: (body: Message, envelope: Envelope) => ReplyInput,
    config: RouterServeConfig = {},
  ): Subscription {
    const where = 'RouterSocket.serve'
    if (typeof handler !== 'function') {
      throw new InvalidArgumentError(`${where}: 'handler' must be a function`, {
        argument: 'handler',
        socketType: 'RouterSocket',
      })
    }
    const onError = readOnError<RouterServeConfig['onError']>(config, where)
    const concurrency = checkConcurrency(config.concurrency ?? Infinity, where)
    if (this.serving !== undefined && !this.serving.closed) {
      throw new SocketStateError(
        `${where}: the socket is served already; unsubscribe the first serve() first`,
        'RouterSocket',
      )
    }
    const core = this[CORE] as SocketCore<Message, MessageLike>
    const serving = serveLoop(core, where, concurrency, (message, report) =>
      handleRouterRequest(message, where, handler, onError, report),
    )
    this.serving = serving
    return serving
  }
}
