import type * as zmq from 'zeromq'
import { PushBehaviour } from '../transport/pipes/behaviours/push'
import { multipart, type NativeConfig } from '../core/behaviours'
import { SocketCore, type BaseSocketConfig } from '../core/SocketCore'
import type { MessageLike } from '../message'
import { SenderSocket } from './SenderSocket'

/** Options of a {@link PushSocket} socket. */
export type PushConfig = BaseSocketConfig & NativeConfig<zmq.Push>

/**
 * A PUSH socket: an Observer whose messages go round-robin to connected PULL peers. With no
 * peer ready, messages wait in the send queue (bounded; see `sendQueue`).
 *
 * ## Example
 * ```ts
 * range(100).pipe(map(String)).subscribe(new PushSocket({ bind: 'tcp://*:5557' }))
 * ```
 * @see The example dist/examples/pipeline/ventilator.js in the package (`npx rxzmq example pipeline/ventilator`)
 */
export class PushSocket extends SenderSocket<MessageLike> {
  constructor(config: PushConfig = {}) {
    super(new SocketCore(multipart('PUSH', 'PushSocket', { pipe: PushBehaviour }), config))
  }
}
