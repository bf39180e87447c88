import { readOptions, requireFunction, requireMessage } from '../internal/args'
import { map, type OperatorFunction } from 'rxjs'
import type { Codec } from '../codecs/Codec'
import type { Message } from '../message'

/**
 * Decodes each message with a codec; a message that does not decode errors the stream with a
 * {@link DecodeError} naming the frame.
 *
 * ```
 * source:              --[b'{"a":1}']--[b'oops']--
 * decode(jsonCodec()): --{a:1}---------#
 * ```
 *
 * ## Example
 * ```ts
 * fromPull({ bind: 'tcp://*:5558' })
 *   .pipe(decode(jsonCodec<{ id: number }>()))
 *   .subscribe((task) => console.log(task.id))
 * ```
 */
export function decode<T>(codec: Codec<T>): OperatorFunction<Message, T> {
  const decodeOne = requireFunction<Codec<T>['decode']>(
    readOptions(codec, 'decode', ['decode'], 'codec').decode,
    'decode',
    'codec.decode',
  )
  return map((message) => decodeOne.call(codec, requireMessage(message, 'decode')))
}
