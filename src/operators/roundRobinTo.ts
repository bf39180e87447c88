import { Observable, type OperatorFunction } from 'rxjs'
import { checkQueueConfig } from '../internal/checkQueueConfig'
import { Distributor } from '../internal/Distributor'
import { operate } from '../internal/operate'
import type { PeerChange } from './Peer'
import type { RoundRobinConfig } from './RoundRobinConfig'

/**
 * Sends each message of the source to the next ready peer in turn, over a set of peers that
 * join and leave: a PUSH (or DEALER) socket's outbound side as an operator.
 *
 * - Peers rotate in the order they joined; a peer whose `isReady()` says false (at its
 *   high-water mark) is skipped, as libzmq skips a full pipe.
 * - With no ready peer, messages wait in a bounded FIFO queue; later messages queue behind
 *   them, so order is kept. A `join` or `ready` change sends waiting messages.
 * - At the queue's limit `overflow` decides: `'error'` errors the result with a
 *   {@link QueueFullError}; under `'drop-newest'`/`'drop-oldest'` the result emits each
 *   dropped message, so drops are never silent.
 * - `peers` is subscribed before the source, so peers it emits synchronously are there for the
 *   first message. Its error errors the result; its completion freezes the set of peers.
 * - The result completes when the source has completed and no message waits; it errors with
 *   the source's error (waiting messages are dropped). A peer whose `next` or `isReady`
 *   throws errors the result.
 *
 * ```
 * peers:              j(A)-j(B)------l(A)----
 * source:             --1---2--3---4----5--|
 * roundRobinTo(peers): (A gets 1, 3; B gets 2, 4, 5)  --|
 * ```
 *
 * ## Example
 * ```ts
 * const peers = new Subject<PeerChange<Message>>()
 * tasks.pipe(roundRobinTo(peers, { queueLimit: 100 })).subscribe({ error: console.error })
 * peers.next({ type: 'join', peer: { next: (m) => worker1.next(m) } })
 * ```
 * @see roundRobin for a fixed number of outputs
 */
export function roundRobinTo<T>(
  peers: Observable<PeerChange<T>>,
  config: RoundRobinConfig = {},
): OperatorFunction<T, T> {
  const { limit, overflow } = checkQueueConfig('roundRobinTo', config)
  return (source) =>
    new Observable<T>((subscriber) => {
      const distributor = new Distributor<T>(limit, overflow, 'roundRobinTo')
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
            const offered = distributor.offer(value)
            if (offered.type === 'dropped') subscriber.next(offered.value)
          },
          complete: () => {
            sourceDone = true
            finishIfDone()
          },
        }),
      )
    })
}
