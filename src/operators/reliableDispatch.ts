import { plainOptions, requireFunction, requireObservable } from '../internal/args'
import {
  asyncScheduler,
  Observable,
  type Observer,
  type OperatorFunction,
  type SchedulerAction,
  type SchedulerLike,
  type Subscription,
} from 'rxjs'
import { BoundedQueue, type QueueConfig } from '../core/BoundedQueue'
import { InvalidOptionError } from '../errors/InvalidOptionError'
import { ZmqError } from '../errors/ZmqError'
import type { QueueEvent } from '../events'
import { describeValue } from '../core/describeValue'
import { operate } from '../internal/operate'
import { refuseRenamed } from '../internal/refuseRenamed'
import type { DispatchEvent } from './DispatchEvent'
import type { WorkerSignal } from './WorkerSignal'

/**
 * Options of {@link reliableDispatch}.
 *
 * ## Example
 * ```ts
 * interface Job {
 *   id: string
 * }
 * const config: ReliableDispatchConfig<Job, string> = {
 *   id: (job) => job.id,
 *   timeout: 3000,
 *   queue: { limit: 10000 }, // then the result errors: the workers are too far behind
 *   events: new Subject<QueueEvent<Job>>(),
 * }
 * ```
 */
export interface ReliableDispatchConfig<T, K> {
  /** The id of a task: unique among the tasks not yet acknowledged. */
  id: (task: T) => K
  /**
   * How long a worker may stay silent, in ms, before it is declared lost and its tasks are
   * dispatched again. Workers send heartbeats more often than this (a third of it is usual:
   * the zguide's Paranoid Pirate declares a peer dead after 3 missed heartbeats).
   */
  timeout: number
  /**
   * The queue of tasks waiting for a worker with credit. Default unbounded
   * (`{ limit: Infinity }`): every task is kept until it is acknowledged anyway, so the bound
   * that matters is the source's. With a `limit`, a new task that finds the queue full is
   * refused by `overflow`: `'error'` (default) errors the result with a
   * {@link QueueFullError}; `'drop-newest'` / `'drop-oldest'` drop a task (it is forgotten:
   * never dispatched again, not waited for) and report it as `queue:drop` on `events`. Tasks
   * of a lost worker go back to the front of the queue whatever its limit.
   */
  queue?: QueueConfig
  /**
   * Where the queue's events go (`queue:full`, `queue:drop` with the dropped task as `item`,
   * `queue:drain`): a Subject, or any `{ next }`. What happens to tasks and workers
   * (`dispatch`, `acked`, `lost`) is the result itself.
   */
  events?: Pick<Observer<QueueEvent<T>>, 'next'>
  /**
   * Makes the key that tells workers apart from a worker's name. Default: the bytes, as hex,
   * of a `Uint8Array` (a ROUTER routing id), and the value itself otherwise.
   */
  workerKey?: (worker: unknown) => unknown
  /** Where the silence timers run. Default `asyncScheduler`; a `TestScheduler` in tests. */
  scheduler?: SchedulerLike
}

interface Pending<T, K> {
  readonly id: K
  readonly task: T
  /** The key of the worker holding the task, undefined while it waits in a queue. */
  holder: unknown
  attempt: number
}

interface WorkerState<W, K> {
  readonly key: unknown
  readonly worker: W
  credit: number
  /** Tasks dispatched to this worker and not acknowledged, in dispatch order. */
  readonly outstanding: Set<K>
  lastSeen: number
  timer: Subscription | undefined
}

function defaultWorkerKey(worker: unknown): unknown {
  return worker instanceof Uint8Array
    ? Buffer.from(worker.buffer, worker.byteOffset, worker.byteLength).toString('hex')
    : worker
}

/**
 * Dispatches tasks to workers and makes sure each one is done: the ventilator of a pipeline
 * that loses nothing. Workers say how many tasks they take (`ready` with a credit), send
 * heartbeats, and acknowledge each task once its result is safe (`ack`). A worker silent for
 * `timeout` ms (it died, hung, or its host went away), or one that says it is `gone`, is
 * declared `lost`, and the tasks it held are dispatched again, first, to the workers that are
 * left. The result completes once the source has completed and every task is acknowledged.
 *
 * Tasks go to workers with credit in turn (round robin); a task with no credit anywhere
 * waits in a queue, unbounded unless `queue.limit` says otherwise, whose `queue:full`,
 * `queue:drop` and `queue:drain` go to the `events` Observer. What the caller acts on (the
 * {@link DispatchEvent}s `dispatch`, `acked`, `lost`) is the result. Every `ack` gives its
 * worker one credit back, so a worker thought lost that comes
 * back (it was only slow) gets its window back as it acknowledges its old tasks. A task may
 * then be done twice: pair this with {@link dedupe} where the results land. An ack for a task
 * that is already done is ignored.
 *
 * `signals` is subscribed before the source; its error errors the result. A signal that cannot
 * be taken (a `ready` whose credit is not a non-negative integer, an unknown type) is reported
 * as a `signal:invalid` event and ignored: one confused peer does not stop the dispatch.
 *
 * ```
 * signals:   -A----------------          A = ready A (credit 2), then silence
 * source:    -(12)|
 * timeout 5
 * result:    -(pq)-L                     p = dispatch 1 to A, q = dispatch 2 to A,
 *                                        L = lost A, requeued [1, 2]
 * signals:   -A----B----b------          B = ready B (credit 1), b = ack 1 by B
 * result:    -(pq)-(Lr)-(as)             r = dispatch 1 to B (attempt 2),
 *                                        a = acked 1, s = dispatch 2 to B (attempt 2)
 * ```
 *
 * ## Example
 * ```ts
 * // ROUTER ventilator; DEALER workers send ['READY', n], ['HB'], ['ACK', id]
 * const signals = tasksRouter.pipe(map(([worker, kind, arg]) => toSignal(worker, kind, arg)))
 * range(10000)
 *   .pipe(reliableDispatch(signals, { id: (n) => n, timeout: 1000 }))
 *   .subscribe((event) => {
 *     if (event.type === 'dispatch') tasksRouter.next([event.worker, 'TASK', String(event.id)])
 *   })
 *
 * // an endless source: at most 10000 tasks wait for credit, then the result errors
 * const events = new Subject<QueueEvent<{ id: string }>>()
 * events.subscribe((e) => e.type === 'queue:full' && console.warn('workers are behind'))
 * const queue = { limit: 10000 }
 * jobs$.pipe(reliableDispatch(signals, { id: (j) => j.id, timeout: 1000, queue, events }))
 * ```
 * @see The example dist/examples/reliable-pipeline/ventilator.js in the package (`npx rxzmq example reliable-pipeline/ventilator`)
 * @see {@link dedupe}
 * @see {@link loadBalance} for distribution without acknowledgements
 */
export function reliableDispatch<T, W, K>(
  signals: Observable<WorkerSignal<W, K>>,
  config: ReliableDispatchConfig<T, K>,
): OperatorFunction<T, DispatchEvent<T, W, K>> {
  requireObservable(signals, 'reliableDispatch', 'signals')
  config = plainOptions(config, 'reliableDispatch')
  refuseRenamed('reliableDispatch', config, { queueLimit: 'queue.limit' })
  const { id: idOf, timeout, scheduler = asyncScheduler, events } = config
  const keyOf = requireFunction<(worker: W) => unknown>(
    config.workerKey ?? defaultWorkerKey,
    'reliableDispatch',
    'config.workerKey',
  )
  if (typeof idOf !== 'function') {
    throw new InvalidOptionError(`reliableDispatch: option 'id' must be a function`, {
      option: 'id',
    })
  }
  if (typeof timeout !== 'number' || !(timeout > 0) || !Number.isFinite(timeout)) {
    throw new InvalidOptionError(
      `reliableDispatch: option 'timeout' must be a positive number of ms, got ${String(timeout)}`,
      { option: 'timeout' },
    )
  }
  const owner = { owner: 'reliableDispatch', defaults: { limit: Infinity } }
  const queueConfig = BoundedQueue.resolve(config.queue, owner)
  // The queue holds the pending entries; its events name the task.
  const report =
    events === undefined
      ? undefined
      : (event: QueueEvent<Pending<T, K>>): void =>
          events.next(event.type === 'queue:drop' ? { ...event, item: event.item.task } : event)

  return (source) =>
    new Observable<DispatchEvent<T, W, K>>((subscriber) => {
      const pending = new Map<K, Pending<T, K>>()
      // Tasks waiting for credit: new ones at the back, a lost worker's at the front.
      const waiting = new BoundedQueue<Pending<T, K>>(queueConfig, owner, report)
      const workers = new Map<unknown, WorkerState<W, K>>()
      let ring: unknown[] = []
      let turn = 0
      let sourceDone = false
      let pumping = false
      let again = false

      const checkDone = (): void => {
        if (sourceDone && pending.size === 0) subscriber.complete()
      }

      const lose = (state: WorkerState<W, K>): void => {
        if (workers.get(state.key) !== state) return
        workers.delete(state.key)
        ring = ring.filter((key) => key !== state.key)
        state.timer?.unsubscribe()
        const requeued: Pending<T, K>[] = []
        for (const id of state.outstanding) {
          const entry = pending.get(id)
          if (entry !== undefined && entry.holder === state.key) {
            entry.holder = undefined
            requeued.push(entry)
          }
        }
        // Lost tasks go first, in the order they were first dispatched.
        for (let i = requeued.length - 1; i >= 0; i--) waiting.unshift(requeued[i])
        subscriber.next({ type: 'lost', worker: state.worker, requeued: requeued.map((e) => e.id) })
        pump()
      }

      const touch = (worker: W): WorkerState<W, K> => {
        const key = keyOf(worker)
        const now = scheduler.now()
        const known = workers.get(key)
        if (known !== undefined) {
          known.lastSeen = now
          return known
        }
        const state: WorkerState<W, K> = {
          key,
          worker,
          credit: 0,
          outstanding: new Set<K>(),
          lastSeen: now,
          timer: undefined,
        }
        workers.set(key, state)
        ring.push(key)
        state.timer = scheduler.schedule(function (this: SchedulerAction<unknown>) {
          const silent = scheduler.now() - state.lastSeen
          if (silent >= timeout) lose(state)
          else this.schedule(undefined, timeout - silent)
        }, timeout)
        subscriber.add(state.timer)
        return state
      }

      const pickWorker = (): WorkerState<W, K> | undefined => {
        for (let i = 0; i < ring.length; i++) {
          const key = ring[(turn + i) % ring.length]
          const state = workers.get(key)!
          if (state.credit > 0) {
            turn = (turn + i + 1) % ring.length
            return state
          }
        }
        return undefined
      }

      const pump = (): void => {
        if (pumping) {
          again = true
          return
        }
        pumping = true
        try {
          do {
            again = false
            while (waiting.length > 0 && !subscriber.closed) {
              const state = pickWorker()
              if (state === undefined) break
              const entry = waiting.shift()!
              const id = entry.id
              if (pending.get(id) !== entry || entry.holder !== undefined) continue // acked meanwhile
              entry.holder = state.key
              entry.attempt++
              state.credit--
              state.outstanding.add(id)
              subscriber.next({
                type: 'dispatch',
                worker: state.worker,
                task: entry.task,
                id,
                attempt: entry.attempt,
              })
            }
          } while (again)
        } finally {
          pumping = false
        }
      }

      /** A signal that cannot be taken is reported and ignored: one bad peer stops nothing. */
      const invalid = (signal: unknown, why: string): void => {
        subscriber.next({
          type: 'signal:invalid',
          signal,
          error: new ZmqError(`reliableDispatch: ignored a signal: ${why}`, { code: 'EINVAL' }),
        })
      }

      const onSignal = (signal: WorkerSignal<W, K>): void => {
        if (typeof signal !== 'object' || signal === null) {
          invalid(signal, `a signal must be an object, got ${describeValue(signal)}`)
          return
        }
        switch (signal.type) {
          case 'ready': {
            const credit = signal.credit ?? 1
            if (!(Number.isInteger(credit) && credit >= 0)) {
              invalid(
                signal,
                `a ready signal's credit must be a non-negative integer, got ${describeValue(credit)}`,
              )
              return
            }
            touch(signal.worker).credit += credit
            pump()
            return
          }
          case 'heartbeat':
            touch(signal.worker)
            return
          case 'ack': {
            const state = touch(signal.worker)
            state.outstanding.delete(signal.id)
            state.credit++
            const entry = pending.get(signal.id)
            if (entry !== undefined) {
              pending.delete(signal.id)
              subscriber.next({
                type: 'acked',
                worker: signal.worker,
                id: signal.id,
                task: entry.task,
              })
            }
            pump()
            checkDone()
            return
          }
          case 'gone': {
            const state = workers.get(keyOf(signal.worker))
            if (state !== undefined) lose(state)
            return
          }
          default:
            invalid(
              signal,
              `unknown signal type ${describeValue((signal as { type: unknown }).type)}`,
            )
        }
      }

      signals.subscribe(operate<WorkerSignal<W, K>>(subscriber, { next: onSignal, complete: noop }))
      if (subscriber.closed) return
      source.subscribe(
        operate<T>(subscriber, {
          next: (task) => {
            const id = idOf(task)
            if (pending.has(id)) {
              throw new ZmqError(
                `reliableDispatch: task id ${String(id)} is already waiting for its acknowledgement`,
                { code: 'EINVAL' },
              )
            }
            const entry: Pending<T, K> = { id, task, holder: undefined, attempt: 0 }
            // At the limit: throws under 'error'; a drop policy drops this task or the oldest.
            const dropped = waiting.push(entry)?.item
            if (dropped !== entry) pending.set(id, entry)
            if (dropped !== undefined && pending.get(dropped.id) === dropped) {
              pending.delete(dropped.id)
            }
            pump()
            checkDone()
          },
          complete: () => {
            sourceDone = true
            checkDone()
          },
        }),
      )
    })
}

function noop(): void {}
