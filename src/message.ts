import type { ObservableInput } from 'rxjs'

/** One received ZeroMQ message: its frames, in order, multipart kept whole. */
export type Message = Buffer[]

/** What may stand for one frame when sending: strings are sent as UTF-8. */
export type Frame = Buffer | Uint8Array | ArrayBuffer | string

/** What may be sent as one message: a single frame, or the frames of a multipart message. */
export type MessageLike = Frame | readonly Frame[]

/**
 * What a request handler gives back (`serve()`, `respond()`): one reply as a
 * {@link MessageLike} — a frame, or an array of frames for one multipart reply; never
 * iterated, so `'World'` is one reply, not five — or an Observable, Promise or async iterable
 * of replies.
 */
export type ReplyInput = MessageLike | ObservableInput<MessageLike>
