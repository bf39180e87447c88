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
 */
export class DealerSocket extends DuplexSocket<Message, MessageLike> {
  constructor(config: DealerConfig = {}) {
    super(new SocketCore(multipart('DEALER', 'DealerSocket', { pipe: DealerBehaviour }), config))
  }
}
