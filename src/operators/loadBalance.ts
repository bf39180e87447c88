import { plainOptions, requireObservable } from '../internal/args'
import { Observable, type Observer, type OperatorFunction } from 'rxjs'
import { BoundedQueue, type QueueConfig } from '../core/BoundedQueue'
import type { QueueEvent } from '../events'
import { operate } from '../internal/operate'
import { refuseRenamed } from '../internal/refuseRenamed'
import type { Assignment } from './Assignment'

/**
 * Options of {@link loadBalance}.
 *
 * ## Example
 * ```ts
 * const config: LoadBalanceConfig<Message> = {
 *   queue: { limit: 100, overflow: 'drop-newest' },
 *   order: 'oldest',
 *   events: new Subject<QueueEvent<Message>>(),
 * }
 * requests$.pipe(loadBalance(ready$, config)).subscribe(assign)
 * ```
 */
export interface LoadBalanceConfig<T> {
  /**
   * The queue of messages waiting for a ready worker. Default
   * `{ limit: 1000, overflow: 'error' }`: at the limit the result errors with a
   * {@link QueueFullError}; under `'drop-newest'` / `'drop-oldest'` the dropped message is
   * reported as `queue:drop` on `events` (the result carries assignments only).
   */
  queue?: QueueConfig
  /**
   * Which ready worker gets the next message: `'oldest'` (default), the one that has waited
   * longest since saying it is ready, as the zguide's load-balancing broker does (least
   * recently used); or `'newest'`, the one that said so most recently (keeps a hot worker busy).
   */
  order?: 'oldest' | 'newest'
  /**
   * Where the queue's events go (`queue:full`, `queue:drop` with the dropped message as `item`,
   * `queue:drain`): a Subject, or any `{ next }`.
   */
  events?: Pick<Observer<QueueEvent<T>>, 'next'>
}

/**
 * Ready-based load balancing, the zguide's load-balancing broker as an operator: each worker
 * says it is ready by emitting its id on `ready`, and each message goes to a worker that is
 * ready, which then is not ready again until it says so again. One announcement is one
 * credit: a worker that announces itself twice may get two messages.
 *
 * - Messages with no ready worker wait in a bounded FIFO queue (`queue`, default limit 1000);
 *   an announcement sends the oldest waiting message at once. At the queue's limit
 *   `queue.overflow` decides: `'error'` (default) errors the result with a
 *   {@link QueueFullError}; `'drop-newest'` / `'drop-oldest'` drop a message and report it as
 *   `queue:drop` (with the message as `item`) on `events`, where a broker can answer its
 *   client "busy". `queue:full` and `queue:drain` say when the queue fills and empties.
 * - `ready` is subscribed before the source. Its error errors the result; its completion ends
 *   the announcements (credits left are still used).
 * - The result completes when the source has completed and no message waits.
 *
 * ```
 * ready:            -A--B-----------A----
 * source:           ----1--2--3--------|
 * loadBalance(ready): ----{A,1}-{B,2}----{A,3}-|
 *
 * no worker, queue { limit: 2, overflow: 'drop-newest' }
 * source:           -1-2-3-|
 * events:           -----a-       (a: queue:full, then queue:drop of 3)
 * loadBalance:      -------       (1 and 2 wait for a worker)
 * ```
 *
 * ## Example
 * ```ts
 * // ROUTER backend: workers send [id, '', 'READY'] or [id, '', client, '', reply]
 * const ready = backend.pipe(map(([id]) => id))
 * const events = new Subject<QueueEvent<Message>>()
 * events.subscribe((e) => {
 *   if (e.type === 'queue:drop') frontend.next([e.item[0], '', 'BUSY']) // tell the client
 * })
 * frontendRequests
 *   .pipe(loadBalance(ready, { queue: { limit: 100, overflow: 'drop-newest' }, events }))
 *   .subscribe(({ worker, message }) => backend.next([worker, '', ...message]))
 * ```
 * @see {@link roundRobinTo} for distribution without announcements
 */
export function loadBalance<T, W>(
  ready: Observable<W>,
  config: LoadBalanceConfig<T> = {},
): OperatorFunction<T, Assignment<T, W>> {
  requireObservable(ready, 'loadBalance', 'ready')
  config = plainOptions(config, 'loadBalance')
  refuseRenamed('loadBalance', config, { queueLimit: 'queue.limit' })
  const queueConfig = BoundedQueue.resolve(config.queue, { owner: 'loadBalance' })
  const { events } = config
  const report = events === undefined ? undefined : (event: QueueEvent<T>) => events.next(event)
  const newest = config.order === 'newest'
  return (source) =>
    new Observable<Assignment<T, W>>((subscriber) => {
      const workers: W[] = []
      let oldestWorker = 0 // index of the oldest credit in `workers`
      const waiting = new BoundedQueue<T>(queueConfig, { owner: 'loadBalance' }, report)
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
              const message = waiting.shift() as T
              subscriber.next({ worker: takeWorker(), message })
              if (sourceDone && waiting.length === 0) subscriber.complete()
            }
          },
          complete: () => {},
        }),
      )
      subscriber.add(() => waiting.clear())
      if (subscriber.closed) return
      source.subscribe(
        operate<T>(subscriber, {
          next: (message) => {
            if (credits() > 0) {
              subscriber.next({ worker: takeWorker(), message })
              return
            }
            waiting.push(message) // a drop is reported to events; 'error' throws
          },
          complete: () => {
            sourceDone = true
            if (waiting.length === 0) subscriber.complete()
          },
        }),
      )
    })
}
