import type { Subscription } from 'rxjs'
import type * as zmq from 'zeromq'
import { RepBehaviour } from '../transport/pipes/behaviours/rep'
import { multipart, type NativeConfig } from '../core/behaviours'
import { CORE } from '../core/members'
import { serveLoop } from '../core/serve'
import { SocketCore, type BaseSocketConfig } from '../core/SocketCore'
import { InvalidArgumentError } from '../errors/InvalidArgumentError'
import { SocketStateError } from '../errors/SocketStateError'
import type { ZmqError } from '../errors/ZmqError'
import { handleRequest } from '../internal/handleRequest'
import type { Message, MessageLike, ReplyInput } from '../message'
import { DuplexSocket } from './DuplexSocket'

/** Options of a {@link ReplySocket} socket. */
export type ReplyConfig = BaseSocketConfig & NativeConfig<zmq.Reply>

/** Options of {@link ReplySocket.serve}. */
export interface ReplyServeConfig {
  /**
   * The reply to a request that could not be handled (the handler threw, rejected, errored,
   * or gave no reply). A REP socket must answer every request to receive the next one, so
   * when this gives none (or fails) the reply is an empty frame. Default: an empty frame.
   */
  onError?: (error: ZmqError, request: Message) => ReplyInput | undefined
}

/**
 * A REP socket: an Observable of requests and an Observer of replies, one reply per request,
 * in order. The envelope is kept for you. Sending with no request to answer is refused with a
 * {@link SocketStateError} (`EFSM`).
 *
 * A server is {@link ReplySocket.serve}: each request handled on its own, so one bad request
 * cannot end the server. (`rep.pipe(handle).subscribe(rep)` works too, but any error in the
 * chain closes the socket: it reaches `rep.error()`.)
 *
 * ```
 * rep (requests):   --a-----b-----|
 * handler:          ----A-----B---
 * rep (replies):    (A to a's peer, B to b's peer)
 * ```
 *
 * ## Example
 * ```ts
 * const rep = new ReplySocket({ bind: 'tcp://*:5555' })
 * rep.serve((request) => timer(1000).pipe(map(() => 'World')))
 * ```
 * @see The example dist/examples/hello-world/server.js in the package (`npx rxzmq example hello-world/server`)
 */
export class ReplySocket extends DuplexSocket<Message, MessageLike> {
  private serving: Subscription | undefined

  constructor(config: ReplyConfig = {}) {
    let unanswered = 0
    super(
      new SocketCore(
        multipart('REP', 'ReplySocket', {
          pipe: RepBehaviour,
          beforeSend: () => {
            if (unanswered === 0) {
              throw new SocketStateError(
                'ReplySocket: cannot send a reply: there is no request to answer',
                'ReplySocket',
              )
            }
            unanswered--
          },
          sendRejected: () => {
            unanswered++
          },
          afterReceive: () => {
            unanswered++
          },
        }),
        config,
      ),
    )
  }

  /**
   * Serves requests until the returned Subscription is unsubscribed or the socket closes:
   * `handler` gets each request and gives its reply, as a `MessageLike` (`'World'`, a Buffer,
   * an array of frames for a multipart reply: one reply, never iterated) or an Observable or
   * Promise of one (the first value is the reply). Requests are handled one at a time, in
   * order: a REP socket receives the next request once it has answered.
   *
   * Each request is handled on its own. A handler that throws, rejects or errors, or gives no
   * reply, does not end the server: the failure is reported on `events$` as `request:error`
   * (with the typed error: the handler's own `ZmqError`, such as a `DecodeError`, or a
   * {@link RequestHandlerError} wrapping what it threw) and as a process warning (at most
   * one a second, with the count of the others), and the request is answered with
   * `onError`'s reply, by default an empty frame, so that the client is not left waiting.
   *
   * One `serve()` at a time per socket: a second is a {@link SocketStateError}.
   *
   * ```
   * requests:        --a------b(bad)----c------
   * serve(handler):  ---A-----''---------C-----   b's handler threw: '' answered, reported
   * events$:         ---------E------------    E: request:error
   * ```
   *
   * ## Example
   * ```ts
   * const rep = new ReplySocket({ bind: 'tcp://*:5555' })
   * const server = rep.serve((request) => {
   *   const name = textCodec().decode(request)   // throws a DecodeError on bad UTF-8
   *   return `Hello ${name}`
   * }, { onError: (error) => `E: ${error.message}` })
   * // later: server.unsubscribe(); rep.close()
   * ```
   */
  serve(handler: (request: Message) => ReplyInput, config: ReplyServeConfig = {}): Subscription {
    const where = 'ReplySocket.serve'
    if (typeof handler !== 'function') {
      throw new InvalidArgumentError(`${where}: 'handler' must be a function`, {
        argument: 'handler',
        socketType: 'ReplySocket',
      })
    }
    const onError = readOnError<ReplyServeConfig['onError']>(config, where)
    if (this.serving !== undefined && !this.serving.closed) {
      throw new SocketStateError(
        `${where}: the socket is served already; unsubscribe the first serve() first`,
        'ReplySocket',
      )
    }
    const core = this[CORE] as SocketCore<Message, MessageLike>
    const serving = serveLoop(core, where, 1, (request, report) =>
      handleRequest({
        where,
        one: true,
        run: () => handler(request),
        onError: (error) => (onError === undefined ? '' : onError(error, request)),
        report: (error) => report(error, request),
      }),
    )
    this.serving = serving
    return serving
  }
}

/** The `onError` of a serve config: a function or nothing, else an InvalidArgumentError. */
export function readOnError<F>(config: unknown, where: string): F | undefined {
  if (typeof config !== 'object' || config === null) {
    throw new InvalidArgumentError(`${where}: 'config' must be an object`, { argument: 'config' })
  }
  let onError: unknown
  try {
    onError = (config as { onError?: unknown }).onError
  } catch (error) {
    throw new InvalidArgumentError(`${where}: 'config.onError' cannot be read`, {
      argument: 'config.onError',
      cause: error,
    })
  }
  if (onError !== undefined && typeof onError !== 'function') {
    throw new InvalidArgumentError(`${where}: 'onError' must be a function`, {
      argument: 'onError',
    })
  }
  return onError as F | undefined
}
