import type { Gather as NativeGather } from 'zeromq/draft'
import { receiveOnly, type NativeConfig } from '../core/behaviours'
import { SocketCore, type BaseSocketConfig } from '../core/SocketCore'
import type { Message } from '../message'
import { ReceiverSocket } from './ReceiverSocket'

/** Options of a {@link GatherSocket} socket (draft). */
export type GatherConfig = BaseSocketConfig & NativeConfig<NativeGather>

/**
 * A GATHER socket (draft, single-frame): the thread-safe PULL, fair-queued from Scatter peers.
 *
 * ## Example
 * ```ts
 * const gather = new GatherSocket({ connect: 'tcp://127.0.0.1:5557' })
 * gather.pipe(text()).subscribe(console.log)
 * ```
 */
export class GatherSocket extends ReceiverSocket<Message> {
  constructor(config: GatherConfig = {}) {
    super(new SocketCore(receiveOnly<Message>('GATHER', 'GatherSocket'), config))
  }
}
