import { plainOptions, requireObservable } from '../internal/args'
import { Observable, type Observer, type OperatorFunction } from 'rxjs'
import { BoundedQueue, type QueueConfig } from '../core/BoundedQueue'
import type { QueueEvent } from '../events'
import { Distributor } from '../internal/Distributor'
import { operate } from '../internal/operate'
import { refuseRenamed } from '../internal/refuseRenamed'
import type { PeerChange } from './Peer'

/**
 * Options of {@link roundRobinTo}.
 *
 * ## Example
 * ```ts
 * const config: RoundRobinToConfig<Message> = {
 *   queue: { limit: 100 },
 *   events: { next: (e) => console.log(e.type) },
 * }
 * tasks$.pipe(roundRobinTo(peers$, config)).subscribe({ error: console.error })
 * ```
 */
export interface RoundRobinToConfig<T> {
  /**
   * The queue of messages waiting for a ready peer (like a PUSH socket's send queue).
   * Default `{ limit: 1000, overflow: 'error' }`: at the limit the result errors with a
   * {@link QueueFullError}; under `'drop-newest'` / `'drop-oldest'` the dropped message is
   * reported as `queue:drop` on `events`.
   */
  queue?: QueueConfig
  /**
   * Where the queue's events go (`queue:full`, `queue:drop` with the dropped message as `item`,
   * `queue:drain`): a Subject, or any `{ next }`.
   */
  events?: Pick<Observer<QueueEvent<T>>, 'next'>
}

/**
 * Sends each message of the source to the next ready peer in turn, over a set of peers that
 * join and leave: a PUSH (or DEALER) socket's outbound side as an operator.
 *
 * - Peers rotate in the order they joined; a peer whose `isReady()` says false (at its
 *   high-water mark) is skipped, as libzmq skips a full pipe.
 * - With no ready peer, messages wait in a bounded FIFO queue (`queue`, default limit 1000);
 *   later messages queue behind them, so order is kept. A `join` or `ready` change sends
 *   waiting messages.
 * - At the queue's limit `queue.overflow` decides: `'error'` (default) errors the result with
 *   a {@link QueueFullError}; under `'drop-newest'`/`'drop-oldest'` each dropped message is
 *   reported as a `queue:drop` event (with the message as `item`) on `events`. `queue:full`
 *   and `queue:drain` say when the queue fills and empties.
 * - `peers` is subscribed before the source, so peers it emits synchronously are there for the
 *   first message. Its error errors the result; its completion freezes the set of peers.
 * - The result emits nothing: it completes when the source has completed and no message
 *   waits; it errors with the source's error (waiting messages are dropped, without
 *   events). A peer whose `next` or `isReady` throws errors the result.
 *
 * ```
 * peers:              j(A)-j(B)------l(A)----
 * source:             --1---2--3---4----5--|
 * roundRobinTo(peers): (A gets 1, 3; B gets 2, 4, 5)  --|
 *
 * no peers, queue { limit: 2, overflow: 'drop-oldest' }
 * source:             -1-2-3-4-|
 * events:             -----a-b-     (a: queue:full, queue:drop of 1; b: queue:drop of 2)
 * roundRobinTo:       ---------|
 * ```
 *
 * ## Example
 * ```ts
 * const peers = new Subject<PeerChange<Message>>()
 * const events = new Subject<QueueEvent<Message>>()
 * events.subscribe((e) => e.type === 'queue:drop' && console.warn(`dropped (${e.dropped})`))
 * tasks
 *   .pipe(roundRobinTo(peers, { queue: { limit: 100, overflow: 'drop-oldest' }, events }))
 *   .subscribe({ error: console.error })
 * peers.next({ type: 'join', peer: { next: (m) => worker1.next(m) } })
 * ```
 * @see {@link roundRobin} for a fixed number of outputs
 */
export function roundRobinTo<T>(
  peers: Observable<PeerChange<T>>,
  config: RoundRobinToConfig<T> = {},
): OperatorFunction<T, never> {
  requireObservable(peers, 'roundRobinTo', 'peers')
  config = plainOptions(config, 'roundRobinTo')
  refuseRenamed('roundRobinTo', config, { queueLimit: 'queue.limit', overflow: 'queue.overflow' })
  const { limit, overflow } = BoundedQueue.resolve(config.queue, { owner: 'roundRobinTo' })
  const { events } = config
  const report = events === undefined ? undefined : (event: QueueEvent<T>) => events.next(event)
  return (source) =>
    new Observable<never>((subscriber) => {
      const distributor = new Distributor<T>(limit, overflow, 'roundRobinTo', report)
      let sourceDone = false
      const finishIfDone = (): void => {
        if (sourceDone && distributor.waiting === 0) subscriber.complete()
      }
      peers.subscribe(
        operate<PeerChange<T>>(subscriber, {
          next: (change) => {
            if (change.type === 'leave') {
              distributor.leave(change.peer)
              return
            }
            if (change.type === 'join') distributor.join(change.peer)
            distributor.flush()
            finishIfDone()
          },
          complete: () => {},
        }),
      )
      subscriber.add(() => distributor.clear())
      if (subscriber.closed) return
      source.subscribe(
        operate<T>(subscriber, {
          next: (value) => {
            distributor.offer(value) // a drop is reported to events; 'error' throws
          },
          complete: () => {
            sourceDone = true
            finishIfDone()
          },
        }),
      )
    })
}
