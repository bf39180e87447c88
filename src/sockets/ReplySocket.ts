import type * as zmq from 'zeromq'
import { RepBehaviour } from '../transport/pipes/behaviours/rep'
import { multipart, type NativeConfig } from '../core/behaviours'
import { SocketCore, type BaseSocketConfig } from '../core/SocketCore'
import { SocketStateError } from '../errors/SocketStateError'
import type { Message, MessageLike } from '../message'
import { DuplexSocket } from './DuplexSocket'

/** Options of a {@link ReplySocket} socket. */
export type ReplyConfig = BaseSocketConfig & NativeConfig<zmq.Reply>

/**
 * A REP socket: an Observable of requests and an Observer of replies, one reply per request,
 * in order. The envelope is kept for you. Sending with no request to answer is refused with a
 * {@link SocketStateError} (`EFSM`).
 *
 * ```
 * rep (requests):   --a-----b-----|
 * handler:          ----A-----B---
 * rep (replies):    (A to a's peer, B to b's peer)
 * ```
 *
 * ## Example
 * ```ts
 * const rep = new Reply({ bind: 'tcp://*:5555' })
 * rep.pipe(text(), concatMap(() => timer(1000).pipe(map(() => 'World')))).subscribe(rep)
 * ```
 * @see examples/hello-world/server.ts
 */
export class ReplySocket extends DuplexSocket<Message, MessageLike> {
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
}
