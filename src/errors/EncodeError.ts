import { ZmqError } from './ZmqError'

/** A value a codec could not encode into a message (for JSON: undefined, a BigInt, a cycle). */
export class EncodeError extends ZmqError {
  readonly codec: string
  constructor(codec: string, reason: string, cause?: unknown) {
    super(`${codec} codec: cannot encode the value: ${reason}`, { code: 'ERR_ENCODE', cause })
    this.codec = codec
  }
}
