import { describeValue } from '../core/describeValue'
import { readOptions } from '../internal/args'
import { asyncScheduler, Observable, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs'
import { InvalidOptionError } from '../errors/InvalidOptionError'
import { Deque } from '../internal/Deque'
import { operate } from '../internal/operate'

/** Options of {@link dedupe}. */
export interface DedupeConfig {
  /**
   * How many keys to remember, the oldest forgotten first. Default `Infinity`. Size it to the
   * number of results that can arrive between a result and its duplicate.
   */
  maxKeys?: number
  /**
   * How long to remember a key, in ms after it was first seen. Default `Infinity`. A duplicate
   * can only come while its task can still be dispatched again: set it above the
   * dispatcher's timeout plus the time a task takes.
   */
  ttl?: number
  /** Where the `ttl` clock runs. Default `asyncScheduler`; a `TestScheduler` in tests. */
  scheduler?: SchedulerLike
}

interface Seen {
  readonly key: unknown
  readonly at: number
}

/**
 * Lets each key through once: the sink end of a pipeline that loses nothing, where a task
 * dispatched again after its worker was lost (see {@link reliableDispatch}) may be done twice.
 * A value whose key was seen is dropped. Unlike RxJS's `distinct`, memory is bounded: a key is
 * forgotten once `maxKeys` newer keys were seen or `ttl` ms after it was first seen, whichever
 * comes first, so a long-running sink does not grow for ever.
 *
 * Time is read from the scheduler when values arrive (no timers run); a key throwing errors
 * the result.
 *
 * ```
 * source:                     -a-b-a-c-b-a-|
 * dedupe((x) => x):           -a-b---c-----|
 * dedupe((x) => x, { maxKeys: 2 }):
 *                             -a-b---c---a-|      (a was forgotten when c came)
 * ```
 *
 * ## Example
 * ```ts
 * const results = new PullSocket({ bind: 'tcp://*:5559' })
 * results.pipe(
 *   map(([, id, payload]) => ({ id: String(id), payload })),
 *   dedupe((result) => result.id, { ttl: 60_000 }),
 * ).subscribe(store)
 * ```
 * @see {@link reliableDispatch}
 * @see The example dist/examples/reliable-pipeline/sink.js in the package (`npx rxzmq example reliable-pipeline/sink`)
 */
export function dedupe<T>(
  key: (value: T) => unknown,
  config: DedupeConfig = {},
): MonoTypeOperatorFunction<T> {
  const options = readOptions(config, 'dedupe', ['maxKeys', 'ttl', 'scheduler'])
  const maxKeys = (options.maxKeys ?? Infinity) as number
  const ttl = (options.ttl ?? Infinity) as number
  const scheduler = (options.scheduler ?? asyncScheduler) as SchedulerLike
  if (typeof key !== 'function') {
    throw new InvalidOptionError(`dedupe: the key selector must be a function`, { option: 'key' })
  }
  if (!(maxKeys === Infinity || (Number.isInteger(maxKeys) && maxKeys > 0))) {
    throw new InvalidOptionError(
      `dedupe: option 'maxKeys' must be a positive integer or Infinity, got ${describeValue(maxKeys)}`,
      { option: 'maxKeys' },
    )
  }
  if (typeof ttl !== 'number' || !(ttl > 0)) {
    throw new InvalidOptionError(
      `dedupe: option 'ttl' must be a positive number of ms or Infinity, got ${describeValue(ttl)}`,
      { option: 'ttl' },
    )
  }
  const bounded = maxKeys !== Infinity || ttl !== Infinity
  return (source) =>
    new Observable<T>((subscriber) => {
      const seen = new Set<unknown>()
      // Keys in the order they were first seen: the oldest is forgotten first.
      const order = new Deque<Seen>()
      source.subscribe(
        operate<T>(subscriber, {
          next: (value) => {
            const k = key(value)
            const now = ttl === Infinity ? 0 : scheduler.now()
            if (ttl !== Infinity) {
              for (let old = order.peek(); old !== undefined && now - old.at >= ttl;) {
                order.shift()
                seen.delete(old.key)
                old = order.peek()
              }
            }
            if (seen.has(k)) return
            if (bounded) {
              if (order.length >= maxKeys) seen.delete(order.shift()!.key)
              order.push({ key: k, at: now })
            }
            seen.add(k)
            subscriber.next(value)
          },
        }),
      )
    })
}
