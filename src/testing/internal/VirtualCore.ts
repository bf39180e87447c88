import { Observable, Subject, type Subscriber as RxSubscriber, type Subscription } from 'rxjs'
import { InvalidEndpointError } from '../../errors/InvalidEndpointError'
import { SocketClosedError } from '../../errors/SocketClosedError'
import { SocketStateError } from '../../errors/SocketStateError'
import { ZmqError } from '../../errors/ZmqError'
import type { SocketEvent } from '../../events'
import { checkQueueConfig } from '../../internal/checkQueueConfig'
import { Deque } from '../../internal/Deque'
import { Distributor } from '../../internal/Distributor'
import { firstFrame } from '../../internal/firstFrame'
import { toFrames } from '../../internal/toFrames'
import { TopicTrie } from '../../internal/TopicTrie'
import type { Message, MessageLike } from '../../message'
import type { Peer } from '../../operators/Peer'
import type { VirtualSocketConfig } from '../VirtualSocketConfig'
import type { VirtualNetworkCore } from './VirtualNetworkCore'

/** The ZeroMQ socket types the virtual transport models. */
export type VirtualKind =
  'PUB' | 'SUB' | 'XPUB' | 'XSUB' | 'PUSH' | 'PULL' | 'REQ' | 'REP' | 'DEALER' | 'ROUTER' | 'PAIR'

/** Which socket types may talk to which (ZMTP's socket type compatibility). */
const COMPATIBLE: Record<VirtualKind, readonly VirtualKind[]> = {
  PUB: ['SUB', 'XSUB'],
  XPUB: ['SUB', 'XSUB'],
  SUB: ['PUB', 'XPUB'],
  XSUB: ['PUB', 'XPUB'],
  PUSH: ['PULL'],
  PULL: ['PUSH'],
  REQ: ['REP', 'ROUTER'],
  REP: ['REQ', 'DEALER'],
  DEALER: ['REP', 'DEALER', 'ROUTER'],
  ROUTER: ['REQ', 'DEALER', 'ROUTER'],
  PAIR: ['PAIR'],
}

/** Types whose outbound side is libzmq's load balancer: round-robin over ready pipes, waiting. */
const BALANCED: ReadonlySet<VirtualKind> = new Set(['PUSH', 'DEALER', 'REQ', 'PAIR'])
const PUBLISHING: ReadonlySet<VirtualKind> = new Set(['PUB', 'XPUB'])
const SUBSCRIBING: ReadonlySet<VirtualKind> = new Set(['SUB', 'XSUB'])

const EMPTY = Buffer.alloc(0)

/** One direction of a connection: a bounded FIFO from a writer socket to a reader socket. */
export interface Pipe {
  readonly writer: VirtualCore
  readonly reader: VirtualCore
  readonly queue: Deque<Message>
  readonly capacity: number
  /** On a publisher's outbound pipe: the subscriptions of the subscriber it leads to. */
  readonly filter: TopicTrie
  /** The writer's routing id as the reader sees it (what a reading ROUTER prepends). */
  readonly writerId: Buffer
  /** The reverse pipe of the same connection. */
  partner: Pipe
  /** The writer side is gone: the reader removes the pipe once it has read it empty. */
  writerGone: boolean
  readonly connection: Connection
}

/** A connection between a connecting and a binding socket, made of two pipes. */
export interface Connection {
  readonly connecter: VirtualCore
  readonly binder: VirtualCore
  readonly endpoint: string
  pipes: [Pipe, Pipe] | undefined
}

let routingCounter = 0

/**
 * The machinery of one virtual socket: pipes to its peers with high-water marks, the pattern's
 * outbound strategy (fan-out with prefix filter and drop at HWM; load balancing with a bounded
 * wait queue; routing by identity), fair-queued reading, and the REQ/REP envelope state.
 * Driven synchronously by sends and reads, and by the network's scheduler for connections.
 */
export class VirtualCore {
  readonly type: string
  private state: 'open' | 'closing' | 'closed' = 'open'
  private failure: unknown
  readonly config: VirtualSocketConfig
  private readonly sendHwm: number
  private readonly receiveHwm: number
  readonly routingId: Buffer
  private routerCounter = 0

  readonly inPipes: Pipe[] = []
  readonly outPipes: Pipe[] = []
  readonly connections: Connection[] = []
  readonly bound = new Set<string>()
  readonly connectedTo = new Set<string>()

  // outbound
  private readonly distributor: Distributor<Message>
  private readonly peers = new Map<Pipe, Peer<Message>>()
  private readonly overflow: string
  private droppedCount = 0

  // inbound
  private readonly received = new Subject<Message>()
  private receivers = 0
  private reading = false
  private readCursor = 0

  // REQ / REP
  private awaitingReply = false
  private replyPipe: Pipe | undefined
  private request: { envelope: Buffer[]; pipe: Pipe } | undefined
  private unanswered = 0

  // SUB / XSUB: subscriptions as sent upstream (distinct topics); XPUB: what was surfaced
  readonly subscriptions = new Map<string, number>()
  private readonly surfaced = new TopicTrie()

  // observation
  readonly sent = new Subject<Message>()
  private readonly eventSubject = new Subject<SocketEvent>()
  private closedResolve!: () => void
  readonly closed: Promise<void> = new Promise((resolve) => (this.closedResolve = resolve))
  private lingerTimer: Subscription | undefined

  constructor(
    readonly network: VirtualNetworkCore,
    readonly kind: VirtualKind,
    type: string,
    config: VirtualSocketConfig,
  ) {
    this.type = type
    this.config = config
    this.sendHwm = hwm(config.sendHighWaterMark)
    this.receiveHwm = hwm(config.receiveHighWaterMark)
    const { limit, overflow } = checkQueueConfig(type, {
      queueLimit: config.sendQueue?.limit,
      overflow: config.sendQueue?.overflow,
    })
    this.overflow = overflow
    this.distributor = new Distributor<Message>(limit, overflow, type)
    routingCounter++
    this.routingId =
      config.routingId !== undefined
        ? Buffer.from(config.routingId, 'utf8')
        : Buffer.from([0, ...uint32(routingCounter)])
  }

  // ---------------------------------------------------------------- lifecycle

  get isClosed(): boolean {
    return this.state !== 'open'
  }

  get dropped(): number {
    return this.droppedCount
  }

  get queueDepth(): number {
    return this.distributor.waiting
  }

  bind(endpoint: string): string {
    this.requireOpen('bind')
    const bound = this.network.bind(this, endpoint)
    this.bound.add(bound)
    this.emit({ type: 'bind', address: bound })
    return bound
  }

  unbind(endpoint: string): void {
    this.requireOpen('unbind')
    this.network.unbind(this, endpoint)
    this.bound.delete(endpoint)
    for (const connection of [...this.connections]) {
      if (connection.binder === this && connection.endpoint === endpoint) this.detach(connection)
    }
  }

  connect(endpoint: string): void {
    this.requireOpen('connect')
    checkEndpoint(endpoint, this.type)
    this.connectedTo.add(endpoint)
    this.network.connect(this, endpoint)
  }

  disconnect(endpoint: string): void {
    this.requireOpen('disconnect')
    this.connectedTo.delete(endpoint)
    this.network.cancelConnect(this, endpoint)
    for (const connection of [...this.connections]) {
      if (connection.connecter === this && connection.endpoint === endpoint) {
        this.detach(connection)
      }
    }
  }

  requireOpen(operation: string): void {
    if (this.state === 'closed') {
      throw this.failure instanceof ZmqError
        ? this.failure
        : new SocketClosedError(this.type, operation)
    }
  }

  /** Immediate close: waiting messages are dropped, receivers complete. */
  close(): void {
    if (this.state === 'closed') return
    this.shutdown()
    this.received.complete()
    this.eventSubject.complete()
  }

  /** Graceful close: waiting messages may go for up to `linger` virtual ms, then close. */
  complete(): void {
    if (this.state !== 'open') return
    this.state = 'closing'
    this.finishIfDrained()
    if (this.state === 'closing') {
      const linger = this.config.linger ?? 1000
      if (linger >= 0) {
        this.lingerTimer = this.network.scheduler.schedule(() => this.close(), linger)
      }
    }
  }

  /** Closes at once with an error: receivers get it. */
  error(error: unknown): void {
    if (this.state === 'closed') return
    this.fail(error)
  }

  private fail(error: unknown): void {
    this.failure = error
    this.shutdown()
    if (error instanceof ZmqError) this.emit({ type: 'error', error })
    this.received.error(error)
    this.eventSubject.complete()
  }

  private finishIfDrained(): void {
    if (this.state === 'closing' && this.distributor.waiting === 0) this.close()
  }

  private shutdown(): void {
    this.state = 'closed'
    this.lingerTimer?.unsubscribe()
    this.distributor.clear()
    for (const endpoint of this.bound) this.network.unbind(this, endpoint)
    for (const endpoint of this.connectedTo) this.network.cancelConnect(this, endpoint)
    for (const connection of [...this.connections]) this.detach(connection)
    this.closedResolve()
  }

  // ---------------------------------------------------------------- connections

  /** Whether a socket of this kind may connect to `other` (else the handshake fails). */
  compatibleWith(other: VirtualCore): boolean {
    return COMPATIBLE[this.kind].includes(other.kind)
  }

  /** Makes the pipes of a connection between `connection.connecter` and `.binder`. */
  static attach(connection: Connection): void {
    const { connecter: a, binder: b } = connection
    if (a.state === 'closed' || b.state === 'closed') return
    if (!a.compatibleWith(b)) {
      const error = new ZmqError(`${a.type} cannot talk to ${b.type}`, { code: 'EPROTO' })
      a.emit({ type: 'handshake:error:protocol', address: connection.endpoint, error } as never)
      b.emit({ type: 'handshake:error:protocol', address: connection.endpoint, error } as never)
      return
    }
    if (
      (a.kind === 'PAIR' && a.connections.length > 0) ||
      (b.kind === 'PAIR' && b.connections.length > 0)
    ) {
      return // PAIR takes one peer; libzmq refuses the second
    }
    const ab = a.makePipe(b, connection)
    const ba = b.makePipe(a, connection)
    ab.partner = ba
    ba.partner = ab
    connection.pipes = [ab, ba]
    a.connections.push(connection)
    b.connections.push(connection)
    a.addPipes(ab, ba)
    b.addPipes(ba, ab)
    a.emit({ type: 'connect', address: connection.endpoint })
    b.emit({ type: 'accept', address: connection.endpoint })
    // Subscriptions travel to the publisher as soon as the connection is up.
    a.replaySubscriptions(ab)
    b.replaySubscriptions(ba)
    a.afterAttach()
    b.afterAttach()
  }

  private makePipe(reader: VirtualCore, connection: Connection): Pipe {
    const writerId = reader.kind === 'ROUTER' ? this.idFor(reader) : this.routingId
    return {
      writer: this,
      reader,
      queue: new Deque<Message>(),
      capacity: this.sendHwm + reader.receiveHwm,
      filter: new TopicTrie(),
      writerId,
      partner: undefined as unknown as Pipe,
      writerGone: false,
      connection,
    }
  }

  /** The id `router` gives this socket: its routingId when set, else one the router makes up. */
  private idFor(router: VirtualCore): Buffer {
    if (this.config.routingId !== undefined) return this.routingId
    router.routerCounter++
    return Buffer.from([0, ...uint32(router.routerCounter)])
  }

  private addPipes(out: Pipe, inbound: Pipe): void {
    this.outPipes.push(out)
    this.inPipes.push(inbound)
    if (BALANCED.has(this.kind)) {
      const peer: Peer<Message> = {
        next: (message) => this.write(out, message),
        isReady: () => out.queue.length < out.capacity,
      }
      this.peers.set(out, peer)
      this.distributor.join(peer)
    }
  }

  private afterAttach(): void {
    this.flushWaiting()
    this.read()
  }

  /** Removes a connection's pipes; what this socket already wrote may still be read. */
  detach(connection: Connection): void {
    const pipes = connection.pipes
    remove(this.connections, connection)
    const other = connection.connecter === this ? connection.binder : connection.connecter
    remove(other.connections, connection)
    if (pipes === undefined) return
    connection.pipes = undefined
    for (const side of [this, other]) {
      const [out, inbound] = pipes[0].writer === side ? pipes : [pipes[1], pipes[0]]
      const peer = side.peers.get(out)
      if (peer !== undefined) {
        side.peers.delete(out)
        side.distributor.leave(peer)
      }
      remove(side.outPipes, out)
      if (side.replyPipe === inbound) side.replyPipe = undefined
      // An XPUB that stays surfaces unsubscriptions for what the subscriber that left held.
      if (side.kind === 'XPUB' && side !== this) side.forget(out, inbound)
      // The reader keeps a pipe with messages in it until it has read them.
      if (side === this || inbound.queue.length === 0) remove(side.inPipes, inbound)
      else inbound.writerGone = true
    }
    if (other.kind === 'XPUB') other.read()
    other.emit({ type: 'disconnect', address: connection.endpoint })
    this.emit({ type: 'disconnect', address: connection.endpoint })
    // A connecting socket reconnects when the endpoint is bound again, as libzmq does.
    const connecter = connection.connecter
    if (connecter.state !== 'closed' && connecter.connectedTo.has(connection.endpoint)) {
      this.network.connect(connecter, connection.endpoint)
    }
  }

  // ---------------------------------------------------------------- sending

  /** Takes one message from `next()`/`send()`: throws what the pattern refuses. */
  accept(value: MessageLike): void {
    if (this.state !== 'open') throw new SocketClosedError(this.type, 'send', this.failure)
    const message = toFrames(value, this.type).map(toBuffer)
    switch (this.kind) {
      case 'PUB':
      case 'XPUB':
        this.sent.next(message)
        this.publish(message)
        return
      case 'SUB':
      case 'PULL':
        throw new SocketStateError(`${this.type}: this socket type cannot send`, this.type)
      case 'XSUB':
        this.sent.next(message)
        this.subscriptionMessage(message)
        return
      case 'REQ':
        if (this.awaitingReply) {
          throw new SocketStateError(
            `${this.type}: cannot send a request before the reply to the previous one arrived`,
            this.type,
          )
        }
        this.sent.next(message)
        this.awaitingReply = true
        this.offer([EMPTY, ...message])
        return
      case 'REP': {
        const request = this.request
        if (request === undefined || this.unanswered === 0) {
          throw new SocketStateError(
            `${this.type}: cannot send a reply: there is no request to answer`,
            this.type,
          )
        }
        this.sent.next(message)
        this.request = undefined
        this.unanswered--
        if (this.outPipes.includes(request.pipe)) {
          this.writeOrDrop(request.pipe, [...request.envelope, EMPTY, ...message])
        }
        this.read() // the next request may come now
        return
      }
      case 'ROUTER': {
        this.sent.next(message)
        const [id, ...body] = message
        const pipe = this.outPipes.find((p) => p.partner.writerId.equals(id))
        if (pipe === undefined) {
          this.countDrop() // unroutable: dropped, as with ZMQ_ROUTER_MANDATORY off
          return
        }
        this.writeOrDrop(pipe, body)
        return
      }
      default:
        this.sent.next(message)
        this.offer(message)
    }
  }

  private offer(message: Message): void {
    const offered = this.distributor.offer(message) // throws QueueFullError under 'error'
    if (offered.type === 'dropped') this.countDrop()
  }

  private publish(message: Message): void {
    const first = firstFrame(message)
    for (const pipe of this.outPipes) {
      if (!pipe.filter.matches(first)) continue
      this.writeOrDrop(pipe, message)
    }
  }

  /** Fan-out and routing: a full pipe drops the message (PUB, ROUTER, REP). */
  private writeOrDrop(pipe: Pipe, message: Message): void {
    if (pipe.queue.length >= pipe.capacity) this.countDrop()
    else this.write(pipe, message)
  }

  private countDrop(): void {
    this.droppedCount++
    this.emit({ type: 'queue:drop', dropped: this.droppedCount, policy: 'drop-newest' })
  }

  private write(pipe: Pipe, message: Message): void {
    if (this.kind === 'REQ') this.replyPipe = pipe.partner
    pipe.queue.push(message)
    pipe.reader.read()
  }

  /** Called by a reader that took a message from one of this socket's pipes. */
  private writable(): void {
    this.flushWaiting()
  }

  private flushWaiting(): void {
    if (this.distributor.waiting === 0) return
    try {
      this.distributor.flush()
    } catch (error) {
      this.fail(error)
      return
    }
    this.finishIfDrained()
  }

  // ---------------------------------------------------------------- subscriptions

  /** SUB: subscribes one topic (counted); the first subscription goes upstream. */
  subscribe(topic: Uint8Array): void {
    const key = Buffer.from(topic).toString('latin1')
    const count = this.subscriptions.get(key) ?? 0
    this.subscriptions.set(key, count + 1)
    if (count === 0) this.sendUpstream(true, topic)
  }

  /** SUB: unsubscribes one topic; the last unsubscription goes upstream. */
  unsubscribe(topic: Uint8Array): void {
    const key = Buffer.from(topic).toString('latin1')
    const count = this.subscriptions.get(key) ?? 0
    if (count === 0) return
    if (count === 1) {
      this.subscriptions.delete(key)
      this.sendUpstream(false, topic)
    } else this.subscriptions.set(key, count - 1)
  }

  /** XSUB: `[0x01, ...topic]` subscribes, `[0x00, ...topic]` unsubscribes. */
  private subscriptionMessage(message: Message): void {
    const frame = firstFrame(message)
    if (message.length !== 1 || frame.length === 0 || frame[0] > 1) return // other messages: ignored
    const topic = frame.subarray(1)
    if (frame[0] === 1) this.subscribe(topic)
    else this.unsubscribe(topic)
  }

  private sendUpstream(subscribe: boolean, topic: Uint8Array): void {
    for (const pipe of this.outPipes) this.deliverSubscription(pipe, subscribe, topic)
  }

  private replaySubscriptions(pipe: Pipe): void {
    if (!SUBSCRIBING.has(this.kind)) return
    for (const key of this.subscriptions.keys()) {
      this.deliverSubscription(pipe, true, Buffer.from(key, 'latin1'))
    }
  }

  /** A subscription reaches the publisher: its filter for this pipe, and XPUB's readers. */
  private deliverSubscription(pipe: Pipe, subscribe: boolean, topic: Uint8Array): void {
    const publisher = pipe.reader
    if (!PUBLISHING.has(publisher.kind)) return
    const filter = pipe.partner.filter
    if (subscribe) filter.add(topic)
    else filter.remove(topic)
    if (publisher.kind !== 'XPUB') return
    // XPUB (not verbose) surfaces the first subscription to a topic and the last unsubscription.
    const changed = subscribe ? publisher.surfaced.add(topic) : publisher.surfaced.remove(topic)
    if (changed) {
      pipe.queue.push([Buffer.from([subscribe ? 1 : 0, ...topic])])
      publisher.read()
    }
  }

  /**
   * XPUB: a subscriber left. Its topics no longer count; a topic nobody else holds is surfaced
   * as an unsubscription, queued behind what that subscriber had sent (RFC 29).
   */
  private forget(out: Pipe, inbound: Pipe): void {
    for (const [topic, count] of out.filter.entries()) {
      for (let i = 0; i < count; i++) {
        if (this.surfaced.remove(topic)) inbound.queue.push([Buffer.from([0, ...topic])])
      }
    }
    out.filter.clear()
  }

  // ---------------------------------------------------------------- receiving

  /** The received messages, shared by all subscribers; reading stops while nobody listens. */
  readonly messages: Observable<Message> = new Observable<Message>((subscriber) =>
    this.attachReceiver(subscriber),
  )

  private attachReceiver(subscriber: RxSubscriber<Message>): () => void {
    if (this.state === 'closed') {
      if (this.failure !== undefined) subscriber.error(this.failure)
      else subscriber.complete()
      return () => undefined
    }
    const subscription = this.received.subscribe(subscriber)
    this.receivers++
    this.read()
    return () => {
      subscription.unsubscribe()
      this.receivers--
    }
  }

  /** Reads waiting messages, one pipe after the other in turn (fair queuing). */
  private read(): void {
    if (this.reading) return
    this.reading = true
    try {
      while (this.state !== 'closed' && this.receivers > 0) {
        const pipe = this.nextReadable()
        if (pipe === undefined) break
        const message = pipe.queue.shift() as Message
        if (pipe.writerGone && pipe.queue.length === 0) remove(this.inPipes, pipe)
        const value = this.incoming(pipe, message)
        pipe.writer.writable()
        if (value !== undefined) this.received.next(value)
      }
    } finally {
      this.reading = false
    }
  }

  private nextReadable(): Pipe | undefined {
    if (this.kind === 'REP' && this.request !== undefined) return undefined
    if (this.kind === 'REQ') {
      const pipe = this.replyPipe
      return this.awaitingReply && pipe !== undefined && pipe.queue.length > 0 ? pipe : undefined
    }
    const pipes = this.inPipes
    const count = pipes.length
    const start = this.readCursor >= count ? 0 : this.readCursor
    for (let i = 0; i < count; i++) {
      const index = (start + i) % count
      if (pipes[index].queue.length > 0) {
        this.readCursor = index + 1
        return pipes[index]
      }
    }
    return undefined
  }

  /** What a message read from `pipe` becomes for this socket type; undefined: dropped. */
  private incoming(pipe: Pipe, message: Message): Message | undefined {
    switch (this.kind) {
      case 'ROUTER':
        return [pipe.writerId, ...message]
      case 'REQ':
        this.awaitingReply = false
        this.replyPipe = undefined
        if (message.length === 0 || message[0].length !== 0) return undefined
        return message.slice(1)
      case 'REP': {
        const at = message.findIndex((frame) => frame.length === 0)
        if (at < 0) return undefined // no delimiter: libzmq drops it
        this.request = { envelope: message.slice(0, at), pipe: pipe.partner }
        this.unanswered++
        return message.slice(at + 1)
      }
      case 'PUB':
        return undefined // subscriptions only; applied when they were sent
      default:
        return message
    }
  }

  // ---------------------------------------------------------------- events

  readonly events: Observable<SocketEvent> = new Observable<SocketEvent>((subscriber) => {
    if (this.state === 'closed') {
      subscriber.complete()
      return
    }
    return this.eventSubject.subscribe(subscriber)
  })

  emit(event: SocketEvent): void {
    if (this.eventSubject.observed) this.eventSubject.next(event)
  }
}

function hwm(value: number | undefined): number {
  if (value === undefined) return 1000
  return value === 0 ? Infinity : value
}

function uint32(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]
}

function remove<T>(list: T[], item: T): void {
  const index = list.indexOf(item)
  if (index >= 0) list.splice(index, 1)
}

function toBuffer(frame: unknown): Buffer {
  if (Buffer.isBuffer(frame)) return frame
  if (typeof frame === 'string') return Buffer.from(frame, 'utf8')
  if (frame instanceof ArrayBuffer) return Buffer.from(frame)
  return Buffer.from(frame as Uint8Array)
}

/** Virtual endpoints look like native ones: `transport://address`. */
export function checkEndpoint(endpoint: string, type: string): void {
  if (typeof endpoint !== 'string' || !/^[a-z]+:\/\/.+/.test(endpoint)) {
    throw new InvalidEndpointError(`${type}: invalid endpoint ${JSON.stringify(endpoint)}`, {
      code: 'EINVAL',
      endpoint: String(endpoint),
      socketType: type,
    })
  }
}
