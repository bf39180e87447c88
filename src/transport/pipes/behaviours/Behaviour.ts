import { SocketClosedError } from '../../../errors/SocketClosedError'
import { ZmqError } from '../../../errors/ZmqError'
import type { SocketEvent } from '../../../events'
import { Distributor } from '../../../internal/Distributor'
import { FairQueue } from '../../../internal/FairQueue'
import type { Peer } from '../../../operators/Peer'
import type { Bytes, SendDone } from '../../Transport'
import type { Pipe } from '../Pipe'

/** A message as pipes carry it. */
export type Frames = Bytes[]

/** A socket type's behaviour, as a socket class names it (see `OpenSpec.behaviour`). */
export type BehaviourClass = (new (host: BehaviourHost) => Behaviour) & {
  /** The options (zeromq.js names) only this socket type has, with their defaults. */
  readonly options?: Readonly<Record<string, unknown>>
}

/** What a behaviour may ask of the pipe socket it works in. */
export interface BehaviourHost {
  /** The socket class name, for messages. */
  readonly name: string
  /** The socket's options (zeromq.js names). */
  readonly options: Readonly<Record<string, unknown>>
  /** Messages may be readable again (REP after its reply, XPUB after a subscription). */
  readable(): void
  /** A connection event. */
  event(event: SocketEvent): void
}

/** What the pipe socket knows of a pipe when it attaches it. */
export interface AttachInfo {
  /** A ROUTER's name for the peer, given to `connect()` (ZMQ_CONNECT_ROUTING_ID). */
  readonly routingId?: Bytes
}

/**
 * What one socket type does over its pipes: the pattern semantics of a transport without
 * libzmq. One subclass per socket type (`behaviours/<type>.ts`); the engines are the ones the
 * public operators are built from: {@link Distributor} (`roundRobin`), {@link FairQueue}
 * (`fairQueue`), `TopicTrie` (`topics`).
 *
 * The pipe socket calls `send` with at most one message in flight; `send` returns true when
 * the message was taken (or dropped, where the pattern drops), and false when it must wait for
 * a pipe (a PUSH with no ready peer): then it calls `done` once the message went, or with an
 * error. It throws a ZmqError for what the pattern refuses at once.
 */
export abstract class Behaviour {
  constructor(protected readonly host: BehaviourHost) {}

  /** A pipe joined. Returns false to refuse it (a second PAIR peer); the socket then closes it. */
  abstract attach(pipe: Pipe, info: AttachInfo): boolean

  /** A pipe left. Messages it already received may still be read (see `Inbox`). */
  abstract detach(pipe: Pipe): void

  /** Sends one message (see the class comment). */
  send(
    _message: Frames,
    _options: Readonly<Record<string, unknown>> | undefined,
    _done: SendDone,
  ): boolean {
    throw notSupported(this.host, 'cannot send')
  }

  /** The next message for the socket's subscribers, or undefined. */
  read(): Frames | undefined {
    return undefined
  }

  /** A pipe has messages (PUB and XPUB read subscriptions at once, whoever listens). */
  pipeReadable(_pipe: Pipe): void {}

  /** A pipe takes messages again. */
  pipeWritable(_pipe: Pipe): void {}

  /** SUB/XSUB subscribe, DISH join. */
  subscribe(_topic: Bytes): void {
    throw notSupported(this.host, 'has no subscriptions')
  }

  /** SUB/XSUB unsubscribe, DISH leave. */
  unsubscribe(_topic: Bytes): void {
    throw notSupported(this.host, 'has no subscriptions')
  }

  /** The socket closes: a send waiting for a pipe is refused. */
  close(): void {}
}

/** The error of what a socket type does not do (`ENOTSUP`). */
function notSupported(host: BehaviourHost, what: string): ZmqError {
  return new ZmqError(`${host.name}: this socket type ${what}`, {
    code: 'ENOTSUP',
    socketType: host.name,
  })
}

/**
 * The inbound side of PULL, DEALER, ROUTER, SUB, XSUB and REP: pipes read fair-queued. A pipe
 * that left stays in the rotation until what it had received has been read.
 */
export class Inbox {
  readonly queue = new FairQueue<Frames, Pipe>()
  private readonly retiring = new Set<Pipe>()

  join(pipe: Pipe): void {
    this.queue.join(pipe)
  }

  /** The pipe left: it leaves the rotation once what it holds has been read. */
  leave(pipe: Pipe): void {
    this.retiring.add(pipe)
  }

  /** The next message in turn, or undefined; `from` is then the pipe it came from. */
  read(): Frames | undefined {
    const message = this.queue.read()
    if (message !== undefined || this.retiring.size === 0) return message
    for (const pipe of this.retiring) this.queue.leave(pipe)
    this.retiring.clear()
    return undefined
  }

  /** The pipe the last message came from. */
  get from(): Pipe | undefined {
    return this.queue.last
  }
}

/**
 * The outbound side of PUSH, DEALER, REQ: the next writable pipe in turn (libzmq's lb_t, the
 * engine of `roundRobin`), and a send that waits while no pipe is writable.
 */
export class Outbox {
  private readonly balancer: Distributor<Frames>
  private readonly peers = new Map<Pipe, Peer<Frames>>()
  private waiting: SendDone | undefined
  /** The pipe the last message went to. */
  last: Pipe | undefined

  /** @param sentTo Called with the pipe each message goes to, before it is written. */
  constructor(
    private readonly name: string,
    private readonly sentTo?: (pipe: Pipe) => void,
  ) {
    this.balancer = new Distributor<Frames>(1, 'error', name)
  }

  join(pipe: Pipe): void {
    const peer: Peer<Frames> = {
      next: (message) => {
        this.last = pipe
        this.sentTo?.(pipe)
        pipe.write(message)
      },
      isReady: () => pipe.writable,
    }
    this.peers.set(pipe, peer)
    this.balancer.join(peer)
    this.flush()
  }

  leave(pipe: Pipe): void {
    const peer = this.peers.get(pipe)
    if (peer === undefined) return
    this.peers.delete(pipe)
    this.balancer.leave(peer)
  }

  /** Sends to the next writable pipe (true), or keeps the message until one takes it (false). */
  send(message: Frames, done: SendDone): boolean {
    if (this.balancer.trySend(message) || this.balancer.offer(message).type === 'sent') return true
    this.waiting = done
    return false
  }

  /** Room again somewhere: the waiting message may go. */
  flush(): void {
    if (this.waiting === undefined || this.balancer.flush() === 0) return
    const done = this.waiting
    this.waiting = undefined
    done()
  }

  close(): void {
    this.balancer.clear()
    const done = this.waiting
    this.waiting = undefined
    done?.(new SocketClosedError(this.name, 'send'))
  }
}

/**
 * Subscription messages (`[1, ...topic]`, `[0, ...topic]`) to a pipe, whatever its high-water
 * mark: what a full pipe did not take is written when it takes messages again.
 */
export class ControlWriter {
  private readonly pending = new Map<Pipe, Frames[]>()

  write(pipe: Pipe, message: Frames): void {
    const queued = this.pending.get(pipe)
    if (queued !== undefined) queued.push(message)
    else if (!pipe.write(message)) this.pending.set(pipe, [message])
  }

  flush(pipe: Pipe): void {
    const queued = this.pending.get(pipe)
    if (queued === undefined) return
    while (queued.length > 0 && pipe.write(queued[0])) queued.shift()
    if (queued.length === 0) this.pending.delete(pipe)
  }

  forget(pipe: Pipe): void {
    this.pending.delete(pipe)
  }
}

/** True for a subscription message: one frame starting with 1 (subscribe) or 0 (cancel). */
export function isSubscription(message: Frames): boolean {
  return message.length === 1 && message[0].length > 0 && message[0][0] <= 1
}
