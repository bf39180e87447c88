import type { Message } from '../message'

/**
 * Turns messages into values and back. `decode` throws a {@link DecodeError} naming the frame
 * it could not read; `encode` returns the frames of one message.
 */
export interface Codec<T> {
  /** The codec's name, for errors: `'text'`, `'json'`. */
  readonly name: string
  encode(value: T): Buffer[]
  decode(message: Message): T
}
