import { asyncScheduler, type SchedulerLike, Subscription } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import type { MessageLike } from '../message'

/** Anything `feed` can drive: a socket's Observer side. */
export interface Feedable {
  next(message: MessageLike): void
  complete?(): void
  error?(error: unknown): void
}

/**
 * Sends messages into a socket (virtual or not) at the times a marble string says, in virtual
 * time: `'-a-b-|'` sends `values.a` at frame 1, `values.b` at frame 3, then completes the
 * socket (which closes it; leave `|` out to keep it open). A value that is a string is a
 * one-frame message; an array is a multipart message; a letter with no value is sent as that
 * letter. `#` errors the socket with `error`. Time progression (`' 10ms '`) works as in
 * `TestScheduler.run`.
 *
 * Unlike `cold(marbles).subscribe(socket)` it does not need the values typed as messages and
 * does not complete the socket unless the marbles say `|`.
 *
 * ```
 * feed(pub, '-a-b-', { a: '10001 20', b: ['multi', 'part'] })
 * pub sends:  -a-b-
 * ```
 *
 * ## Example
 * ```ts
 * new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(
 *   ({ expectObservable }) => {
 *     const net = new VirtualNetwork()
 *     const push = new PushSocket({ bind: 'tcp://*:5557', transport: net })
 *     const pull = new PullSocket({ connect: 'tcp://localhost:5557', transport: net })
 *     feed(push, '-a-b-', { a: 'one', b: ['multi', 'part'] })
 *     expectObservable(pull.pipe(map(messageText))).toBe('-a-b-', { a: 'one', b: 'multi|part' })
 *   },
 * )
 * ```
 *
 * @param options.scheduler The scheduler of the network (default `asyncScheduler`, which
 * `TestScheduler.run` makes virtual). Frames count from its `now()`.
 * @returns A Subscription that cancels what has not been sent yet.
 * @see {@link sentText}
 */
export function feed(
  socket: Feedable,
  marbles: string,
  values: Record<string, MessageLike> = {},
  options: { error?: unknown; scheduler?: SchedulerLike } = {},
): Subscription {
  const scheduler = options.scheduler ?? asyncScheduler
  // Parsed without values, so each letter comes back as itself and is looked up here.
  const messages = TestScheduler.parseMarbles(marbles, undefined, options.error, false, true)
  const subscription = new Subscription()
  for (const { frame, notification } of messages) {
    subscription.add(
      scheduler.schedule(() => {
        if (notification.kind === 'N') {
          const letter = notification.value as string
          socket.next(Object.hasOwn(values, letter) ? values[letter] : letter)
        } else if (notification.kind === 'C') socket.complete?.()
        else socket.error?.(notification.error)
      }, frame),
    )
  }
  return subscription
}
