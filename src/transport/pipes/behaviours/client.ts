import { ZmqError } from '../../../errors/ZmqError'
import type { SendDone } from '../../Transport'
import type { Pipe } from '../Pipe'
import { Behaviour, type Frames, Inbox, Outbox } from './Behaviour'

/**
 * CLIENT (draft, RFC 41): single-frame messages. Sends round-robin, waiting while no pipe takes
 * messages; reads fair-queued, as DEALER does. As libzmq's `client_t`: a multipart message is
 * refused on send (`EINVAL`) and dropped whole on receive.
 */
export class ClientBehaviour extends Behaviour {
  private readonly inbox = new Inbox()
  private readonly outbox = new Outbox(this.host.name)

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
    if (message.length !== 1) {
      throw new ZmqError(`${this.host.name}: a CLIENT message is a single frame (EINVAL)`, {
        code: 'EINVAL',
        socketType: this.host.name,
      })
    }
    return this.outbox.send(message, done)
  }

  override read(): Frames | undefined {
    for (;;) {
      const message = this.inbox.read()
      // a multipart message from a peer that should not send one: dropped, as libzmq does
      if (message === undefined || message.length === 1) return message
    }
  }

  override pipeWritable(): void {
    this.outbox.flush()
  }

  override close(): void {
    this.outbox.close()
  }
}
