import type * as zmq from 'zeromq'
import { PubBehaviour } from '../transport/pipes/behaviours/pub'
import { multipart, type NativeConfig } from '../core/behaviours'
import { SocketCore, type BaseSocketConfig } from '../core/SocketCore'
import type { MessageLike } from '../message'
import { SenderSocket } from './SenderSocket'

/** Options of a {@link PublisherSocket}: rxzmq's own plus every zeromq.js Publisher option. */
export type PublisherConfig = BaseSocketConfig & NativeConfig<zmq.Publisher>

/**
 * A PUB socket: an Observer whose messages go to every connected subscriber whose subscription
 * matches the first frame. It never blocks: at a subscriber's high-water mark libzmq drops.
 * It cannot be subscribed to.
 *
 * ```
 * source:       --a--b--c--|
 * publisher:    (sends a, b, c to each matching subscriber; closes after c)
 * ```
 *
 * ## Example
 * ```ts
 * const pub = new PublisherSocket({ bind: 'tcp://*:5556' })
 * interval(100)
 *   .pipe(map(() => `10001 ${temp()} ${humidity()}`))
 *   .subscribe(pub)
 * ```
 * @see The example dist/examples/weather/server.js in the package (`npx rxzmq example weather/server`)
 */
export class PublisherSocket extends SenderSocket<MessageLike> {
  constructor(config: PublisherConfig = {}) {
    super(
      new SocketCore(
        multipart('PUB', 'PublisherSocket', {
          pipe: PubBehaviour,
          defaultOverflow: 'drop-newest',
        }),
        config,
      ),
    )
  }
}
