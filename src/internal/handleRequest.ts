import { catchError, defer, EMPTY, map, of, take, throwIfEmpty, type Observable } from 'rxjs'
import { RequestHandlerError } from '../errors/RequestHandlerError'
import { ZmqError } from '../errors/ZmqError'
import type { Frame, Message, MessageLike, ReplyInput } from '../message'
import type { Envelope } from '../operators/Envelope'
import { joinEnvelope } from '../operators/joinEnvelope'
import { splitEnvelope } from '../operators/splitEnvelope'
import { checkReply, toReplies } from './replies'

/** What a server's loop needs to handle one request on its own. */
export interface RequestHandling {
  /** For messages: `'ReplySocket.serve'`, `'respond'`. */
  readonly where: string
  /** Runs the user's handler. */
  readonly run: () => ReplyInput
  /** REP: exactly one reply (the first the handler gives; none is an error). */
  readonly one: boolean
  /** The reply to a request that failed; `undefined`: none (a REP answers `''` then). */
  readonly onError: (error: ZmqError) => ReplyInput | undefined
  /** Where failures go (events$, a warning...). Never throws. */
  readonly report: (error: ZmqError) => void
}

/**
 * The replies to one request, handled in isolation: whatever the handler does (throws,
 * rejects, errors, gives something that is no reply, or for a REP nothing at all) is
 * reported and answered with `onError`'s reply, and the Observable returned never errors.
 * A REP always gets exactly one reply, `''` when nothing else can be sent.
 */
export function handleRequest(handling: RequestHandling): Observable<MessageLike> {
  const { where, one, report } = handling
  let replies = defer(() => toReplies(handling.run(), where)).pipe(
    map((reply) => checkReply(reply, where)),
  )
  if (one) {
    replies = replies.pipe(
      take(1),
      throwIfEmpty(
        () =>
          new RequestHandlerError(`${where}: the handler gave no reply; a REP must answer`, {
            code: 'ERR_NO_REPLY',
            socketType: socketOf(where),
          }),
      ),
    )
  }
  return replies.pipe(
    catchError((thrown: unknown) => {
      const error = toRequestError(thrown, where)
      report(error)
      let fallback = defer(() => toReplies(handling.onError(error), `${where} onError`)).pipe(
        map((reply) => checkReply(reply, `${where} onError`)),
        catchError((failed: unknown) => {
          report(toRequestError(failed, `${where} onError`))
          return EMPTY
        }),
      )
      if (one)
        fallback = fallback.pipe(
          take(1),
          throwIfEmpty(noReply),
          catchError(() => of('')),
        )
      return fallback
    }),
  )
}

/**
 * The replies to one ROUTER request, addressed to the peer that asked: the envelope is split
 * off (a message without one is reported as a `DecodeError` and dropped: there is nobody to
 * answer), the handler gets the body and the envelope, and each reply goes back with the
 * envelope. Never errors.
 */
export function handleRouterRequest(
  message: Message,
  where: string,
  handler: (body: Message, envelope: Envelope) => ReplyInput,
  onError:
    ((error: ZmqError, body: Message, envelope: Envelope) => ReplyInput | undefined) | undefined,
  report: (error: ZmqError, request: Message) => void,
): Observable<Frame[]> {
  let envelope: Envelope | undefined
  // eslint-disable-next-line rxjs-x/no-ignored-subscription -- of() is synchronous: done before this returns
  splitEnvelope()(of(message)).subscribe({
    next: (e) => (envelope = e),
    error: (error: unknown) => report(toRequestError(error, where), message),
  })
  if (envelope === undefined) return EMPTY
  const route = envelope
  return handleRequest({
    where,
    one: false,
    run: () => handler(route.body, route),
    onError: (error) => (onError === undefined ? undefined : onError(error, route.body, route)),
    report: (error) => report(error, message),
  }).pipe(map((reply) => joinEnvelope(route, reply)))
}

/** A failure as the typed error it is reported with: a ZmqError as it is, anything else wrapped. */
export function toRequestError(error: unknown, where: string): ZmqError {
  if (error instanceof ZmqError) return error
  let shown: string
  try {
    shown = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  } catch {
    shown = 'an error that cannot be shown'
  }
  return new RequestHandlerError(`${where}: the request handler failed: ${shown}`, {
    socketType: socketOf(where),
    cause: error,
  })
}

function socketOf(where: string): string | undefined {
  const dot = where.indexOf('.')
  return dot > 0 ? where.slice(0, dot) : undefined
}

function noReply(): Error {
  return new Error('no reply')
}
