import type { Socket as NativeSocket, SocketOptions } from 'zeromq'
import { InvalidFrameError } from '../errors/InvalidFrameError'
import type { MessageLike } from '../message'
import type { SendArgs, SocketBehaviour } from './SocketCore'
import { toFrames } from './toFrames'

/** The zeromq.js options of socket class `S`, by their zeromq.js names (all optional). */
export type NativeConfig<S extends NativeSocket> = Omit<SocketOptions<S>, 'context'>

/** The behaviour of a socket that sends and receives multipart messages as Buffer[]. */
export function multipart<In = Buffer[]>(
  type: string,
  create: () => NativeSocket,
  extra: Partial<SocketBehaviour<In, MessageLike>> = {},
): SocketBehaviour<In, MessageLike> {
  return {
    type,
    create,
    encode: (value: MessageLike): SendArgs => ({ message: toFrames(value, type) }),
    ...extra,
  }
}

/** Encodes a message for a draft socket, which carries exactly one frame per message. */
export function singleFrame(value: MessageLike, type: string): unknown {
  const frames = toFrames(value, type)
  if (frames.length !== 1) {
    throw new InvalidFrameError(
      `${type}: draft sockets carry single-frame messages, got ${frames.length} frames`,
      {
        socketType: type,
      },
    )
  }
  return frames[0]
}
