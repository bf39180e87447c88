import type { SendDone } from '../../Transport'
import type { Pipe } from '../Pipe'
import { Behaviour, type Frames, Outbox } from './Behaviour'

/** PUSH (RFC 30): round-robin over the pipes that take messages; waits while none does. */
export class PushBehaviour extends Behaviour {
  private readonly outbox = new Outbox(this.host.name)

  attach(pipe: Pipe): boolean {
    this.outbox.join(pipe)
    return true
  }

  detach(pipe: Pipe): void {
    this.outbox.leave(pipe)
  }

  override send(message: Frames, _options: unknown, done: SendDone): boolean {
    return this.outbox.send(message, done)
  }

  override pipeWritable(): void {
    this.outbox.flush()
  }

  override close(): void {
    this.outbox.close()
  }
}
