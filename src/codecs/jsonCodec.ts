import { isUtf8 } from 'node:buffer'
import { DecodeError } from '../errors/DecodeError'
import type { Message } from '../message'
import type { Codec } from './Codec'
import { selectFrame } from './selectFrame'

/** Options of {@link jsonCodec}. */
export interface JsonCodecOptions {
  /** The frame to decode (negative counts from the end). Default: the message must have one frame. */
  frame?: number
}

/**
 * JSON in one UTF-8 frame. Decoding gives a {@link DecodeError} for invalid UTF-8 or JSON;
 * encoding throws for values JSON cannot represent (`undefined`, functions, cycles).
 */
export function jsonCodec<T = unknown>(options: JsonCodecOptions = {}): Codec<T> {
  return {
    name: 'json',
    encode: (value: T) => {
      const text = JSON.stringify(value)
      if (text === undefined) throw new TypeError(`json codec: cannot encode ${typeof value}`)
      return [Buffer.from(text, 'utf8')]
    },
    decode: (message: Message) => {
      const [frame, index] = selectFrame('json', message, options.frame)
      if (!isUtf8(frame)) throw new DecodeError('json', index, frame, 'not valid UTF-8')
      try {
        return JSON.parse(frame.toString('utf8')) as T
      } catch (error) {
        throw new DecodeError('json', index, frame, (error as Error).message, error)
      }
    },
  }
}
