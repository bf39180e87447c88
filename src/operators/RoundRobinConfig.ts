import type { OverflowPolicy } from '../events'

/** Options of {@link roundRobinTo} and {@link loadBalance}: the queue of waiting messages. */
export interface RoundRobinConfig {
  /**
   * How many messages may wait for a ready peer (like a PUSH socket's send queue).
   * Default 1000.
   */
  queueLimit?: number
  /**
   * What happens when a message finds the queue at its limit: `'error'` (default) errors the
   * result with a {@link QueueFullError}; `'drop-newest'` drops the new message,
   * `'drop-oldest'` the one waiting longest. Dropped messages are emitted by the result.
   */
  overflow?: OverflowPolicy
}
