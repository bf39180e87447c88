import { describeValue } from '../core/describeValue'
import { readOptions, requireMessage, requireObservable } from '../internal/args'
import { Observable, type OperatorFunction } from 'rxjs'
import { InvalidOptionError } from '../errors/InvalidOptionError'
import { firstFrame } from '../internal/firstFrame'
import { operate } from '../internal/operate'
import { toTopic } from '../internal/toTopic'
import { TopicTrie } from '../internal/TopicTrie'
import type { Message } from '../message'
import type { TopicChange } from './TopicChange'

/**
 * A topic filter whose topics change while it runs: each {@link TopicChange} from `changes`
 * subscribes or unsubscribes one topic, with ZeroMQ SUB semantics (byte-wise prefixes of the
 * first frame, OR'ed; `''` matches everything; subscriptions counted, so subscribe twice and
 * unsubscribe once leaves the topic subscribed; unsubscribing a topic that is not subscribed
 * is ignored). Until the first change nothing passes.
 *
 * `changes` is subscribed before the source, so changes it emits synchronously (`of(...)`,
 * `startWith`, a `BehaviorSubject`) apply to the first message. When `changes` completes the
 * topics stay as they are; when it errors, the result errors. A change that is not a
 * subscribe/unsubscribe of a string or byte topic errors the result with an
 * {@link InvalidOptionError}. Each subscription to the result has its own topic set.
 *
 * ```
 * changes:            -s(a)--------s(b)----u(a)------
 * source:             ---a1--b1------a2--b2----a3--b3-|
 * topicsFrom(changes):---a1------------a2--b2-------b3-|
 * ```
 *
 * ## Example
 * ```ts
 * const changes = new Subject<TopicChange>()
 * updates.pipe(topicsFrom(changes)).subscribe(show)
 * changes.next({ type: 'subscribe', topic: '10001 ' })
 * ```
 * @see {@link topics}
 */
export function topicsFrom(changes: Observable<TopicChange>): OperatorFunction<Message, Message> {
  requireObservable(changes, 'topicsFrom', 'changes')
  return (source) =>
    new Observable<Message>((subscriber) => {
      const trie = new TopicTrie()
      changes.subscribe(
        operate<TopicChange>(subscriber, {
          next: (given) => {
            const change = readOptions(given, 'topicsFrom', ['type', 'topic'], 'change')
            const topic = toTopic(change.topic, 'topicsFrom')
            if (change.type === 'subscribe') trie.add(topic)
            else if (change.type === 'unsubscribe') trie.remove(topic)
            else {
              throw new InvalidOptionError(
                `topicsFrom: a change's type must be 'subscribe' or 'unsubscribe', got ${describeValue(change.type)}`,
                { option: 'type' },
              )
            }
          },
          complete: () => {},
        }),
      )
      if (subscriber.closed) return
      source.subscribe(
        operate<Message>(subscriber, {
          next: (message) => {
            if (trie.matches(firstFrame(requireMessage(message, 'topicsFrom')))) {
              subscriber.next(message)
            }
          },
        }),
      )
    })
}
