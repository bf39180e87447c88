import { Observable, type Subscription } from 'rxjs'
import { Deque } from '../internal/Deque'
import { CORE } from '../core/members'
import type * as zmq from 'zeromq'
import { ReqBehaviour } from '../transport/pipes/behaviours/req'
import { multipart, type NativeConfig } from '../core/behaviours'
import { SocketCore, type BaseSocketConfig } from '../core/SocketCore'
import { SocketClosedError } from '../errors/SocketClosedError'
import { SocketStateError } from '../errors/SocketStateError'
import type { Message, MessageLike } from '../message'
import { DuplexSocket } from './DuplexSocket'

/** Options of a {@link RequestSocket} socket. */
export type RequestConfig = BaseSocketConfig & NativeConfig<zmq.Request>

/**
 * A REQ socket: strictly one request, then its reply. {@link RequestSocket.request} does the
 * alternation for you, queueing requests behind each other. Sending a second request before
 * the reply (with `send`/`next`) is refused with a {@link SocketStateError} (`EFSM`) instead of
 * the call libzmq would leave pending forever: `send()` rejects, `next()` reports a
 * `send:error` event; the request in progress and its reply are kept.
 *
 * ## Example
 * ```ts
 * const req = new Request({ connect: 'tcp://localhost:5555' })
 * range(3).pipe(concatMap(() => req.request('Hello')), text()).subscribe(console.log)
 * ```
 * @see examples/hello-world/client.ts
 */
export class RequestSocket extends DuplexSocket<Message, MessageLike> {
  private busy = false
  private readonly waiting = new Deque<() => void>()

  constructor(config: RequestConfig = {}) {
    let awaitingReply = false
    // ZMQ_REQ_RELAXED is write-only in zeromq.js (it reads back undefined): keep what was asked
    const relaxed = config.relaxed === true
    super(
      new SocketCore(
        multipart('REQ', 'RequestSocket', {
          pipe: ReqBehaviour,
          beforeSend: () => {
            if (awaitingReply && !relaxed) {
              throw new SocketStateError(
                'RequestSocket: cannot send a request before the reply to the previous one arrived (use request(), which waits its turn)',
                'RequestSocket',
              )
            }
            awaitingReply = true
          },
          sendRejected: () => {
            awaitingReply = false
          },
          afterReceive: () => {
            awaitingReply = false
          },
        }),
        config,
      ),
    )
  }

  /**
   * Sends one request when the socket's turn comes and emits its reply, then completes.
   * Requests made together are sent one after the other. Unsubscribing before the reply
   * discards the reply when it comes (the socket still waits for it: a dead server needs a
   * fresh socket, see the Lazy Pirate pattern).
   *
   * ```
   * request('a'):  ----(reply a|)
   * ```
   */
  request(message: MessageLike): Observable<Message> {
    return new Observable<Message>((subscriber) => {
      const start = (): void => {
        if (subscriber.closed) {
          this.nextTurn()
          return
        }
        // One reply, then the next request's turn. If the caller left meanwhile, the reply is
        // still awaited (the socket needs it) and dropped.
        let settled = false
        let replies: Subscription | undefined = undefined
        replies = this[CORE].messages.subscribe({
          next: (reply) => {
            if (settled) return
            settled = true
            replies?.unsubscribe()
            this.nextTurn()
            subscriber.next(reply)
            subscriber.complete()
          },
          error: (error: unknown) => {
            settled = true
            this.nextTurn()
            subscriber.error(error)
          },
          complete: () => {
            // the socket closed before the reply came
            settled = true
            this.nextTurn()
            subscriber.error(new SocketClosedError('RequestSocket', 'receive the reply'))
          },
        })
        if (settled) replies.unsubscribe()
        ;(this[CORE].send(message) as Promise<void>).catch((error: unknown) => {
          if (settled) return
          settled = true
          replies?.unsubscribe()
          this.nextTurn()
          subscriber.error(error)
        })
      }
      if (this.busy) this.waiting.push(start)
      else {
        this.busy = true
        start()
      }
      // A request unsubscribed while waiting for its turn is skipped when the turn comes.
    })
  }

  /** Gives the turn to the next waiting request, if any. */
  private nextTurn(): void {
    const next = this.waiting.shift()
    if (next === undefined) this.busy = false
    else next()
  }
}
