import { describeValue } from '../../../core/describeValue'
import { InvalidOptionError } from '../../../errors/InvalidOptionError'
import { prefixed } from '../../../internal/bytes'
import { Deque } from '../../../internal/Deque'
import { TopicTrie } from '../../../internal/TopicTrie'
import type { Pipe } from '../Pipe'
import type { BehaviourHost, Frames } from './Behaviour'
import { PubBehaviour } from './pub'

/**
 * XPUB (RFC 29): publishes as PUB, and hands the subscriptions up as messages: the first
 * subscription to a topic and its last cancellation across all subscribers, or every one with
 * `verbosity: 'allSubs'` (subscriptions) / `'allSubsUnsubs'` (both). A subscriber that leaves
 * cancels what it held.
 */
export class XPubBehaviour extends PubBehaviour {
  static readonly options = { verbosity: null }
  private readonly surfaced = new TopicTrie()
  private readonly upward = new Deque<Frames>()

  constructor(host: BehaviourHost) {
    super(host)
    const verbosity = host.options.verbosity
    if (verbosity !== null && verbosity !== 'allSubs' && verbosity !== 'allSubsUnsubs') {
      throw new InvalidOptionError(
        `${host.name}: option 'verbosity' refused value ${describeValue(verbosity)}`,
        { option: 'verbosity', socketType: host.name },
      )
    }
  }

  override detach(pipe: Pipe): void {
    const filter = this.filters.get(pipe)
    super.detach(pipe)
    if (filter === undefined) return
    for (const [topic, count] of filter.entries()) {
      for (let i = 0; i < count; i++) this.surface(0, topic, this.surfaced.remove(topic))
    }
    this.host.readable()
  }

  override read(): Frames | undefined {
    return this.upward.shift()
  }

  override pipeReadable(pipe: Pipe): void {
    super.pipeReadable(pipe)
    if (this.upward.length > 0) this.host.readable()
  }

  protected override subscription(pipe: Pipe, filter: TopicTrie, frame: Uint8Array): void {
    super.subscription(pipe, filter, frame)
    const topic = frame.subarray(1)
    if (frame[0] === 1) this.surface(1, topic, this.surfaced.add(topic))
    else this.surface(0, topic, this.surfaced.remove(topic))
  }

  private surface(kind: 0 | 1, topic: Uint8Array, changed: boolean): void {
    const verbosity = this.host.options.verbosity
    const verbose = kind === 1 ? verbosity != null : verbosity === 'allSubsUnsubs'
    if (changed || verbose) this.upward.push([prefixed(kind, topic)])
  }
}
