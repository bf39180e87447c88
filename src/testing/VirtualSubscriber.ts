import { Observable } from 'rxjs'
import { toTopic, type TopicLike } from '../internal/toTopic'
import type { Message } from '../message'
import { topics as topicFilter } from '../operators/topics'
import { VCORE } from './internal/virtualMembers'
import { VirtualReceiverSocket } from './VirtualReceiverSocket'

/**
 * A virtual SUB socket. Topics given at creation are subscribed for its whole life;
 * {@link VirtualSubscriber.topic} adds one for as long as it is subscribed to, as the native
 * `Subscriber.topic` does. Subscriptions reach the publisher when the connection is up;
 * what was published before is lost (the slow joiner).
 */
export class VirtualSubscriber extends VirtualReceiverSocket {
  /**
   * The messages whose first frame starts with `prefix`; subscribing adds the subscription,
   * unsubscribing removes it.
   */
  topic(prefix: TopicLike): Observable<Message> {
    const bytes = toTopic(prefix, 'Subscriber.topic')
    return new Observable<Message>((subscriber) => {
      const core = this[VCORE]
      try {
        core.requireOpen('subscribe to a topic')
      } catch (error) {
        subscriber.error(error)
        return
      }
      core.subscribe(bytes)
      const subscription = this.pipe(topicFilter([bytes])).subscribe(subscriber)
      return () => {
        subscription.unsubscribe()
        if (!core.isClosed) core.unsubscribe(bytes)
      }
    })
  }

  /** How many subscriptions hold each topic now (keys are the topics' bytes as latin1). */
  get topics(): ReadonlyMap<string, number> {
    return this[VCORE].subscriptions
  }
}
