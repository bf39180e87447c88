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
  /** The pipes and their filters in attach order, for `send` (a Map's entries cost an array each). */
  private pipes: Pipe[] = []
  private tries: TopicTrie[] = []

  attach(pipe: Pipe): boolean {
    const filter = new TopicTrie()
    this.filters.set(pipe, filter)
    this.pipes = [...this.pipes, pipe]
    this.tries = [...this.tries, filter]
    return true
  }

  detach(pipe: Pipe): void {
    if (!this.filters.delete(pipe)) return
    const index = this.pipes.indexOf(pipe)
    this.pipes = this.pipes.filter((_, i) => i !== index)
    this.tries = this.tries.filter((_, i) => i !== index)
  }

  override send(message: Frames): boolean {
    const first = message[0]
    // Arrays replaced on attach/detach, never changed: a write that ends a pipe changes nothing here.
    const pipes = this.pipes
    const tries = this.tries
    for (let i = 0; i < pipes.length; i++) {
      const pipe = pipes[i]
      if (pipe.writable && tries[i].matches(first)) pipe.write(message)
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
