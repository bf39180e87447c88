/**
 * The key of an rxzmq socket's `send()` with its outcome given to callbacks instead of a
 * promise: what `sendTo` uses on an rxzmq socket, so that a value costs no promise (and no
 * promise reaction) of its own. A module of its own, so that `sendTo` needs no socket code.
 */
export const SEND_WITH: unique symbol = Symbol('rxzmq.sendWith')

/** A socket that can send with callbacks (see {@link SEND_WITH}). */
export interface SendsWith<T> {
  /**
   * Sends `value` as `send(value)` would, in the same order with everything else sent, and
   * tells `sent` once the transport has taken it (never before this call returns) or `failed`
   * with the error `send()` would reject with (possibly before it returns). Returns false,
   * having done nothing, when the socket cannot: `send()` is to be used then.
   */
  [SEND_WITH](value: T, sent: () => void, failed: (error: unknown) => void): boolean
}
