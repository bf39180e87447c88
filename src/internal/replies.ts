import { EMPTY, from, isObservable, of, type Observable, type ObservableInput } from 'rxjs'
import { InvalidFrameError } from '../errors/InvalidFrameError'
import type { MessageLike } from '../message'
export type { ReplyInput } from '../message'

/** True for one frame: what a socket sends as (one frame of) a message. */
export function isFrame(value: unknown): boolean {
  return (
    typeof value === 'string' ||
    value instanceof Uint8Array ||
    value instanceof ArrayBuffer ||
    // a Buffer from another realm is still a Uint8Array by its tag
    (ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === '[object Uint8Array]')
  )
}

/** True for one message: a frame, or a non-empty array of frames. */
export function isMessageLike(value: unknown): value is MessageLike {
  if (Array.isArray(value)) return value.length > 0 && value.every(isFrame)
  return isFrame(value)
}

/**
 * The replies a handler's result stands for: a {@link MessageLike} is one reply; `undefined`
 * (or `null`) none; anything else is taken as an ObservableInput of replies. What is none of
 * these is an {@link InvalidFrameError} naming `where`.
 */
export function toReplies(result: unknown, where: string): Observable<MessageLike> {
  if (isMessageLike(result)) return of(result)
  if (result === undefined || result === null) return EMPTY
  if (isObservable(result)) return result as Observable<MessageLike>
  try {
    return from(result as ObservableInput<MessageLike>)
  } catch {
    throw new InvalidFrameError(
      `${where}: a handler must give a reply (a string, Buffer, Uint8Array, ArrayBuffer or an array of them) or an Observable or Promise of one, got ${describe(result)}`,
      { socketType: where },
    )
  }
}

/** Checks one reply a handler gave: a {@link MessageLike}, or an {@link InvalidFrameError}. */
export function checkReply(reply: unknown, where: string): MessageLike {
  if (isMessageLike(reply)) return reply
  throw new InvalidFrameError(
    `${where}: a reply must be a string, Buffer, Uint8Array, ArrayBuffer or a non-empty array of them, got ${describe(reply)}`,
    { socketType: where },
  )
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array of non-frames'
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'Object'})`
  return `a ${typeof value}`
}
