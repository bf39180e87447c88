import { ZmqError } from './ZmqError'

/**
 * A received message a codec could not decode. `frameIndex` names the frame, `codec` the codec,
 * and `frame` keeps the raw bytes so nothing is lost.
 *
 * ## Example
 * ```ts
 * fromPull({ bind: 'tcp://*:5558' })
 *   .pipe(json<{ id: number }>())
 *   .subscribe({
 *     next: (task) => console.log(task.id),
 *     error: (err) => {
 *       if (err instanceof DecodeError) console.error(`frame ${err.frameIndex}:`, err.frame)
 *     },
 *   })
 * ```
 */
export class DecodeError extends ZmqError {
  readonly codec: string
  readonly frameIndex: number
  readonly frame: Buffer | undefined
  constructor(
    codec: string,
    frameIndex: number,
    frame: Buffer | undefined,
    reason: string,
    cause?: unknown,
  ) {
    const size = frame === undefined ? 'missing' : `${frame.length} bytes`
    super(`${codec} codec: cannot decode frame ${frameIndex} (${size}): ${reason}`, {
      code: 'ERR_DECODE',
      cause,
    })
    this.codec = codec
    this.frameIndex = frameIndex
    this.frame = frame
  }
}
