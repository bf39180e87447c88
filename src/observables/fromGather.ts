import type { Observable } from 'rxjs'
import type { Message } from '../message'
import { GatherSocket, type GatherConfig } from '../sockets/GatherSocket'
import { fromSocket } from './fromSocket'

/**
 * The messages of a GATHER socket (draft) made for this subscription and closed when it ends.
 *
 * ## Example
 * ```ts
 * fromGather({ connect: 'tcp://127.0.0.1:5557' }).pipe(text()).subscribe(console.log)
 * ```
 */
export function fromGather(config: GatherConfig): Observable<Message> {
  return fromSocket(() => new GatherSocket(config))
}
