import type { Server as NativeServer } from 'zeromq/draft'
import { singleFrame, type NativeConfig } from '../core/behaviours'
import { SendPath } from '../core/SendPath'
import { SocketCore, type BaseSocketConfig } from '../core/SocketCore'
import type { Frame } from '../message'
import { DuplexSocket } from './DuplexSocket'

/** Options of a {@link ServerSocket} socket (draft). */
export type ServerConfig = BaseSocketConfig & NativeConfig<NativeServer>

/** A message a {@link ServerSocket} receives or sends: one frame and the client it concerns. */
export interface ServerMessage<D = Buffer> {
  /** The client's routing id, as libzmq numbers it. */
  routingId: number
  /** The message's single frame. */
  data: D
}

/**
 * A SERVER socket (draft, thread-safe, single-frame): receives `{ routingId, data }` from its
 * Client peers and answers one of them with `next({ routingId, data })`.
 *
 * ## Example
 * ```ts
 * const server = new ServerSocket({ bind: 'tcp://*:5555' })
 * server
 *   .pipe(map(({ routingId, data }) => ({ routingId, data: `echo ${data.toString()}` })))
 *   .subscribe(server)
 * ```
 */
export class ServerSocket extends DuplexSocket<ServerMessage, ServerMessage<Frame>> {
  constructor(config: ServerConfig = {}) {
    super(
      new SocketCore<ServerMessage, ServerMessage<Frame>>(
        {
          type: 'SERVER',
          name: 'ServerSocket',
          decode: (frames, meta) => ({
            routingId: meta?.routingId ?? 0,
            data: frames[0] as Buffer,
          }),
          sends: SendPath,
          encode: (value) => ({
            frames: singleFrame(value?.data, 'Server'),
            options: { routingId: value.routingId },
          }),
        },
        config,
      ),
    )
  }
}
