import type * as zmq from 'zeromq'
import { PullBehaviour } from '../transport/pipes/behaviours/pull'
import { receiveOnly, type NativeConfig } from '../core/behaviours'
import { SocketCore, type BaseSocketConfig } from '../core/SocketCore'
import type { Message } from '../message'
import { ReceiverSocket } from './ReceiverSocket'

/** Options of a {@link PullSocket} socket. */
export type PullConfig = BaseSocketConfig & NativeConfig<zmq.Pull>

/**
 * A PULL socket: an Observable of the messages its PUSH peers send, fair-queued between peers.
 * For a socket that lives as long as one subscription, see {@link fromPull}.
 *
 * ## Example
 * ```ts
 * const pull = new PullSocket({ bind: 'tcp://*:5558' })
 * pull.pipe(text(), take(100)).subscribe({
 *   next: (result) => console.log(result),
 *   complete: () => pull.close(),
 * })
 * ```
 *
 * @see The example dist/examples/pipeline/sink.js in the package (`npx rxzmq example pipeline/sink`)
 */
export class PullSocket extends ReceiverSocket<Message> {
  constructor(config: PullConfig = {}) {
    super(new SocketCore(receiveOnly('PULL', 'PullSocket', { pipe: PullBehaviour }), config))
  }
}
