import { SocketStateError } from '../../../errors/SocketStateError'
import { EMPTY_FRAME } from '../../../internal/bytes'
import type { SendDone } from '../../Transport'
import type { Pipe } from '../Pipe'
import { Behaviour, type Frames, Outbox } from './Behaviour'

/**
 * REQ (RFC 28): one request at a time, round-robin over the pipes, sent behind an empty
 * delimiter frame; the reply is read only from the pipe the request went to, its delimiter
 * stripped. Anything else a pipe sends is stale and dropped. With `relaxed`, a new request
 * may go before the reply (the old reply is then dropped).
 */
export class ReqBehaviour extends Behaviour {
  static readonly options = { relaxed: false, correlate: false }
  private readonly outbox = new Outbox(this.host.name, (pipe) => (this.replyPipe = pipe))
  private replyPipe: Pipe | undefined
  private awaiting = false

  attach(pipe: Pipe): boolean {
    this.outbox.join(pipe)
    return true
  }

  detach(pipe: Pipe): void {
    this.outbox.leave(pipe)
    // The request's reply can no longer come: as libzmq, the socket stays waiting (a
    // request timeout on the socket recovers).
    if (this.replyPipe === pipe) this.replyPipe = undefined
  }

  override send(message: Frames, _options: unknown, done: SendDone): boolean {
    if (this.awaiting && this.host.options.relaxed !== true) {
      throw new SocketStateError(
        `${this.host.name}: cannot send a request before the reply to the previous one arrived`,
        this.host.name,
      )
    }
    this.awaiting = true
    this.replyPipe = undefined
    return this.outbox.send([EMPTY_FRAME, ...message], done)
  }

  override read(): Frames | undefined {
    const pipe = this.replyPipe
    if (!this.awaiting || pipe === undefined) return undefined
    for (let message = pipe.read(); message !== undefined; message = pipe.read()) {
      if (message.length < 2 || message[0].length !== 0) continue // no delimiter: dropped
      this.awaiting = false
      this.replyPipe = undefined
      return message.slice(1)
    }
    return undefined
  }

  override pipeReadable(pipe: Pipe): void {
    if (pipe === this.replyPipe && this.awaiting) return
    while (pipe.read() !== undefined); // stale replies: dropped, as libzmq does
  }

  override pipeWritable(): void {
    this.outbox.flush()
  }

  override close(): void {
    this.outbox.close()
  }
}
