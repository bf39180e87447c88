import type * as zmq from 'zeromq'
import { RouterBehaviour } from '../transport/pipes/behaviours/router'
import { multipart, type NativeConfig } from '../core/behaviours'
import { SocketCore, type BaseSocketConfig } from '../core/SocketCore'
import { CORE } from '../core/members'
import type { Message, MessageLike } from '../message'
import { DuplexSocket } from './DuplexSocket'

/** Options of a {@link RouterSocket} socket. */
export type RouterConfig = BaseSocketConfig & NativeConfig<zmq.Router>

/**
 * A ROUTER socket: every received message starts with the sending peer's routing id; every
 * sent message starts with the routing id of the peer it goes to. Observable and Observer.
 *
 * ```
 * received: [peerId, ...frames]     (a REQ peer's frames start with an empty delimiter)
 * next([peerId, ...frames])         goes to that peer only
 * ```
 */
export class RouterSocket extends DuplexSocket<Message, MessageLike> {
  constructor(config: RouterConfig = {}) {
    super(new SocketCore(multipart('ROUTER', 'RouterSocket', { pipe: RouterBehaviour }), config))
  }

  /** Connects, naming the peer's routing id as seen from this Router (ZMQ_CONNECT_ROUTING_ID). */
  override connect(endpoint: string, options?: { routingId?: string }): void {
    this[CORE].connect(endpoint, options)
  }
}
