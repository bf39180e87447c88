import type { TopicLike } from '../internal/toTopic'

/**
 * One change to a dynamic topic filter ({@link topicsFrom}): ZeroMQ's ZMQ_SUBSCRIBE and
 * ZMQ_UNSUBSCRIBE. Subscriptions are counted: subscribing twice needs unsubscribing twice.
 */
export interface TopicChange {
  readonly type: 'subscribe' | 'unsubscribe'
  /** The topic, as UTF-8 text or as bytes; `''` is the topic that matches everything. */
  readonly topic: TopicLike
}
