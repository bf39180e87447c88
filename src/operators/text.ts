import type { OperatorFunction } from 'rxjs'
import { textCodec, type TextCodecOptions } from '../codecs/textCodec'
import type { Message } from '../message'
import { decode } from './decode'

/**
 * Decodes each message as UTF-8 text (one frame, or the frame `options.frame` names).
 *
 * ```
 * source: --[b'Hello']--[b'\xff']--
 * text(): --'Hello'-----#            (DecodeError: not valid UTF-8)
 * ```
 */
export function text(options: TextCodecOptions = {}): OperatorFunction<Message, string> {
  return decode(textCodec(options))
}
