import type { Observable } from 'rxjs'
import type { Message } from '../message'
import { SubscriberSocket, type SubscriberConfig } from '../sockets/SubscriberSocket'
import { fromSocket } from './fromSocket'

/**
 * The messages of a SUB socket made for this subscription and closed when it ends.
 *
 * ## Example
 * ```ts
 * fromSubscriber({ connect: 'tcp://localhost:5556', topics: ['10001 '] })
 *   .pipe(text(), take(5))
 *   .subscribe(console.log)     // the socket closes after the fifth update
 * ```
 * @see The example dist/examples/weather/client.js in the package (`npx rxzmq example weather/client`)
 */
export function fromSubscriber(config: SubscriberConfig): Observable<Message> {
  return fromSocket(() => new SubscriberSocket(config))
}
