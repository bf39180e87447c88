import { badArgument } from '../internal/args'
import { from, Observable, type ObservableInput } from 'rxjs'
import { Deque } from '../internal/Deque'
import { FairQueue } from '../internal/FairQueue'
import { operate } from '../internal/operate'

/**
 * Merges sources the way a PULL, DEALER or SUB socket reads its peers: when several sources
 * have messages waiting, it takes one from each in turn, so no source can starve the others
 * however fast it emits.
 *
 * The exact semantics, since RxJS sources push rather than wait to be read:
 *
 * - A message that arrives while nothing is waiting and nothing is being delivered is
 *   delivered at once (as `merge` would).
 * - A message that arrives while fairQueue is delivering (a source emitting synchronously
 *   while another's message is being handled downstream, or while the sources are being
 *   subscribed) waits in its source's own queue.
 * - Waiting messages are delivered round-robin over the sources: one from the next source that
 *   has any, then one from the following, and so on, until every queue is empty.
 * - Every source is subscribed before anything is delivered, so synchronous sources are
 *   interleaved too: `fairQueue(of(1, 2, 3), of('a', 'b'))` gives `1 a 2 b 3`, and a
 *   synchronous flood on one source lets a message from another through after one message.
 * - It completes once every source has completed and every queue is empty; it errors as soon
 *   as a source errors (waiting messages are dropped); unsubscribing stops every source and
 *   drops what waits.
 *
 * Waiting messages are only ever the ones a source pushed synchronously during a delivery: a
 * source that emits synchronously without end (a flood with no end) is not something any merge
 * can interleave; put a scheduler on it (`observeOn(asapScheduler)`) first.
 *
 * ```
 * a:            --1-------(234)------
 * b:            -----x----(yz)--|
 * fairQueue:    --1--x----(234yz)----     (each arrived alone: delivered at once)
 *
 * fairQueue(of(1, 2, 3), of('a', 'b')):  (1a2b3|)
 * ```
 *
 * ## Example
 * ```ts
 * fairQueue(fromPull({ bind: 'tcp://*:5557' }), fromPull({ bind: 'tcp://*:5558' })).subscribe(handle)
 * ```
 * @see {@link roundRobin}
 */
export function fairQueue<T>(...sources: ObservableInput<T>[]): Observable<T> {
  return new Observable<T>((subscriber) => {
    const count = sources.length
    // libzmq's fair queuing engine, the one the pipe sockets read their peers with
    const engine = new FairQueue<T, Deque<T>>()
    const queues = sources.map(() => new Deque<T>())
    for (const queue of queues) engine.join(queue)
    let remaining = count
    let waiting = 0
    let delivering = true // until every source is subscribed: buffer everything

    const drain = (): void => {
      delivering = true
      try {
        while (waiting > 0 && !subscriber.closed) {
          const value = engine.read() as T
          waiting--
          subscriber.next(value)
        }
      } finally {
        delivering = false
      }
      if (remaining === 0 && !subscriber.closed) subscriber.complete()
    }

    const inputs: Observable<T>[] = []
    for (const [i, source] of sources.entries()) {
      try {
        inputs.push(from(source))
      } catch (error) {
        subscriber.error(
          badArgument('fairQueue', `sources[${i}]`, 'an ObservableInput', source, error),
        )
        return
      }
    }
    for (let i = 0; i < count && !subscriber.closed; i++) {
      inputs[i]!.subscribe(
        operate<T>(subscriber, {
          next: (value) => {
            queues[i].push(value)
            waiting++
            if (!delivering) drain()
          },
          complete: () => {
            remaining--
            if (remaining === 0 && !delivering && waiting === 0) subscriber.complete()
          },
        }),
      )
    }
    if (!subscriber.closed) drain()
  })
}
