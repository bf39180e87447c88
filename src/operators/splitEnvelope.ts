import { readOptions, requireMessage } from '../internal/args'
import { map, type OperatorFunction } from 'rxjs'
import { DecodeError } from '../errors/DecodeError'
import type { Message } from '../message'
import type { Envelope } from './Envelope'

/**
 * Splits each message a ROUTER receives into its envelope and body, at the first empty frame:
 * `[identity, '', ...body]` gives `{ route: [identity], body }`. A message from a REQ peer,
 * or one relayed by other ROUTERs (`[id2, id1, '', ...body]`), splits the same way. A message
 * with no delimiter (a DEALER peer that sent none) errors with a {@link DecodeError}; pass
 * `{ delimiter: false }` to take only the first frame as the route instead.
 *
 * ```
 * router:          --[A,'',x]--[B,'',y,z]--[C,x]--
 * splitEnvelope(): --{[A],[x]}--{[B],[y,z]}--#     (DecodeError: no empty delimiter)
 * ```
 *
 * ## Example
 * ```ts
 * const router = new RouterSocket({ bind: 'tcp://*:5555' })
 * router
 *   .pipe(
 *     splitEnvelope(),
 *     map((env) => joinEnvelope(env, answer(env.body))),
 *   )
 *   .subscribe(router)
 * ```
 * @see {@link joinEnvelope}
 * @see {@link respond}
 */
export function splitEnvelope(
  options: { delimiter?: boolean } = {},
): OperatorFunction<Message, Envelope> {
  const delimited =
    (readOptions(options, 'splitEnvelope', ['delimiter'], 'options').delimiter ?? true) !== false
  return map((message: Message): Envelope => split(message, delimited))
}

/** One message's envelope and body (see {@link splitEnvelope}); throws a typed error. */
export function split(given: unknown, delimited = true): Envelope {
  const message = requireMessage(given, 'splitEnvelope')
  if (!delimited) {
    if (message.length === 0) {
      throw new DecodeError('envelope', 0, undefined, 'the message has no routing id frame')
    }
    return { route: [message[0]!], body: message.slice(1) }
  }
  const at = message.findIndex((frame) => frame.length === 0)
  if (at < 1) {
    throw new DecodeError(
      'envelope',
      at === 0 ? 0 : message.length,
      at === 0 ? message[0] : undefined,
      at === 0
        ? 'the message starts with an empty frame: no routing id in front of the delimiter'
        : 'no empty delimiter frame: the peer is not a REQ socket; use splitEnvelope({ delimiter: false })',
    )
  }
  return { route: message.slice(0, at), body: message.slice(at + 1) }
}
