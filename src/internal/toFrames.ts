import { InvalidFrameError } from '../errors/InvalidFrameError'
import type { Frame, MessageLike } from '../message'

/**
 * Checks one message handed to a socket and returns it as a frame array zeromq.js accepts
 * as-is. Refuses what zeromq.js would mangle: SharedArrayBuffer (sent as the text
 * "[object SharedArrayBuffer]"), DataView (EINVAL), numbers, null, objects.
 */
export function toFrames(message: MessageLike, socketType: string): Frame[] {
  if (Array.isArray(message)) {
    if (message.length === 0) {
      throw new InvalidFrameError(
        `${socketType}: cannot send an empty multipart message (no frames)`,
        {
          socketType,
        },
      )
    }
    for (let i = 0; i < message.length; i++) checkFrame(message[i], i, socketType)
    return message as Frame[]
  }
  checkFrame(message, 0, socketType)
  return [message as Frame]
}

function checkFrame(frame: unknown, index: number, socketType: string): void {
  if (typeof frame === 'string' || frame instanceof Uint8Array || frame instanceof ArrayBuffer)
    return
  throw new InvalidFrameError(
    `${socketType}: frame ${index} is ${describe(frame)}; a frame must be a string, Buffer, Uint8Array or ArrayBuffer`,
    { frameIndex: index, socketType },
  )
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer)
    return 'a SharedArrayBuffer'
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`
  if (typeof value === 'object')
    return `an object (${(value as object).constructor?.name ?? 'Object'})`
  return `a ${typeof value}`
}
