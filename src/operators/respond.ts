import { defer, mergeMap, type Observer, type OperatorFunction } from 'rxjs'
import { InvalidArgumentError } from '../errors/InvalidArgumentError'
import type { ZmqError } from '../errors/ZmqError'
import type { RequestErrorEvent } from '../events'
import { CoalescedWarning } from '../internal/coalescedWarning'
import { checkConcurrency } from '../internal/checkConcurrency'
import { handleRouterRequest } from '../internal/handleRequest'
import type { Frame, Message, ReplyInput } from '../message'
import type { Envelope } from './Envelope'

/** Options of {@link respond}. */
export interface RespondConfig {
  /** How many requests are handled at once; the others wait, in order. Default `Infinity`. */
  concurrency?: number
  /**
   * The reply to a request whose handler threw, rejected or errored (or gave something that
   * is no reply); `undefined` sends none. Default: none (the peer's REQ will time out; give
   * an error reply here to tell it at once).
   */
  onError?: (error: ZmqError, body: Message, envelope: Envelope) => ReplyInput | undefined
  /**
   * Where failed requests are reported (`request:error`). Without it they are process
   * warnings (`RxZmqWarning`, at most one a second with the count of the others).
   */
  events?: Partial<Observer<RequestErrorEvent>>
}

/**
 * A ROUTER server's loop as an operator: splits each request's envelope, runs `handler` on its
 * body, and addresses every reply the handler gives to the peer that asked. A handler gives
 * one reply as a `MessageLike` (`'World'`, a Buffer, `['part 1', 'part 2']` for a multipart
 * reply: never iterated), or an Observable or Promise of replies. Requests are handled
 * concurrently (up to `concurrency`), so replies may go out in any order and each still
 * reaches the right peer.
 *
 * Each request is handled on its own: a handler that throws, rejects or errors, and a message
 * with no envelope (a `DecodeError`), are reported (`events`, or a process warning) and
 * answered with `onError`'s reply (default: none); the stream goes on with the next request.
 * `RouterSocket.serve(handler)` is this loop run on the socket.
 *
 * ```
 * router:                 --[A,'',x]--[B,'',y]--[C,'',z]--
 * respond(b => upper(b)): --[A,'',X]--[B,'',Y]--[C,'',Z]--
 * respond(throws on y):   --[A,'',X]-----------[C,'',Z]--   (y reported, no reply)
 * ```
 *
 * ## Example
 * ```ts
 * const router = new RouterSocket({ bind: 'tcp://*:5555' })
 * router
 *   .pipe(respond((body) => `Hello ${body[0]}`, { onError: (error) => `E: ${error.message}` }))
 *   .subscribe(router)
 * ```
 * @see {@link splitEnvelope}
 * @see {@link joinEnvelope}
 */
export function respond(
  handler: (body: Message, envelope: Envelope) => ReplyInput,
  config: RespondConfig = {},
): OperatorFunction<Message, Frame[]> {
  if (typeof handler !== 'function') {
    throw new InvalidArgumentError(`respond: 'handler' must be a function`, { argument: 'handler' })
  }
  if (typeof config !== 'object' || config === null) {
    throw new InvalidArgumentError(`respond: 'config' must be an object`, { argument: 'config' })
  }
  const { concurrency = Infinity, onError, events } = config
  checkConcurrency(concurrency, 'respond')
  if (onError !== undefined && typeof onError !== 'function') {
    throw new InvalidArgumentError(`respond: 'onError' must be a function`, {
      argument: 'onError',
    })
  }
  return (source) =>
    defer(() => {
      const warning = new CoalescedWarning('respond', 'a request could not be handled')
      const report = (error: ZmqError, request: Message): void => {
        if (events?.next === undefined) {
          warning.report(error)
          return
        }
        try {
          events.next({ type: 'request:error', error, request })
        } catch (thrown) {
          warning.report(error)
          void thrown
        }
      }
      return source.pipe(
        mergeMap(
          (message) => handleRouterRequest(message, 'respond', handler, onError, report),
          concurrency,
        ),
      )
    })
}
