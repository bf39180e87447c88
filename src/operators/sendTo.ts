import { concatMap, defer, map, type OperatorFunction } from 'rxjs'

/** Anything with a Promise-returning send: every rxzmq socket that sends. */
export interface Sendable<T> {
  send(value: T): Promise<void>
}

/**
 * Sends each value through a socket, one at a time, and emits it once libzmq has queued it.
 * The next value is sent only after the previous one was queued, so the socket's send queue
 * never overflows; a failed send errors the stream with its typed error.
 *
 * ```
 * source:        -a-b-c-|
 * sendTo(push):  -a-b-c-|     (each emitted once libzmq queued it)
 * ```
 *
 * ## Example
 * ```ts
 * tasks$.pipe(sendTo(push)).subscribe({ error: (err) => console.error(err.message) })
 * ```
 */
export function sendTo<T>(socket: Sendable<T>): OperatorFunction<T, T> {
  return concatMap((value: T) => defer(() => socket.send(value)).pipe(map(() => value)))
}
