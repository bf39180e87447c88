import { DecodeError } from '../errors/DecodeError'
import { fromUtf8, toBytes } from '../internal/bytes'
import type { Message } from '../message'
import type { Codec } from './Codec'
import { checkFrameOption, selectFrame } from './selectFrame'
import { describeValue } from '../core/describeValue'
import { EncodeError } from '../errors/EncodeError'

/** Options of {@link textCodec}. */
export interface TextCodecOptions {
  /** The frame to decode (negative counts from the end). Default: the message must have one frame. */
  frame?: number
}

/**
 * UTF-8 text in one frame. Decoding refuses bytes that are not valid UTF-8 with a
 * {@link DecodeError} rather than replacing them.
 *
 * ## Example
 * ```ts
 * const codec = textCodec()
 * const message = codec.encode('Hello') // [<Buffer 48 65 6c 6c 6f>]
 * console.log(codec.decode(message)) // 'Hello'
 * ```
 */
export function textCodec(options: TextCodecOptions = {}): Codec<string> {
  return {
    name: 'text',
    encode: (value: string) => {
      if (typeof value !== 'string') {
        throw new EncodeError('text', `expected a string, got ${describeValue(value)}`)
      }
      return [toBytes(value) as Buffer]
    },
    decode: textDecoder(options),
  }
}

/**
 * The decoding half of {@link textCodec}, on its own for `text()`: a message's frame (the only
 * one, or `options.frame`) as UTF-8 text, or a {@link DecodeError}.
 */
export function textDecoder(options: TextCodecOptions = {}): (message: Message) => string {
  const frameOption = checkFrameOption(options, 'textCodec')
  return (message) => {
    // the common case, one frame and no `frame` option, without selectFrame's pair
    if (
      frameOption === undefined &&
      Array.isArray(message) &&
      message.length === 1 &&
      message[0] instanceof Uint8Array
    ) {
      try {
        return fromUtf8(message[0])
      } catch {
        throw new DecodeError('text', 0, message[0], 'not valid UTF-8')
      }
    }
    const [frame, index] = selectFrame('text', message, frameOption)
    try {
      return fromUtf8(frame)
    } catch {
      throw new DecodeError('text', index, frame, 'not valid UTF-8')
    }
  }
}
