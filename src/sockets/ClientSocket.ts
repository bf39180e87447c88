import type { Client as NativeClient } from 'zeromq/draft'
import { createDraft } from '../internal/draft'
import { singleFrame, type NativeConfig } from '../internal/behaviours'
import { SocketCore, type BaseSocketConfig } from '../internal/SocketCore'
import type { Frame, Message } from '../message'
import { DuplexSocket } from './DuplexSocket'

/** Options of a {@link ClientSocket} socket (draft). */
export type ClientConfig = BaseSocketConfig & NativeConfig<NativeClient>

/** A CLIENT socket (draft, single-frame): talks to Server peers, round-robin on send. */
export class ClientSocket extends DuplexSocket<Message, Frame> {
  constructor(config: ClientConfig = {}) {
    super(
      new SocketCore<Message, Frame>(
        {
          type: 'Client',
          create: () => createDraft('Client'),
          encode: (value) => ({ message: singleFrame(value, 'Client') }),
        },
        config,
      ),
    )
  }
}
