import type * as zmq from 'zeromq'
import { XSubBehaviour } from '../transport/pipes/behaviours/xsub'
import { multipart, type NativeConfig } from '../core/behaviours'
import { SocketCore, type BaseSocketConfig } from '../core/SocketCore'
import type { Message, MessageLike } from '../message'
import { DuplexSocket } from './DuplexSocket'

/** Options of an {@link XSubscriberSocket} socket. */
export type XSubscriberConfig = BaseSocketConfig & NativeConfig<zmq.XSubscriber>

/**
 * An XSUB socket: a Subscriber whose subscriptions are messages it sends — `[0x01, ...topic]`
 * subscribes, `[0x00, ...topic]` unsubscribes. Observable of what publishers send.
 *
 * ## Example
 * ```ts
 * const xsub = new XSubscriberSocket({ connect: 'tcp://127.0.0.1:5556' })
 * xsub.pipe(text({ frame: 1 })).subscribe(console.log)
 * xsub.next(Buffer.from('\x01clock')) // subscribe to 'clock'
 * ```
 */
export class XSubscriberSocket extends DuplexSocket<Message, MessageLike> {
  constructor(config: XSubscriberConfig = {}) {
    super(new SocketCore(multipart('XSUB', 'XSubscriberSocket', { pipe: XSubBehaviour }), config))
  }
}
