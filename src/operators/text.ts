import { map, type OperatorFunction } from 'rxjs'
import { textDecoder, type TextCodecOptions } from '../codecs/textCodec'
import type { Message } from '../message'

/**
 * Decodes each message as UTF-8 text (one frame, or the frame `options.frame` names).
 *
 * ```
 * source: --[b'Hello']--[b'\xff']--
 * text(): --'Hello'-----#            (DecodeError: not valid UTF-8)
 * ```
 *
 * ## Example
 * ```ts
 * fromSubscriber({ connect: 'tcp://127.0.0.1:5556', topics: ['10001 '] })
 *   .pipe(text(), take(5))
 *   .subscribe((update) => console.log(update)) // '10001 21 40'
 * ```
 */
export function text(options: TextCodecOptions = {}): OperatorFunction<Message, string> {
  // decode(textCodec(options)), without the encoder a page that only receives would ship
  return map(textDecoder(options))
}
