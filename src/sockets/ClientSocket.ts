import type { Client as NativeClient } from 'zeromq/draft'
import { ClientBehaviour } from '../transport/pipes/behaviours/client'
import { singleFrame, type NativeConfig } from '../core/behaviours'
import { SendPath } from '../core/SendPath'
import { SocketCore, type BaseSocketConfig } from '../core/SocketCore'
import type { Frame, Message } from '../message'
import { DuplexSocket } from './DuplexSocket'

/** Options of a {@link ClientSocket} socket (draft). */
export type ClientConfig = BaseSocketConfig & NativeConfig<NativeClient>

/**
 * A CLIENT socket (draft, single-frame): talks to Server peers, round-robin on send,
 * fair-queued on receive. On the native transport, and on the pipe transports: from
 * `rxzmq/web` it connects over ZWS to a native draft Server bound on `ws://`.
 *
 * ## Example
 * ```ts
 * const client = new ClientSocket({ connect: 'tcp://127.0.0.1:5555' })
 * client.pipe(text()).subscribe(console.log)
 * client.next('Hello')
 * ```
 *
 * In a page, over ZWS to a native `Server` bound on `ws://` (the server answers by routing id):
 * ```ts
 * import { ClientSocket, text } from 'rxzmq/web'
 * const client = new ClientSocket({ connect: 'ws://127.0.0.1:8555' })
 * client.pipe(text()).subscribe((reply) => console.log(reply))
 * client.next('Hello')
 * ```
 */
export class ClientSocket extends DuplexSocket<Message, Frame> {
  constructor(config: ClientConfig = {}) {
    super(
      new SocketCore<Message, Frame>(
        {
          type: 'CLIENT',
          name: 'ClientSocket',
          sends: SendPath,
          encode: (value) => ({ frames: singleFrame(value, 'Client') }),
          pipe: ClientBehaviour,
        },
        config,
      ),
    )
  }
}
