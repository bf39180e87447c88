import type { ZmqError } from '../errors/ZmqError'

/**
 * What {@link reliableDispatch} emits, as one discriminated union. These are its result, not
 * status: `dispatch` is the instruction the caller carries out (send the task to the worker).
 * The status of its wait queue (`queue:full`, `queue:drop`, `queue:drain`) goes to the
 * `events` Observer option, as for every operator with a queue.
 *
 * - `dispatch`: send `task` (its id `id`) to `worker`; `attempt` is 1 the first time, 2 and
 *   up when the task is dispatched again after a worker was lost;
 * - `acked`: `worker` acknowledged task `id`: it is done and will not be dispatched again;
 * - `lost`: `worker` went silent for the timeout (or said it was gone); the tasks it held,
 *   `requeued` (their ids), go to the front of the queue;
 * - `signal:invalid`: a signal that could not be taken (a `ready` with a credit that is not a
 *   non-negative integer...) was ignored; `error` says why.
 *
 * ## Example
 * ```ts
 * const tasks = of({ id: 'a', n: 1 }, { id: 'b', n: 2 })
 * tasks.pipe(reliableDispatch(signals, { id: (t) => t.id, timeout: 1000 })).subscribe((e) => {
 *   if (e.type === 'dispatch') router.next([e.worker, 'TASK', JSON.stringify(e.task)])
 *   else if (e.type === 'lost') console.warn(`worker lost, ${e.requeued.length} tasks requeued`)
 * })
 * ```
 */
export type DispatchEvent<T, W, K> =
  | {
      readonly type: 'dispatch'
      readonly worker: W
      readonly task: T
      readonly id: K
      readonly attempt: number
    }
  | { readonly type: 'acked'; readonly worker: W; readonly id: K; readonly task: T }
  | { readonly type: 'lost'; readonly worker: W; readonly requeued: readonly K[] }
  | { readonly type: 'signal:invalid'; readonly signal: unknown; readonly error: ZmqError }
