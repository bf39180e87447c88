import type { Client as NativeClient } from 'zeromq/draft'
import { singleFrame, type NativeConfig } from '../core/behaviours'
import { SendPath } from '../core/SendPath'
import { SocketCore, type BaseSocketConfig } from '../core/SocketCore'
import type { Frame, Message } from '../message'
import { DuplexSocket } from './DuplexSocket'

/** Options of a {@link ClientSocket} socket (draft). */
export type ClientConfig = BaseSocketConfig & NativeConfig<NativeClient>

/**
 * A CLIENT socket (draft, single-frame): talks to Server peers, round-robin on send.
 *
 * ## Example
 * ```ts
 * const client = new ClientSocket({ connect: 'tcp://127.0.0.1:5555' })
 * client.pipe(text()).subscribe(console.log)
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
        },
        config,
      ),
    )
  }
}
