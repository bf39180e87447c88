import { SocketStateError } from '../../../errors/SocketStateError'
import { EMPTY_FRAME } from '../../../internal/bytes'
import type { Pipe } from '../Pipe'
import { Behaviour, type Frames, Inbox } from './Behaviour'

/**
 * REP (RFC 28): reads requests fair-queued, one at a time; keeps each request's envelope (the
 * frames up to the empty delimiter) and sends the reply behind it to the pipe the request came
 * from. A request with no delimiter is dropped; a reply to a peer that left is dropped.
 */
export class RepBehaviour extends Behaviour {
  private readonly inbox = new Inbox()
  private readonly attached = new Set<Pipe>()
  private pending: { pipe: Pipe; envelope: Frames } | undefined

  attach(pipe: Pipe): boolean {
    this.attached.add(pipe)
    this.inbox.join(pipe)
    return true
  }

  detach(pipe: Pipe): void {
    this.attached.delete(pipe)
    this.inbox.leave(pipe)
  }

  override read(): Frames | undefined {
    if (this.pending !== undefined) return undefined
    for (let message = this.inbox.read(); message !== undefined; message = this.inbox.read()) {
      const at = message.findIndex((frame) => frame.length === 0)
      if (at < 0) continue
      this.pending = { pipe: this.inbox.from!, envelope: message.slice(0, at) }
      return message.slice(at + 1)
    }
    return undefined
  }

  override send(message: Frames): boolean {
    const pending = this.pending
    if (pending === undefined) {
      throw new SocketStateError(
        `${this.host.name}: cannot send a reply: there is no request to answer`,
        this.host.name,
      )
    }
    this.pending = undefined
    const { pipe, envelope } = pending
    if (this.attached.has(pipe) && pipe.writable) pipe.write([...envelope, EMPTY_FRAME, ...message])
    this.host.readable() // the next request may be read now
    return true
  }
}
