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
 *
 * ## Example
 * ```ts
 * const push = new PushSocket({ connect: 'tcp://127.0.0.1:5557' })
 * of({ id: 1 }, { id: 2 })
 *   .pipe(encode(jsonCodec()), sendTo(push), finalize(() => push.close()))
 *   .subscribe()
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
