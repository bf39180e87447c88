/** A message and the worker it was given to, as {@link loadBalance} emits them. */
export interface Assignment<T, W> {
  /** The worker, as its `ready` announcement named it (a ROUTER identity, an id, an Observer). */
  readonly worker: W
  readonly message: T
}
