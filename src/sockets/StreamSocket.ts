import type * as zmq from 'zeromq'
import { multipart, type NativeConfig } from '../core/behaviours'
import { SocketCore, type BaseSocketConfig } from '../core/SocketCore'
import type { Message, MessageLike } from '../message'
import { DuplexSocket } from './DuplexSocket'

/** Options of a {@link StreamSocket} socket. */
export type StreamConfig = BaseSocketConfig & NativeConfig<zmq.Stream>

/**
 * A STREAM socket: talks raw TCP with non-ZeroMQ peers. Each received message is
 * `[connectionId, bytes]` (an empty `bytes` marks a connection opened or closed); send
 * `[connectionId, bytes]` to write to one connection, `[connectionId, '']` to close it.
 *
 * ## Example
 * ```ts
 * const stream = new StreamSocket({ bind: 'tcp://*:7000' })
 * // a raw TCP echo server: every [connectionId, bytes] back to its connection
 * stream.pipe(filter(([, bytes]) => bytes.length > 0)).subscribe(stream)
 * ```
 */
export class StreamSocket extends DuplexSocket<Message, MessageLike> {
  constructor(config: StreamConfig = {}) {
    super(new SocketCore(multipart('STREAM', 'StreamSocket'), config))
  }
}
