import { zmq } from '../internal/native'
import { multipart, type NativeConfig } from '../internal/behaviours'
import { SocketCore, type BaseSocketConfig } from '../internal/SocketCore'
import type { Message, MessageLike } from '../message'
import { DuplexSocket } from './DuplexSocket'

/** Options of a {@link StreamSocket} socket. */
export type StreamConfig = BaseSocketConfig & NativeConfig<zmq.Stream>

/**
 * A STREAM socket: talks raw TCP with non-ZeroMQ peers. Each received message is
 * `[connectionId, bytes]` (an empty `bytes` marks a connection opened or closed); send
 * `[connectionId, bytes]` to write to one connection, `[connectionId, '']` to close it.
 */
export class StreamSocket extends DuplexSocket<Message, MessageLike> {
  constructor(config: StreamConfig = {}) {
    super(
      new SocketCore(
        multipart('Stream', () => new zmq.Stream()),
        config,
      ),
    )
  }
}
