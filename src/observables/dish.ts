import type { Observable } from 'rxjs'
import { Dish, type DishConfig } from '../sockets/Dish'
import type { GroupMessage } from '../sockets/Radio'
import { fromSocket } from './fromSocket'

/** The messages of a DISH socket (draft) made for this subscription and closed when it ends. */
export function dish(config: DishConfig): Observable<GroupMessage> {
  return fromSocket(() => new Dish(config))
}
