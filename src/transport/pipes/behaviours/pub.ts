import { TopicTrie } from '../../../internal/TopicTrie'
import type { Pipe } from '../Pipe'
import { Behaviour, type Frames, isSubscription } from './Behaviour'

/**
 * PUB (RFC 29): each message goes to every pipe whose subscriptions match its first frame
 * (a byte prefix, through the topic trie of `topics()`); a pipe at its high-water mark misses
 * it. Subscriptions arrive on the pipes as `[1, ...topic]` / `[0, ...topic]` and are applied
 * at once, whoever listens.
 */
export class PubBehaviour extends Behaviour {
  protected readonly filters = new Map<Pipe, TopicTrie>()

  attach(pipe: Pipe): boolean {
    this.filters.set(pipe, new TopicTrie())
    return true
  }

  detach(pipe: Pipe): void {
    this.filters.delete(pipe)
  }

  override send(message: Frames): boolean {
    const first = message[0]
    for (const [pipe, filter] of this.filters) {
      if (pipe.writable && filter.matches(first)) pipe.write(message)
    }
    return true
  }

  override pipeReadable(pipe: Pipe): void {
    const filter = this.filters.get(pipe)
    for (let message = pipe.read(); message !== undefined; message = pipe.read()) {
      if (filter !== undefined && isSubscription(message))
        this.subscription(pipe, filter, message[0])
    }
  }

  /** A subscription message from a pipe's peer. */
  protected subscription(_pipe: Pipe, filter: TopicTrie, frame: Uint8Array): void {
    const topic = frame.subarray(1)
    if (frame[0] === 1) filter.add(topic)
    else filter.remove(topic)
  }
}
