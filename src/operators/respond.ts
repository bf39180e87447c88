import { defer, map, mergeMap, type OperatorFunction } from 'rxjs'
import { checkReply, toReplies, type ReplyInput } from '../internal/replies'
import type { Frame, Message } from '../message'
import type { Envelope } from './Envelope'
import { joinEnvelope } from './joinEnvelope'
import { splitEnvelope } from './splitEnvelope'

/**
 * A ROUTER server's loop as an operator: splits each request's envelope, runs `handler` on its
 * body, and addresses every reply the handler gives to the peer that asked. A handler gives
 * one reply as a `MessageLike` (`'World'`, a Buffer, `['part 1', 'part 2']` for a multipart
 * reply: never iterated), or an Observable or Promise of replies. Requests are
 * handled concurrently (up to `concurrency`), so replies may go out in any order and each still
 * reaches the right peer. A handler that throws or errors errors the result; a message with no
 * envelope errors it with a {@link DecodeError}.
 *
 * ```
 * router:               --[A,'',x]--[B,'',y]-----
 * respond(b => upper):  --[A,'',X]--[B,'',Y]-----
 * ```
 *
 * ## Example
 * ```ts
 * const router = new Router({ bind: 'tcp://*:5555' })
 * router.pipe(respond((body) => 'World')).subscribe(router)
 * ```
 * @see splitEnvelope
 * @see joinEnvelope
 */
export function respond(
  handler: (body: Message, envelope: Envelope) => ReplyInput,
  concurrency = Infinity,
): OperatorFunction<Message, Frame[]> {
  return (source) =>
    source.pipe(
      splitEnvelope(),
      mergeMap(
        (envelope) =>
          defer(() => toReplies(handler(envelope.body, envelope), 'respond')).pipe(
            map((reply) => joinEnvelope(envelope, checkReply(reply, 'respond'))),
          ),
        concurrency,
      ),
    )
}
