import type * as zmq from 'zeromq'
import { DealerBehaviour } from '../transport/pipes/behaviours/dealer'
import { multipart, type NativeConfig } from '../core/behaviours'
import { SocketCore, type BaseSocketConfig } from '../core/SocketCore'
import type { Message, MessageLike } from '../message'
import { DuplexSocket } from './DuplexSocket'

/** Options of a {@link DealerSocket} socket. */
export type DealerConfig = BaseSocketConfig & NativeConfig<zmq.Dealer>

/**
 * A DEALER socket: sends round-robin to its peers, receives fair-queued from them, with no
 * envelope rules of its own. Observable and Observer.
 *
 * ## Example
 * ```ts
 * const dealer = new DealerSocket({ connect: 'tcp://127.0.0.1:5555', routingId: 'client-1' })
 * dealer.pipe(text({ frame: 1 })).subscribe((reply) => console.log('reply', reply))
 * dealer.next(['', 'Hello']) // the empty delimiter a REQ would send, then the body
 * ```
 */
export class DealerSocket extends DuplexSocket<Message, MessageLike> {
  constructor(config: DealerConfig = {}) {
    super(new SocketCore(multipart('DEALER', 'DealerSocket', { pipe: DealerBehaviour }), config))
  }
}
