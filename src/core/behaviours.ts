import type { SocketOptions, Socket as ZmqSocket } from 'zeromq'
import type { Secret } from '../security/Secret'
import { InvalidFrameError } from '../errors/InvalidFrameError'
import type { Frame, MessageLike } from '../message'
import type { SocketType } from '../transport/SocketType'
import type { SendArgs, SocketBehaviour } from './SocketCore'
import { toFrames } from '../internal/toFrames'
import { SendPath } from './SendPath'

/**
 * The options of a socket class by zeromq.js's names and types (all optional): what the native
 * transport takes. Pipe transports take the subset they implement and refuse the rest by name.
 */
export type NativeConfig<S extends ZmqSocket> = Omit<
  SocketOptions<S>,
  'context' | 'curveSecretKey' | 'plainPassword'
> & {
  /** ZMQ_CURVE_SECRETKEY: given by `curveServer()`/`curveClient()` as a {@link Secret}. */
  curveSecretKey?: string | Uint8Array | null | Secret
  /** ZMQ_PLAIN_PASSWORD: given by `plainClient()` as a {@link Secret}. */
  plainPassword?: string | null | Secret
}

/** The behaviour of a socket that sends and receives multipart messages as Buffer[]. */
export function multipart<In = Buffer[]>(
  type: SocketType,
  name: string,
  extra: Partial<SocketBehaviour<In, MessageLike>> = {},
): SocketBehaviour<In, MessageLike> {
  return {
    type,
    name,
    encode: (value: MessageLike): SendArgs => ({ frames: toFrames(value, name) }),
    sends: SendPath,
    ...extra,
  }
}

/**
 * The behaviour of a socket that only receives (SUB, PULL): nothing of its public API sends, so
 * it has no send path and no frame encoder (which an app that only receives would otherwise
 * ship).
 */
export function receiveOnly<In = Buffer[]>(
  type: SocketType,
  name: string,
  extra: Partial<SocketBehaviour<In, never>> = {},
): SocketBehaviour<In, never> {
  return { type, name, ...extra }
}

/** Encodes a message for a draft socket, which carries exactly one frame per message. */
export function singleFrame(value: MessageLike, name: string): Frame[] {
  const frames = toFrames(value, name)
  if (frames.length !== 1) {
    throw new InvalidFrameError(
      `${name}: draft sockets carry single-frame messages, got ${frames.length} frames`,
      { socketType: name },
    )
  }
  return frames
}
