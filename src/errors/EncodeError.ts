import { ZmqError } from './ZmqError'

/**
 * A value a codec could not encode into a message (for JSON: undefined, a BigInt, a cycle).
 *
 * ## Example
 * ```ts
 * const push = new PushSocket({ connect: 'tcp://127.0.0.1:5557' })
 * of({ id: 1n }) // a BigInt is not JSON
 *   .pipe(encode(jsonCodec()), sendTo(push))
 *   .subscribe({ error: (err) => err instanceof EncodeError && console.error(err.codec, err.message) })
 * ```
 */
export class EncodeError extends ZmqError {
  readonly codec: string
  constructor(codec: string, reason: string, cause?: unknown) {
    super(`${codec} codec: cannot encode the value: ${reason}`, { code: 'ERR_ENCODE', cause })
    this.codec = codec
  }
}
