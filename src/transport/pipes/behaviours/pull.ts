import type { Pipe } from '../Pipe'
import { Behaviour, type Frames, Inbox } from './Behaviour'

/** PULL (RFC 30): reads its pipes fair-queued. */
export class PullBehaviour extends Behaviour {
  private readonly inbox = new Inbox()

  attach(pipe: Pipe): boolean {
    this.inbox.join(pipe)
    return true
  }

  detach(pipe: Pipe): void {
    this.inbox.leave(pipe)
  }

  override read(): Frames | undefined {
    return this.inbox.read()
  }
}
