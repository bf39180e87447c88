import { SocketClosedError } from '../../../errors/SocketClosedError'
import type { SendDone } from '../../Transport'
import type { Pipe } from '../Pipe'
import { Behaviour, type Frames } from './Behaviour'

/** PAIR (RFC 31): exactly one peer; a second one is refused. Sends wait for the peer. */
export class PairBehaviour extends Behaviour {
  private pipe: Pipe | undefined
  /** The previous peer, while it still holds messages to read. */
  private leaving: Pipe | undefined
  private waiting: { message: Frames; done: SendDone } | undefined

  attach(pipe: Pipe): boolean {
    if (this.pipe !== undefined) return false
    this.pipe = pipe
    this.pipeWritable()
    return true
  }

  detach(pipe: Pipe): void {
    if (this.pipe !== pipe) return
    this.pipe = undefined
    this.leaving = pipe
  }

  override send(message: Frames, _options: unknown, done: SendDone): boolean {
    const pipe = this.pipe
    if (pipe !== undefined && pipe.writable) {
      pipe.write(message)
      return true
    }
    this.waiting = { message, done }
    return false
  }

  override read(): Frames | undefined {
    if (this.leaving !== undefined) {
      const message = this.leaving.read()
      if (message !== undefined) return message
      this.leaving = undefined
    }
    return this.pipe?.read()
  }

  override pipeWritable(): void {
    const waiting = this.waiting
    const pipe = this.pipe
    if (waiting === undefined || pipe === undefined || !pipe.writable) return
    this.waiting = undefined
    pipe.write(waiting.message)
    waiting.done()
  }

  override close(): void {
    const waiting = this.waiting
    this.waiting = undefined
    waiting?.done(new SocketClosedError(this.host.name, 'send'))
  }
}
