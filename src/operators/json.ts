import type { OperatorFunction } from 'rxjs'
import { jsonCodec, type JsonCodecOptions } from '../codecs/jsonCodec'
import type { Message } from '../message'
import { decode } from './decode'

/**
 * Decodes each message as JSON (one frame, or the frame `options.frame` names).
 *
 * ```
 * source:  --[b'{"n":1}']--[b'{']--
 * json():  --{n:1}---------#        (DecodeError: Unexpected end of JSON input)
 * ```
 *
 * ## Example
 * ```ts
 * fromPull({ bind: 'tcp://*:5558' })
 *   .pipe(json<{ id: number; result: string }>())
 *   .subscribe(({ id, result }) => console.log(id, result))
 * ```
 */
export function json<T = unknown>(options: JsonCodecOptions = {}): OperatorFunction<Message, T> {
  return decode(jsonCodec<T>(options))
}
