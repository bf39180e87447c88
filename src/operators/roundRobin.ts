import { describeValue } from '../core/describeValue'
import { Observable, type Subscriber, type Subscription } from 'rxjs'
import { InvalidOptionError } from '../errors/InvalidOptionError'
import { Distributor } from '../internal/Distributor'
import { operate } from '../internal/operate'
import type { Peer } from './Peer'

/**
 * Splits a source into `n` outputs the way a PUSH socket spreads messages over its PULL peers:
 * message after message goes to the next output in turn, skipping outputs nobody is
 * subscribed to.
 *
 * - The source is subscribed once, when all `n` outputs have been subscribed, so even a
 *   synchronous source is spread evenly (`[a, b] = roundRobin(2)(of(1, 2, 3, 4))` gives
 *   a: 1 3, b: 2 4).
 * - An output whose subscribers have all left is skipped until it is subscribed again; several
 *   subscribers to one output each get that output's messages.
 * - The source's completion and error go to every output. When the last subscriber of the last
 *   output leaves, the source is unsubscribed; subscribing all `n` outputs again starts over
 *   with a fresh subscription to the source.
 * - Nothing ever waits, so there is no `queue` option: while the source is subscribed some
 *   output has a subscriber, and that output takes the message at once. (For peers that may
 *   be full, and so a bounded wait queue, see {@link roundRobinTo}.)
 *
 * ```
 * source:          -1-2-3-4-5-6-|
 * roundRobin(3):   -1-----4-----|     (output 0)
 *                  ---2-----5---|     (output 1)
 *                  -----3-----6-|     (output 2)
 * ```
 *
 * ## Example
 * ```ts
 * const tasks = range(1, 9)
 * const [w1, w2, w3] = roundRobin<number>(3)(tasks)
 * w1.subscribe(work('w1')) // 1, 4, 7
 * w2.subscribe(work('w2')) // 2, 5, 8
 * w3.subscribe(work('w3')) // 3, 6, 9
 * ```
 * @param n How many outputs: a positive integer.
 * @see {@link roundRobinTo} for peers that join and leave and may be full
 * @see {@link fairQueue} for the other direction
 */
export function roundRobin<T>(n: number): (source: Observable<T>) => Observable<T>[] {
  if (!Number.isInteger(n) || n < 1 || n > 65536) {
    throw new InvalidOptionError(
      `roundRobin: n must be an integer from 1 to 65536, got ${describeValue(n)}`,
      {
        option: 'n',
      },
    )
  }
  return (source) => {
    const slots: Set<Subscriber<T>>[] = Array.from({ length: n }, () => new Set())
    let connection: Subscription | undefined
    let distributor: Distributor<T> | undefined

    const everyone = (): Subscriber<T>[] => slots.flatMap((slot) => [...slot])
    const reset = (): void => {
      const current = connection
      connection = undefined
      distributor = undefined
      current?.unsubscribe()
    }
    const connect = (): void => {
      // Unbounded, and never used: an output with a subscriber is always ready (see above).
      const dist = new Distributor<T>(Infinity, 'error', 'roundRobin')
      for (const slot of slots) {
        const peer: Peer<T> = {
          next: (value) => {
            for (const subscriber of [...slot]) subscriber.next(value)
          },
          isReady: () => slot.size > 0,
        }
        dist.join(peer)
      }
      distributor = dist
      // A holder whose closing stops the source, chained like an operator's subscriber.
      const holder = new Observable<never>((inner) => {
        connection = inner
        source.subscribe(
          operate<T>(inner, {
            next: (value) => {
              dist.offer(value)
            },
            error: (error) => {
              const targets = everyone()
              reset()
              for (const subscriber of targets) subscriber.error(error)
            },
            complete: () => {
              const targets = everyone()
              reset()
              for (const subscriber of targets) subscriber.complete()
            },
          }),
        )
      })
      // eslint-disable-next-line rxjs-x/no-ignored-subscription -- ended through `connection` when the last output unsubscribes
      holder.subscribe({ error: () => {} })
    }

    return slots.map(
      (slot) =>
        new Observable<T>((subscriber) => {
          slot.add(subscriber)
          // Registered before connecting: a synchronous source may end this subscriber at once.
          subscriber.add(() => {
            slot.delete(subscriber)
            if (distributor !== undefined && slots.every((s) => s.size === 0)) reset()
          })
          if (distributor === undefined && slots.every((s) => s.size > 0)) connect()
        }),
    )
  }
}
