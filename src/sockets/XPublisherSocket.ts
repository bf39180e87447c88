import type * as zmq from 'zeromq'
import { XPubBehaviour } from '../transport/pipes/behaviours/xpub'
import { multipart, type NativeConfig } from '../core/behaviours'
import { SocketCore, type BaseSocketConfig } from '../core/SocketCore'
import type { Message, MessageLike } from '../message'
import { DuplexSocket } from './DuplexSocket'

/** Options of an {@link XPublisherSocket} socket. */
export type XPublisherConfig = BaseSocketConfig & NativeConfig<zmq.XPublisher>

/**
 * An XPUB socket: a Publisher that also receives its subscribers' subscription messages —
 * `[0x01, ...topic]` to subscribe, `[0x00, ...topic]` to unsubscribe. Observable of those,
 * Observer of what it publishes. The building block of proxies, last-value caches and
 * slow-joiner synchronisation.
 *
 * ## Example
 * ```ts
 * const xpub = new XPublisherSocket({ bind: 'tcp://*:5556' })
 * xpub.subscribe(([frame]) => {
 *   const topic = frame.subarray(1).toString()
 *   console.log(frame[0] === 1 ? `subscribe '${topic}'` : `unsubscribe '${topic}'`)
 * })
 * interval(1000).pipe(map((i) => ['clock', String(i)])).subscribe(xpub)
 * ```
 */
export class XPublisherSocket extends DuplexSocket<Message, MessageLike> {
  constructor(config: XPublisherConfig = {}) {
    super(
      new SocketCore(
        multipart('XPUB', 'XPublisherSocket', {
          pipe: XPubBehaviour,
          defaultOverflow: 'drop-newest',
        }),
        config,
      ),
    )
  }
}
