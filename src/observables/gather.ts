import type { Observable } from 'rxjs'
import type { Message } from '../message'
import { Gather, type GatherConfig } from '../sockets/Gather'
import { fromSocket } from './fromSocket'

/** The messages of a GATHER socket (draft) made for this subscription and closed when it ends. */
export function gather(config: GatherConfig): Observable<Message> {
  return fromSocket(() => new Gather(config))
}
