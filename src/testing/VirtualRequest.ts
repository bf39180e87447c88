import { concatMap, defer, Observable, Subject, take } from 'rxjs'
import type { Message, MessageLike } from '../message'
import { VCORE } from './internal/virtualMembers'
import { VirtualDuplexSocket } from './VirtualDuplexSocket'

/**
 * A virtual REQ socket: strictly one request, then its reply. {@link VirtualRequest.request}
 * does the alternation, queueing requests behind each other; sending a second request before
 * the reply with `next`/`send` is refused with a SocketStateError (`EFSM`).
 */
export class VirtualRequest extends VirtualDuplexSocket {
  private readonly turns = new Subject<Observable<Message>>()
  private started = false

  /**
   * Sends one request when the socket's turn comes and emits its reply, then completes.
   *
   * ```
   * request('a'):  ----(reply a|)
   * ```
   */
  request(message: MessageLike): Observable<Message> {
    return new Observable<Message>((subscriber) => {
      if (!this.started) {
        this.started = true
        this.turns.pipe(concatMap((turn) => turn)).subscribe({ error: () => undefined })
      }
      const turn = defer(() => {
        if (subscriber.closed) return []
        const reply = this.pipe(take(1))
        return new Observable<Message>((inner) => {
          const subscription = reply.subscribe({
            next: (value) => {
              subscriber.next(value)
              subscriber.complete()
            },
            error: (error: unknown) => subscriber.error(error),
            complete: () => subscriber.complete(),
          })
          subscription.add(() => inner.complete())
          try {
            this[VCORE].accept(message)
          } catch (error) {
            subscription.unsubscribe()
            subscriber.error(error)
          }
          return subscription
        })
      })
      this.turns.next(turn)
    })
  }
}
