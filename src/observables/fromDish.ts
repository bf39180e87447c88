import type { Observable } from 'rxjs'
import { DishSocket, type DishConfig } from '../sockets/DishSocket'
import type { GroupMessage } from '../sockets/RadioSocket'
import { fromSocket } from './fromSocket'

/** The messages of a DISH socket (draft) made for this subscription and closed when it ends. */
export function fromDish(config: DishConfig): Observable<GroupMessage> {
  return fromSocket(() => new DishSocket(config))
}
