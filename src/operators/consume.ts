import {
  from,
  Observable,
  type ObservableInput,
  type OperatorFunction,
  type Subscription,
} from 'rxjs'
import { InvalidOptionError } from '../errors/InvalidOptionError'
import { QueueFullError } from '../errors/QueueFullError'
import { Deque } from '../internal/Deque'
import { operate } from '../internal/operate'

/**
 * A consumer falling behind or catching up, from {@link consume}: edge-triggered, one event
 * per crossing. `depth` is how many messages wait; `dropped` how many were dropped so far.
 */
export type ConsumerStatus =
  | { readonly type: 'slow-consumer'; readonly depth: number; readonly dropped: number }
  | { readonly type: 'caught-up'; readonly depth: number; readonly dropped: number }

/** Options of {@link consume}. */
export interface ConsumeConfig {
  /** Waiting messages at which the consumer is reported slow. Default 100. */
  highWater?: number
  /** Waiting messages at or below which it is reported caught up again. Default highWater / 2. */
  lowWater?: number
  /** The most messages that may wait: memory stays bounded. Default 10 × highWater. */
  limit?: number
  /**
   * What happens at the limit: `'drop-oldest'` (default: a slow consumer of a feed wants the
   * latest), `'drop-newest'`, or `'error'` (a {@link QueueFullError}).
   */
  overflow?: 'drop-oldest' | 'drop-newest' | 'error'
  /** Where the status events go: a Subject, or any `{ next }`. */
  status?: { next(status: ConsumerStatus): void }
}

/**
 * Handles each message with `project`, one at a time and in order (like `concatMap`), with
 * the wait in between bounded and watched: when `highWater` messages wait the consumer is
 * reported `slow-consumer`, when the backlog is back to `lowWater` it is reported
 * `caught-up`, and at `limit` messages are dropped (or the result errors), so memory stays
 * bounded however fast the publisher goes. A plain `concatMap` over a fast subscriber grows
 * its buffer without limit and without a word.
 *
 * ```
 * highWater 2, lowWater 0, limit 3, project: each takes 4 frames
 * source:  -abcde----------------|
 * consume: -----A---C---D---E----|    (b dropped at e: the oldest waiting)
 * status:  ---S---------U              (S slow-consumer at depth 2, U caught-up at depth 0)
 * ```
 *
 * ## Example
 * ```ts
 * const status = new Subject<ConsumerStatus>()
 * status.subscribe((s) => console.warn(`${s.type}: ${s.depth} waiting, ${s.dropped} dropped`))
 * subscriber({ connect: 'tcp://localhost:5556', topics: [''] })
 *   .pipe(consume((m) => store(m), { highWater: 1000, status }))
 *   .subscribe()
 * ```
 * @see examples/slow-consumer/subscriber.ts
 */
export function consume<T, R>(
  project: (value: T, index: number) => ObservableInput<R>,
  config: ConsumeConfig = {},
): OperatorFunction<T, R> {
  const { highWater = 100, overflow = 'drop-oldest', status } = config
  const lowWater = config.lowWater ?? Math.floor(highWater / 2)
  const limit = config.limit ?? highWater * 10
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
  check('limit', limit, highWater)
  if (lowWater >= highWater) {
    throw new InvalidOptionError(`consume: option 'lowWater' must be below 'highWater'`, {
      option: 'lowWater',
    })
  }
  if (!['drop-oldest', 'drop-newest', 'error'].includes(overflow)) {
    throw new InvalidOptionError(
      `consume: option 'overflow' is not a policy: ${String(overflow)}`,
      {
        option: 'overflow',
      },
    )
  }
  return (source) =>
    new Observable<R>((subscriber) => {
      const waiting = new Deque<T>()
      let active: Subscription | undefined
      let index = 0
      let dropped = 0
      let slow = false
      let sourceDone = false

      const report = (): void => {
        if (!slow && waiting.length >= highWater) {
          slow = true
          status?.next({ type: 'slow-consumer', depth: waiting.length, dropped })
        } else if (slow && waiting.length <= lowWater) {
          slow = false
          status?.next({ type: 'caught-up', depth: waiting.length, dropped })
        }
      }

      const run = (value: T): void => {
        let inner: ObservableInput<R>
        try {
          inner = project(value, index++)
        } catch (error) {
          subscriber.error(error)
          return
        }
        let done = false
        const subscription = from(inner).subscribe(
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
          const value = waiting.shift()
          if (value === undefined && waiting.length === 0) {
            report()
            if (sourceDone) subscriber.complete()
            return
          }
          report()
          run(value as T)
        }
      }

      source.subscribe(
        operate<T>(subscriber, {
          next: (value) => {
            if (active === undefined && waiting.length === 0) {
              waiting.push(value)
              next()
              return
            }
            if (waiting.length >= limit) {
              if (overflow === 'error') {
                subscriber.error(new QueueFullError('consume', limit))
                return
              }
              dropped++
              if (overflow === 'drop-newest') return
              waiting.shift()
            }
            waiting.push(value)
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
