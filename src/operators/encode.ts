import { readOptions, requireFunction } from '../internal/args'
import { map, type OperatorFunction } from 'rxjs'
import type { Codec } from '../codecs/Codec'
import type { Message } from '../message'

/**
 * Encodes each value into a message with a codec.
 *
 * ```
 * source:              --{a:1}----------
 * encode(jsonCodec()): --[b'{"a":1}']---
 * ```
 */
export function encode<T>(codec: Codec<T>): OperatorFunction<T, Message> {
  const encodeOne = requireFunction<Codec<T>['encode']>(
    readOptions(codec, 'encode', ['encode'], 'codec').encode,
    'encode',
    'codec.encode',
  )
  return map((value) => encodeOne.call(codec, value))
}
