import { readIterable, requireMessage } from '../internal/args'
import { filter, type OperatorFunction } from 'rxjs'
import { firstFrame } from '../internal/firstFrame'
import { toTopic, type TopicLike } from '../internal/toTopic'
import { TopicTrie } from '../internal/TopicTrie'
import type { Message } from '../message'

/**
 * Keeps the messages whose first frame starts with one of `prefixes`: a ZeroMQ SUB socket's
 * filter as an operator. Matching is byte-wise (text topics are UTF-8, binary topics work),
 * several topics are OR'ed, and `''` matches everything. No topic: nothing passes, like a SUB
 * socket with no subscription. The topics live in a prefix trie, so the cost per message is
 * bounded by the first frame's length, not by the number of topics.
 *
 * ```
 * source:               --[10001 a]--[20002 b]--[10001 c]--[1 d]--|
 * topics(['10001 ']):   --[10001 a]--------------[10001 c]---------|
 * topics(['1', '2']):   --[10001 a]--[20002 b]--[10001 c]--[1 d]--|
 * ```
 *
 * ## Example
 * ```ts
 * updates.pipe(topics(['10001 ']), text(), take(5)).subscribe(console.log)
 * ```
 * @param prefixes The topics, as text or bytes. A topic given twice counts twice (see
 * {@link topicsFrom} for topics that change).
 * @see {@link topicsFrom}
 */
export function topics(prefixes: Iterable<TopicLike>): OperatorFunction<Message, Message> {
  const trie = new TopicTrie()
  for (const prefix of readIterable(prefixes, 'topics', 'prefixes')) {
    trie.add(toTopic(prefix, 'topics'))
  }
  return filter((message) => trie.matches(firstFrame(requireMessage(message, 'topics'))))
}
