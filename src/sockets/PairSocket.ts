import type * as zmq from 'zeromq'
import { PairBehaviour } from '../transport/pipes/behaviours/pair'
import { multipart, type NativeConfig } from '../core/behaviours'
import { SocketCore, type BaseSocketConfig } from '../core/SocketCore'
import type { Message, MessageLike } from '../message'
import { DuplexSocket } from './DuplexSocket'

/** Options of a {@link PairSocket} socket. */
export type PairConfig = BaseSocketConfig & NativeConfig<zmq.Pair>

/**
 * A PAIR socket: one exclusive peer, both directions. Observable and Observer.
 *
 * ## Example
 * ```ts
 * const a = new PairSocket({ bind: 'inproc://step' })
 * const b = new PairSocket({ connect: 'inproc://step' })
 * b.pipe(text()).subscribe((message) => console.log('b got', message))
 * a.next('ready')
 * ```
 */
export class PairSocket extends DuplexSocket<Message, MessageLike> {
  constructor(config: PairConfig = {}) {
    super(new SocketCore(multipart('PAIR', 'PairSocket', { pipe: PairBehaviour }), config))
  }
}
