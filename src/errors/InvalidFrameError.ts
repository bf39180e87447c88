import { ZmqError } from './ZmqError'

/**
 * A message handed to a socket that is not a valid ZeroMQ message: a frame that is not a
 * string, Buffer, Uint8Array or ArrayBuffer, an empty multipart message, or a multipart message
 * on a single-frame (draft) socket. `frameIndex` names the frame at fault.
 *
 * ## Example
 * ```ts
 * const push = new PushSocket({ connect: 'tcp://127.0.0.1:5557' })
 * push.send([]).catch((err) => {
 *   if (err instanceof InvalidFrameError) console.error(err.message) // an empty multipart message
 * })
 * ```
 */
export class InvalidFrameError extends ZmqError {
  readonly frameIndex?: number
  constructor(message: string, details: { frameIndex?: number; socketType?: string } = {}) {
    super(message, { code: 'ERR_INVALID_FRAME', socketType: details.socketType })
    if (details.frameIndex !== undefined) this.frameIndex = details.frameIndex
  }
}
