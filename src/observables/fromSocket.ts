import { badArgument, requireFunction } from '../internal/args'
import { Observable } from 'rxjs'
import { ReceiverSocket } from '../sockets/ReceiverSocket'

/**
 * A cold Observable over a socket made per subscription: subscribing makes the socket with
 * `create`, unsubscribing (or completion, or an error) closes it. So `retry()` reconnects with
 * a fresh socket, and `take(n)` leaves nothing open. Errors making the socket, binding or
 * connecting arrive on the error channel.
 *
 * ```
 * fromSocket(make):  --a--b--c--    (socket made at subscription)
 * take(2):           --a--(b|)     (socket closed)
 * ```
 *
 * ## Example
 * ```ts
 * fromSocket(() => new PullSocket({ connect: 'tcp://127.0.0.1:5558' }))
 *   .pipe(text(), take(10), retry({ delay: 1000 })) // a fresh socket for each retry
 *   .subscribe(console.log) // the socket is closed after the 10th message
 * ```
 */
export function fromSocket<T>(create: () => ReceiverSocket<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    let socket: ReceiverSocket<T>
    try {
      socket = requireFunction<() => ReceiverSocket<T>>(create, 'fromSocket', 'create')()
    } catch (error) {
      subscriber.error(error)
      return
    }
    if (!(socket instanceof ReceiverSocket)) {
      subscriber.error(
        badArgument('fromSocket', 'create', 'a function returning a socket that receives', socket),
      )
      return
    }
    const subscription = socket.subscribe(subscriber)
    return () => {
      subscription.unsubscribe()
      socket.close()
    }
  })
}
