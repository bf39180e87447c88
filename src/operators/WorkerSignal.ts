/**
 * What a worker tells {@link reliableDispatch}, named by `worker` (a ROUTER routing id, a
 * name...). Every signal proves the worker alive; silence for the dispatcher's `timeout`
 * declares it lost.
 *
 * - `ready`: the worker takes `credit` more tasks (default 1): its window of tasks in flight;
 * - `heartbeat`: alive, nothing else to say;
 * - `ack`: task `id` is done (its result is safe wherever it had to go); gives the worker one
 *   credit back;
 * - `gone`: the worker left (said goodbye, or its connection is known closed): its tasks are
 *   dispatched again at once, without waiting for the timeout.
 */
export type WorkerSignal<W, K> =
  | { readonly type: 'ready'; readonly worker: W; readonly credit?: number }
  | { readonly type: 'heartbeat'; readonly worker: W }
  | { readonly type: 'ack'; readonly worker: W; readonly id: K }
  | { readonly type: 'gone'; readonly worker: W }
