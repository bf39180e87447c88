import type { Observable } from 'rxjs'
import type { Message } from '../message'
import { PullSocket, type PullConfig } from '../sockets/PullSocket'
import { fromSocket } from './fromSocket'

/**
 * The messages of a PULL socket made for this subscription and closed when it ends.
 *
 * ## Example
 * ```ts
 * pull({ connect: 'tcp://localhost:5557' }).pipe(text()).subscribe((task) => work(task))
 * ```
 * @see examples/pipeline/worker.ts
 */
export function fromPull(config: PullConfig): Observable<Message> {
  return fromSocket(() => new PullSocket(config))
}
