import type { SendDone } from '../../Transport'
import type { Pipe } from '../Pipe'
import { Behaviour, type Frames, Inbox, Outbox } from './Behaviour'

/** DEALER (RFC 28): sends round-robin, waiting while no pipe takes messages; reads fair-queued. */
export class DealerBehaviour extends Behaviour {
  protected readonly inbox = new Inbox()
  protected readonly outbox = new Outbox(this.host.name)

  attach(pipe: Pipe): boolean {
    this.inbox.join(pipe)
    this.outbox.join(pipe)
    return true
  }

  detach(pipe: Pipe): void {
    this.inbox.leave(pipe)
    this.outbox.leave(pipe)
  }

  override send(message: Frames, _options: unknown, done: SendDone): boolean {
    return this.outbox.send(message, done)
  }

  override read(): Frames | undefined {
    return this.inbox.read()
  }

  override pipeWritable(): void {
    this.outbox.flush()
  }

  override close(): void {
    this.outbox.close()
  }
}
