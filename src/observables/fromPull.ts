import type { Observable } from 'rxjs'
import type { Message } from '../message'
import { PullSocket, type PullConfig } from '../sockets/PullSocket'
import { fromSocket } from './fromSocket'

/**
 * The messages of a PULL socket made for this subscription and closed when it ends.
 *
 * ## Example
 * ```ts
 * fromPull({ connect: 'tcp://localhost:5557' }).pipe(text()).subscribe((task) => work(task))
 * ```
 * @see The example dist/examples/pipeline/worker.js in the package (`npx rxzmq example pipeline/worker`)
 */
export function fromPull(config: PullConfig): Observable<Message> {
  return fromSocket(() => new PullSocket(config))
}
