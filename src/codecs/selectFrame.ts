import { badArgument, readOptions, requireMessage } from '../internal/args'
import { DecodeError } from '../errors/DecodeError'
import type { Message } from '../message'

/**
 * Picks the frame a codec decodes: `frame` (negative counts from the end), or, when not given,
 * the only frame of a single-frame message.
 */
export function selectFrame(
  codec: string,
  message: Message,
  frame: number | undefined,
): [Buffer, number] {
  requireMessage(message, `${codec} codec`)
  if (frame === undefined) {
    if (message.length !== 1) {
      throw new DecodeError(
        codec,
        message.length === 0 ? 0 : 1,
        message[1],
        `expected a single-frame message, got ${message.length} frames; pass { frame: n } to pick one (-1 for the last)`,
      )
    }
    return [message[0], 0]
  }
  const index = frame < 0 ? message.length + frame : frame
  const buffer = message[index]
  if (buffer === undefined) {
    throw new DecodeError(codec, index, undefined, `the message has ${message.length} frames`)
  }
  return [buffer, index]
}

/** The `frame` option of a codec: undefined or an integer (negative counts from the end). */
export function checkFrameOption(options: unknown, where: string): number | undefined {
  const { frame } = readOptions(options, where, ['frame'], 'options')
  if (frame === undefined || Number.isInteger(frame)) return frame as number | undefined
  throw badArgument(where, 'options.frame', 'an integer', frame)
}
