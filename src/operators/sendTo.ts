import { Observable, type OperatorFunction } from 'rxjs'
import { Deque } from '../internal/Deque'

/** Anything with a Promise-returning send: every rxzmq socket that sends. */
export interface Sendable<T> {
  send(value: T): Promise<void>
}

/**
 * Sends each value through a socket, one at a time, and emits it once libzmq has queued it.
 * The next value is sent only after the previous one was queued, so the socket's send queue
 * never overflows; a failed send errors the stream with its typed error. Values the source
 * emits faster wait in order (in a queue with O(1) take, however many).
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
  return (source) =>
    new Observable<T>((subscriber) => {
      const waiting = new Deque<{ value: T }>()
      let sending = false
      let sourceDone = false

      const sendNext = (): void => {
        const next = waiting.shift()
        if (next === undefined) {
          sending = false
          if (sourceDone) subscriber.complete()
          return
        }
        sending = true
        let sent: Promise<void>
        try {
          sent = socket.send(next.value)
        } catch (error) {
          subscriber.error(error)
          return
        }
        sent.then(
          () => {
            if (subscriber.closed) return
            subscriber.next(next.value)
            sendNext()
          },
          (error: unknown) => subscriber.error(error),
        )
      }

      const subscription = source.subscribe({
        next: (value) => {
          waiting.push({ value })
          if (!sending) sendNext()
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          sourceDone = true
          if (!sending) subscriber.complete()
        },
      })
      return subscription
    })
}
