import { ZmqError } from '../../../errors/ZmqError'
import { asFrame, hexOf } from '../../../internal/bytes'
import { SocketClosedError } from '../../../errors/SocketClosedError'
import type { Bytes, SendDone } from '../../Transport'
import type { Pipe } from '../Pipe'
import { type AttachInfo, Behaviour, type Frames, Inbox } from './Behaviour'

let generated = 0x2a000000

/**
 * ROUTER (RFC 28): every message read starts with the routing id of the pipe it came from;
 * a message sent goes to the pipe its first frame names. An unknown or full peer drops it,
 * or with `mandatory` fails the send with `EHOSTUNREACH` (unknown) or waits (full).
 */
export class RouterBehaviour extends Behaviour {
  static readonly options = { mandatory: false, handover: false }
  private readonly inbox = new Inbox()
  private readonly byId = new Map<string, Pipe>()
  private readonly idOf = new Map<Pipe, Bytes>()
  private waiting: { pipe: Pipe; message: Frames; done: SendDone } | undefined

  attach(pipe: Pipe, info: AttachInfo): boolean {
    let id = info.routingId ?? pipe.peerIdentity
    if (id === undefined || id.length === 0) id = RouterBehaviour.makeId()
    const key = hexOf(id)
    if (this.byId.has(key)) {
      if (this.host.options.handover !== true) return false
      this.detach(this.byId.get(key)!)
    }
    this.byId.set(key, pipe)
    this.idOf.set(pipe, id)
    this.inbox.join(pipe)
    return true
  }

  detach(pipe: Pipe): void {
    const id = this.idOf.get(pipe)
    if (id === undefined) return
    this.idOf.delete(pipe)
    const key = hexOf(id)
    if (this.byId.get(key) === pipe) this.byId.delete(key)
    this.inbox.leave(pipe)
  }

  override read(): Frames | undefined {
    const message = this.inbox.read()
    if (message === undefined) return undefined
    const id = this.idOf.get(this.inbox.from!) ?? this.retiredId(this.inbox.from!)
    return [id, ...message]
  }

  override send(message: Frames, _options: unknown, done: SendDone): boolean {
    const [id, ...body] = message
    const pipe = this.byId.get(hexOf(id))
    const mandatory = this.host.options.mandatory === true
    if (pipe === undefined) {
      if (!mandatory) return true
      throw new ZmqError(`${this.host.name}: no peer with routing id ${hexOf(id)} (mandatory)`, {
        code: 'EHOSTUNREACH',
        errno: 113,
        socketType: this.host.name,
      })
    }
    if (body.length === 0) return true
    if (pipe.writable) {
      pipe.write(body)
      return true
    }
    if (!mandatory) return true
    this.waiting = { pipe, message: body, done }
    return false
  }

  override pipeWritable(pipe: Pipe): void {
    const waiting = this.waiting
    if (waiting === undefined || waiting.pipe !== pipe || !pipe.writable) return
    this.waiting = undefined
    pipe.write(waiting.message)
    waiting.done()
  }

  override close(): void {
    const waiting = this.waiting
    this.waiting = undefined
    waiting?.done(new SocketClosedError(this.host.name, 'send'))
  }

  /** The id a pipe had, for its last messages read after it left. */
  private retiredId(pipe: Pipe): Bytes {
    return pipe.peerIdentity ?? new Uint8Array(0)
  }

  /** A routing id for a peer that gave none: 5 bytes, a zero then a counter, as libzmq makes. */
  static makeId(): Bytes {
    const id = new Uint8Array(5)
    const n = generated++ >>> 0
    id[1] = n >>> 24
    id[2] = (n >>> 16) & 0xff
    id[3] = (n >>> 8) & 0xff
    id[4] = n & 0xff
    return asFrame(id)
  }
}
