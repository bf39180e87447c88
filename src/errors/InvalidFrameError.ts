import { ZmqError } from './ZmqError'

/**
 * A message handed to a socket that is not a valid ZeroMQ message: a frame that is not a
 * string, Buffer, Uint8Array or ArrayBuffer, an empty multipart message, or a multipart message
 * on a single-frame (draft) socket. `frameIndex` names the frame at fault.
 */
export class InvalidFrameError extends ZmqError {
  readonly frameIndex?: number
  constructor(message: string, details: { frameIndex?: number; socketType?: string } = {}) {
    super(message, { code: 'ERR_INVALID_FRAME', socketType: details.socketType })
    if (details.frameIndex !== undefined) this.frameIndex = details.frameIndex
  }
}
