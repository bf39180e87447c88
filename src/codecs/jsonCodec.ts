import { DecodeError } from '../errors/DecodeError'
import { fromUtf8, toBytes } from '../internal/bytes'
import { EncodeError } from '../errors/EncodeError'
import type { Message } from '../message'
import type { Codec } from './Codec'
import { checkFrameOption, selectFrame } from './selectFrame'

/** Options of {@link jsonCodec}. */
export interface JsonCodecOptions {
  /** The frame to decode (negative counts from the end). Default: the message must have one frame. */
  frame?: number
}

/**
 * JSON in one UTF-8 frame. Decoding gives a {@link DecodeError} for invalid UTF-8 or JSON;
 * encoding throws an {@link EncodeError} for values JSON cannot represent (`undefined`, BigInt, cycles).
 *
 * ## Example
 * ```ts
 * interface Tick {
 *   symbol: string
 *   price: number
 * }
 * const ticks = jsonCodec<Tick>()
 * const push = new PushSocket({ connect: 'tcp://127.0.0.1:5557' })
 * push.next(ticks.encode({ symbol: 'ACME', price: 42 }))
 * fromPull({ bind: 'tcp://*:5557' })
 *   .pipe(decode(ticks))
 *   .subscribe((tick) => console.log(tick.symbol, tick.price))
 * ```
 */
export function jsonCodec<T = unknown>(options: JsonCodecOptions = {}): Codec<T> {
  const frameOption = checkFrameOption(options, 'jsonCodec')
  return {
    name: 'json',
    encode: (value: T) => {
      let text: string | undefined
      try {
        text = JSON.stringify(value)
      } catch (error) {
        throw new EncodeError(
          'json',
          error instanceof Error ? error.message : 'JSON.stringify failed',
          error,
        )
      }
      if (text === undefined)
        throw new EncodeError('json', `JSON has no representation for ${typeof value}`)
      return [toBytes(text) as Buffer]
    },
    decode: (message: Message) => {
      const [frame, index] = selectFrame('json', message, frameOption)
      let text: string
      try {
        text = fromUtf8(frame)
      } catch {
        throw new DecodeError('json', index, frame, 'not valid UTF-8')
      }
      try {
        return JSON.parse(text) as T
      } catch (error) {
        throw new DecodeError('json', index, frame, (error as Error).message, error)
      }
    },
  }
}
