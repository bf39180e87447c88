import type { Message } from '../message'
import type { Codec } from './Codec'

/**
 * Frames as they are: the identity codec, for uniform code over codecs.
 *
 * ## Example
 * ```ts
 * const codec: Codec<Message> = framesCodec()
 * fromPull({ bind: 'tcp://*:5558' })
 *   .pipe(decode(codec))
 *   .subscribe((frames) => console.log(`${frames.length} frames`))
 * ```
 */
export function framesCodec(): Codec<Message> {
  return {
    name: 'frames',
    encode: (value: Message) => value,
    decode: (message: Message) => message,
  }
}
