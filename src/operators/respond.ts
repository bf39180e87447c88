import { from, map, mergeMap, type ObservableInput, type OperatorFunction } from 'rxjs'
import type { Frame, Message, MessageLike } from '../message'
import type { Envelope } from './Envelope'
import { joinEnvelope } from './joinEnvelope'
import { splitEnvelope } from './splitEnvelope'

/**
 * A ROUTER server's loop as an operator: splits each request's envelope, runs `handler` on its
 * body, and addresses every reply the handler gives to the peer that asked. Requests are
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
 * router.pipe(respond((body) => of(['World']))).subscribe(router)
 * ```
 * @see splitEnvelope
 * @see joinEnvelope
 */
export function respond(
  handler: (body: Message, envelope: Envelope) => ObservableInput<MessageLike>,
  concurrency = Infinity,
): OperatorFunction<Message, Frame[]> {
  return (source) =>
    source.pipe(
      splitEnvelope(),
      mergeMap(
        (envelope) =>
          from(handler(envelope.body, envelope)).pipe(
            map((reply) => joinEnvelope(envelope, reply)),
          ),
        concurrency,
      ),
    )
}
