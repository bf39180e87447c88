import { badArgument, plainOptions, requireFunction } from '../internal/args'
import {
  from,
  Observable,
  type ObservableInput,
  type Observer,
  type OperatorFunction,
  type Subscription,
} from 'rxjs'
import { BoundedQueue, type QueueConfig } from '../core/BoundedQueue'
import { InvalidOptionError } from '../errors/InvalidOptionError'
import type { QueueEvent } from '../events'
import { operate } from '../internal/operate'
import { refuseRenamed } from '../internal/refuseRenamed'

/**
 * What {@link consume} reports on its `events` Observer, as one discriminated union:
 *
 * - `slow-consumer` / `caught-up`: the consumer fell behind (`highWater` messages wait) or
 *   caught up (back to `lowWater`); edge-triggered, one event per crossing. `depth` is how many
 *   messages wait, `dropped` how many were dropped so far.
 * - `queue:full`, `queue:drop` (the dropped message as `item`), `queue:drain`: the waiting
 *   queue's events, as every bounded queue reports them ({@link QueueEvent}).
 *
 * ## Example
 * ```ts
 * const events = new Subject<ConsumeEvent<Message>>()
 * events.pipe(filter((e) => e.type === 'slow-consumer')).subscribe(() => alert('behind'))
 * ```
 */
export type ConsumeEvent<T> =
  | { readonly type: 'slow-consumer'; readonly depth: number; readonly dropped: number }
  | { readonly type: 'caught-up'; readonly depth: number; readonly dropped: number }
  | QueueEvent<T>

/**
 * Options of {@link consume}.
 *
 * ## Example
 * ```ts
 * const config: ConsumeConfig<Message> = {
 *   highWater: 500,
 *   lowWater: 0,
 *   queue: { limit: 1000, overflow: 'drop-oldest' },
 *   events: new Subject<ConsumeEvent<Message>>(),
 * }
 * updates$.pipe(consume(store, config)).subscribe()
 * ```
 */
export interface ConsumeConfig<T> {
  /** Waiting messages at which the consumer is reported slow. Default 100. */
  highWater?: number
  /** Waiting messages at or below which it is reported caught up again. Default highWater / 2. */
  lowWater?: number
  /**
   * The queue of waiting messages, which keeps memory bounded: `limit` (at least `highWater`;
   * default 1000) and `overflow`. consume's default overflow is `'drop-oldest'`, not `'error'`:
   * a slow consumer of a feed wants the latest messages. `'drop-newest'` keeps the oldest;
   * `'error'` errors the result with a {@link QueueFullError}. Each drop is reported as
   * `queue:drop` on `events`.
   */
  queue?: QueueConfig
  /**
   * Where the events go (`slow-consumer`, `caught-up`, and the queue's `queue:full`,
   * `queue:drop`, `queue:drain`): a Subject, or any `{ next }`.
   */
  events?: Pick<Observer<ConsumeEvent<T>>, 'next'>
}

/**
 * Handles each message with `project`, one at a time and in order (like `concatMap`), with
 * the wait in between bounded and watched: when `highWater` messages wait the consumer is
 * reported `slow-consumer`, when the backlog is back to `lowWater` it is reported
 * `caught-up`, and at `queue.limit` messages are dropped (the oldest, by default: or the
 * newest, or the result errors), so memory stays bounded however fast the publisher goes. A
 * plain `concatMap` over a fast subscriber grows its buffer without limit and without a word.
 * Everything is reported on the `events` Observer.
 *
 * ```
 * highWater 2, lowWater 0, queue { limit: 3 }, project: each takes 4 frames
 * source:  -abcde----------------|
 * consume: -----A---C---D---E----|    (b dropped at e: the oldest waiting)
 * events:  ---S-F-------U              (S slow-consumer at depth 2; F queue:full and
 *                                       queue:drop of b; U queue:drain and caught-up at depth 0)
 * ```
 *
 * ## Example
 * ```ts
 * const events = new Subject<ConsumeEvent<Message>>()
 * events.subscribe((e) => {
 *   if (e.type === 'slow-consumer' || e.type === 'caught-up') {
 *     console.warn(`${e.type}: ${e.depth} waiting, ${e.dropped} dropped`)
 *   }
 * })
 * fromSubscriber({ connect: 'tcp://localhost:5556', topics: [''] })
 *   .pipe(consume((m) => store(m), { highWater: 1000, queue: { limit: 10000 }, events }))
 *   .subscribe()
 * ```
 * @see The example dist/examples/slow-consumer/subscriber.js in the package (`npx rxzmq example slow-consumer/subscriber`)
 */
export function consume<T, R>(
  project: (value: T, index: number) => ObservableInput<R>,
  config: ConsumeConfig<T> = {},
): OperatorFunction<T, R> {
  requireFunction(project, 'consume', 'project')
  config = plainOptions(config, 'consume')
  refuseRenamed('consume', config, {
    limit: 'queue.limit',
    overflow: 'queue.overflow',
    status: 'events',
  })
  const { highWater = 100, events } = config
  const lowWater = config.lowWater ?? Math.floor(highWater / 2)
  const check = (name: string, value: number, min: number): void => {
    if (!(Number.isInteger(value) && value >= min)) {
      throw new InvalidOptionError(
        `consume: option '${name}' must be an integer >= ${min}, got ${String(value)}`,
        { option: name },
      )
    }
  }
  check('highWater', highWater, 1)
  check('lowWater', lowWater, 0)
  if (lowWater >= highWater) {
    throw new InvalidOptionError(`consume: option 'lowWater' must be below 'highWater'`, {
      option: 'lowWater',
    })
  }
  const owner = { owner: 'consume', defaults: { overflow: 'drop-oldest' } } as const
  const queueConfig = BoundedQueue.resolve(config.queue, owner)
  if (queueConfig.limit < highWater) {
    throw new InvalidOptionError(
      `consume: option 'queue.limit' must be at least 'highWater' (${highWater}), got ${queueConfig.limit}`,
      { option: 'queue.limit' },
    )
  }
  const emit = events === undefined ? undefined : (event: ConsumeEvent<T>) => events.next(event)
  return (source) =>
    new Observable<R>((subscriber) => {
      const waiting = new BoundedQueue<T>(queueConfig, owner, emit)
      let active: Subscription | undefined
      let index = 0
      let slow = false
      let sourceDone = false

      const report = (): void => {
        if (!slow && waiting.length >= highWater) {
          slow = true
          emit?.({ type: 'slow-consumer', depth: waiting.length, dropped: waiting.dropped })
        } else if (slow && waiting.length <= lowWater) {
          slow = false
          emit?.({ type: 'caught-up', depth: waiting.length, dropped: waiting.dropped })
        }
      }

      const run = (value: T): void => {
        let inner: Observable<R>
        let given: unknown
        try {
          given = project(value, index++)
        } catch (error) {
          subscriber.error(error)
          return
        }
        try {
          inner = from(given as ObservableInput<R>)
        } catch (error) {
          subscriber.error(
            badArgument(
              'consume',
              'project',
              'a function returning an ObservableInput',
              given,
              error,
            ),
          )
          return
        }
        let done = false
        const subscription = inner.subscribe(
          operate<R>(subscriber, {
            complete: () => {
              done = true
              active = undefined
              next()
            },
          }),
        )
        if (!done) active = subscription
      }

      let draining = false
      const next = (): void => {
        if (draining) return // a project that completed synchronously: the loop below goes on
        draining = true
        try {
          drain()
        } finally {
          draining = false
        }
      }
      const drain = (): void => {
        while (active === undefined && !subscriber.closed) {
          if (waiting.length === 0) {
            report()
            if (sourceDone) subscriber.complete()
            return
          }
          const value = waiting.shift() as T
          report()
          run(value)
        }
      }

      subscriber.add(() => waiting.clear())
      source.subscribe(
        operate<T>(subscriber, {
          next: (value) => {
            if (active === undefined && waiting.length === 0) {
              waiting.push(value)
              next()
              return
            }
            waiting.push(value) // at the limit: drops (reported to events), or throws under 'error'
            report()
          },
          complete: () => {
            sourceDone = true
            if (active === undefined && waiting.length === 0) subscriber.complete()
          },
        }),
      )
    })
}
