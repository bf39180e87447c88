import { describeValue } from '../core/describeValue'
import { readOptions, requireFunction, requireMessage, requireObservable } from '../internal/args'
import { Observable, type OperatorFunction } from 'rxjs'
import { InvalidOptionError } from '../errors/InvalidOptionError'
import { firstFrame } from '../internal/firstFrame'
import { operate } from '../internal/operate'
import type { Message } from '../message'

/** Options of {@link lastValueCache}. */
export interface LastValueCacheConfig {
  /**
   * The cache key of a published message: one value is kept per key. Default: the first frame
   * (the topic frame of a multipart message). For single-frame messages like the weather
   * feed's `'10001 72 33'`, name the topic: `(m) => m[0].toString().split(' ')[0]`.
   */
  topicOf?: (message: Message) => string | Uint8Array
  /** How many keys are kept; the least recently published is forgotten first. Default 10000. */
  limit?: number
}

/**
 * The zguide's last value cache as an operator over an XPUB socket: passes every published
 * message on, remembers the last one of each topic, and when the XPUB socket receives a new
 * subscription (`[0x01, ...prefix]`) sends again the last message of every topic that the
 * subscription matches (its first frame starts with the prefix, as libzmq filters). A
 * subscriber that joins late gets the current value at once instead of waiting for the next
 * update.
 *
 * The cached message goes through the socket like any other, so subscribers that already had
 * it get it again. Make the XPUB socket with `verbosity: 'allSubs'`: without it libzmq tells
 * the socket only about the first subscriber to each topic, and later ones get no cached value.
 *
 * ```
 * source:              -a1--b1--a2---------------|      (topic a, then b, then a again)
 * subscriptions:       --------------(1a)---(1)---
 * lastValueCache(subs): -a1--b1--a2---a2-----(a2 b1)-|
 * ```
 *
 * ## Example
 * ```ts
 * const xpub = new XPublisherSocket({ bind: 'tcp://*:5557', verbosity: 'allSubs' })
 * updates.pipe(lastValueCache(xpub)).subscribe(xpub)
 * ```
 * @see The example dist/examples/last-value-cache/publisher.js in the package (`npx rxzmq example last-value-cache/publisher`)
 */
export function lastValueCache(
  subscriptions: Observable<Message>,
  config: LastValueCacheConfig = {},
): OperatorFunction<Message, Message> {
  requireObservable(subscriptions, 'lastValueCache', 'subscriptions')
  const options = readOptions(config, 'lastValueCache', ['topicOf', 'limit'])
  const topicOf = requireFunction<(message: Message) => Uint8Array>(
    options.topicOf ??
      ((message: Message) => firstFrame(requireMessage(message, 'lastValueCache'))),
    'lastValueCache',
    'config.topicOf',
  )
  const limit = (options.limit ?? 10000) as number
  if (!(Number.isInteger(limit) && limit >= 1)) {
    throw new InvalidOptionError(
      `lastValueCache: option 'limit' must be an integer >= 1, got ${describeValue(limit)}`,
      { option: 'limit' },
    )
  }
  return (source) =>
    new Observable<Message>((subscriber) => {
      const cache = new Map<string, Message>()
      subscriptions.subscribe(
        operate<Message>(subscriber, {
          next: (request) => {
            const frame = firstFrame(requireMessage(request, 'lastValueCache'))
            if (frame.length === 0 || frame[0] !== 1) return
            const prefix = Buffer.from(frame.subarray(1))
            for (const message of [...cache.values()]) {
              const first = firstFrame(message)
              if (
                first.length >= prefix.length &&
                prefix.equals(Buffer.from(first.subarray(0, prefix.length)))
              ) {
                subscriber.next(message)
              }
            }
          },
          // No more subscribers will come: keep publishing.
          complete: () => undefined,
        }),
      )
      source.subscribe(
        operate<Message>(subscriber, {
          next: (message) => {
            const topic = topicOf(message)
            // text and bytes name the same topic when their bytes are the same
            const key = (
              typeof topic === 'string' ? Buffer.from(topic, 'utf8') : Buffer.from(topic)
            ).toString('latin1')
            cache.delete(key)
            cache.set(key, message)
            if (cache.size > limit) cache.delete(cache.keys().next().value as string)
            subscriber.next(message)
          },
        }),
      )
    })
}
