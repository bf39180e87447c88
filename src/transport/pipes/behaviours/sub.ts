import { prefixed } from '../../../internal/bytes'
import { TopicTrie } from '../../../internal/TopicTrie'
import type { Bytes } from '../../Transport'
import type { Pipe } from '../Pipe'
import { Behaviour, ControlWriter, type Frames, Inbox } from './Behaviour'

/**
 * SUB (RFC 29): sends its subscriptions to every publisher (again to each new one), reads
 * fair-queued, and lets through only messages whose first frame matches a subscription (the
 * publisher filters too; a message in flight when a topic was cancelled is dropped here).
 */
export class SubBehaviour extends Behaviour {
  protected readonly inbox = new Inbox()
  protected readonly subscriptions = new TopicTrie()
  protected readonly pipes = new Set<Pipe>()
  private readonly control = new ControlWriter()

  attach(pipe: Pipe): boolean {
    this.pipes.add(pipe)
    this.inbox.join(pipe)
    for (const [topic] of this.subscriptions.entries())
      this.control.write(pipe, [prefixed(1, topic)])
    return true
  }

  detach(pipe: Pipe): void {
    this.pipes.delete(pipe)
    this.control.forget(pipe)
    this.inbox.leave(pipe)
  }

  override read(): Frames | undefined {
    for (let message = this.inbox.read(); message !== undefined; message = this.inbox.read()) {
      if (this.subscriptions.matches(message[0])) return message
    }
    return undefined
  }

  override subscribe(topic: Bytes): void {
    if (this.subscriptions.add(topic)) this.upstream([prefixed(1, topic)])
  }

  override unsubscribe(topic: Bytes): void {
    if (this.subscriptions.remove(topic)) this.upstream([prefixed(0, topic)])
  }

  override pipeWritable(pipe: Pipe): void {
    this.control.flush(pipe)
  }

  /** A subscription message to every publisher. */
  protected upstream(message: Frames): void {
    for (const pipe of this.pipes) this.control.write(pipe, message)
  }
}
