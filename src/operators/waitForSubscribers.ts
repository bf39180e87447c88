import { describeValue } from '../core/describeValue'
import { readOptions, requireMessage, requireObservable } from '../internal/args'
import { Observable } from 'rxjs'
import { InvalidOptionError } from '../errors/InvalidOptionError'
import { SocketClosedError } from '../errors/SocketClosedError'
import { firstFrame } from '../internal/firstFrame'
import { toTopic, type TopicLike } from '../internal/toTopic'
import type { Message } from '../message'

/** Options of {@link waitForSubscribers}. */
export interface WaitForSubscribersConfig {
  /** How many subscriptions to wait for. Default 1. */
  count?: number
  /**
   * Count only subscriptions to exactly this topic (bytes compared). Default: any topic, each
   * subscription message counting once.
   */
  topic?: TopicLike
}

/**
 * Slow-joiner synchronisation without sleeps: waits until `count` subscriptions (to `topic`,
 * if given) have reached an XPUB socket, then emits the number seen and completes. The source
 * is what an {@link XPublisherSocket} receives, `[0x01, ...topic]` to subscribe and
 * `[0x00, ...topic]` to unsubscribe; an unsubscription takes one back. Once the XPUB socket has
 * received a subscription, libzmq filters for it too, so what the publisher sends from then on
 * reaches that subscriber: nothing is lost to the slow joiner.
 *
 * libzmq passes an XPUB socket only the first subscription to each topic unless the socket is
 * made with `verbosity: 'allSubs'` (ZMQ_XPUB_VERBOSE): set it to count subscribers that share a
 * topic. Each subscriber counts once per topic it subscribes to.
 *
 * ```
 * xpub receives:  --(1A)--(1B)--(0A)--(1A)--(1A)--
 * waitForSubscribers(xpub, { count: 2, topic: 'A' }):
 *                 ----------------------------(2|)
 * ```
 *
 * ## Example
 * ```ts
 * const xpub = new XPublisherSocket({ bind: 'tcp://*:5556', verbosity: 'allSubs' })
 * await firstValueFrom(waitForSubscribers(xpub, { count: 3 }).pipe(timeout(10000)))
 * updates.subscribe(xpub) // every subscriber gets the first update
 * ```
 * @see The example dist/examples/slow-joiner/publisher.js in the package (`npx rxzmq example slow-joiner/publisher`)
 */
export function waitForSubscribers(
  subscriptions: Observable<Message>,
  config: WaitForSubscribersConfig = {},
): Observable<number> {
  requireObservable(subscriptions, 'waitForSubscribers', 'subscriptions')
  const options = readOptions(config, 'waitForSubscribers', ['count', 'topic'])
  const count = (options.count ?? 1) as number
  if (!(Number.isInteger(count) && count >= 1)) {
    throw new InvalidOptionError(
      `waitForSubscribers: option 'count' must be an integer >= 1, got ${describeValue(count)}`,
      { option: 'count' },
    )
  }
  const topic =
    options.topic === undefined
      ? undefined
      : Buffer.from(toTopic(options.topic, 'waitForSubscribers'))
  return new Observable<number>((subscriber) => {
    let seen = 0
    return subscriptions.subscribe({
      next: (message) => {
        let frame: Uint8Array
        try {
          frame = firstFrame(requireMessage(message, 'waitForSubscribers'))
        } catch (error) {
          subscriber.error(error)
          return
        }
        const kind = frame[0]
        if (frame.length === 0 || (kind !== 0 && kind !== 1)) return
        if (topic !== undefined && !topic.equals(Buffer.from(frame.subarray(1)))) return
        seen = kind === 1 ? seen + 1 : Math.max(0, seen - 1)
        if (seen >= count) {
          subscriber.next(seen)
          subscriber.complete()
        }
      },
      error: (error: unknown) => subscriber.error(error),
      // The socket closed before enough subscribers came.
      complete: () =>
        subscriber.error(
          new SocketClosedError('XPublisherSocket', `wait for ${count} subscribers (${seen} came)`),
        ),
    })
  })
}
