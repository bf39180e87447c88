import { Observable, type OperatorFunction } from 'rxjs'
import { Deque } from '../internal/Deque'
import { checkQueueConfig } from '../internal/checkQueueConfig'
import { operate } from '../internal/operate'
import { QueueFullError } from '../errors/QueueFullError'
import type { Assignment } from './Assignment'

/** Options of {@link loadBalance}. */
export interface LoadBalanceConfig {
  /** How many messages may wait for a ready worker. Default 1000. */
  queueLimit?: number
  /**
   * Which ready worker gets the next message: `'oldest'` (default), the one that has waited
   * longest since saying it is ready, as the zguide's load-balancing broker does (least
   * recently used); or `'newest'`, the one that said so most recently (keeps a hot worker busy).
   */
  order?: 'oldest' | 'newest'
}

/**
 * Ready-based load balancing, the zguide's load-balancing broker as an operator: each worker
 * says it is ready by emitting its id on `ready`, and each message goes to a worker that is
 * ready, which then is not ready again until it says so again. One announcement is one
 * credit: a worker that announces itself twice may get two messages.
 *
 * - Messages with no ready worker wait in a bounded FIFO queue; an announcement sends the
 *   oldest waiting message at once. At the queue's limit the result errors with a
 *   {@link QueueFullError}.
 * - `ready` is subscribed before the source. Its error errors the result; its completion ends
 *   the announcements (credits left are still used).
 * - The result completes when the source has completed and no message waits.
 *
 * ```
 * ready:            -A--B-----------A----
 * source:           ----1--2--3--------|
 * loadBalance(ready): ----{A,1}-{B,2}----{A,3}-|
 * ```
 *
 * ## Example
 * ```ts
 * // ROUTER backend: workers send [id, '', 'READY'] or [id, '', client, '', reply]
 * const ready = backend.pipe(map(([id]) => id))
 * frontendRequests.pipe(loadBalance(ready)).subscribe(({ worker, message }) =>
 *   backend.next([worker, '', ...message]))
 * ```
 * @see roundRobinTo for distribution without announcements
 */
export function loadBalance<T, W>(
  ready: Observable<W>,
  config: LoadBalanceConfig = {},
): OperatorFunction<T, Assignment<T, W>> {
  const { limit } = checkQueueConfig('loadBalance', { queueLimit: config.queueLimit })
  const newest = config.order === 'newest'
  return (source) =>
    new Observable<Assignment<T, W>>((subscriber) => {
      const workers: W[] = []
      let oldestWorker = 0 // index of the oldest credit in `workers`
      const waiting = new Deque<T>()
      let sourceDone = false

      const credits = (): number => workers.length - oldestWorker
      const takeWorker = (): W => {
        if (newest) return workers.pop() as W
        const worker = workers[oldestWorker++]
        if (oldestWorker > 1024 && oldestWorker * 2 > workers.length) {
          workers.splice(0, oldestWorker)
          oldestWorker = 0
        }
        return worker
      }

      ready.subscribe(
        operate<W>(subscriber, {
          next: (worker) => {
            workers.push(worker)
            if (waiting.length > 0) {
              subscriber.next({ worker: takeWorker(), message: waiting.shift() as T })
              if (sourceDone && waiting.length === 0) subscriber.complete()
            }
          },
          complete: () => {},
        }),
      )
      if (subscriber.closed) return
      source.subscribe(
        operate<T>(subscriber, {
          next: (message) => {
            if (credits() > 0) {
              subscriber.next({ worker: takeWorker(), message })
              return
            }
            if (waiting.length >= limit) throw new QueueFullError('loadBalance', limit)
            waiting.push(message)
          },
          complete: () => {
            sourceDone = true
            if (waiting.length === 0) subscriber.complete()
          },
        }),
      )
    })
}
