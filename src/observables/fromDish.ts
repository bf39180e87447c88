import type { Observable } from 'rxjs'
import { DishSocket, type DishConfig } from '../sockets/DishSocket'
import type { GroupMessage } from '../sockets/RadioSocket'
import { fromSocket } from './fromSocket'

/**
 * The messages of a DISH socket (draft) made for this subscription and closed when it ends.
 *
 * ## Example
 * ```ts
 * fromDish({ connect: 'tcp://127.0.0.1:5565', groups: ['scores'] })
 *   .pipe(map(({ group, data }) => `${group}: ${data.toString()}`), take(5))
 *   .subscribe(console.log)
 * ```
 */
export function fromDish(config: DishConfig): Observable<GroupMessage> {
  return fromSocket(() => new DishSocket(config))
}
