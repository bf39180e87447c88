import { asyncScheduler, Observable, type SchedulerLike, Subject } from 'rxjs'
import { InvalidEndpointError } from '../../errors/InvalidEndpointError'
import type { SocketEvent } from '../../events'
import { Deque } from '../../internal/Deque'
import type { Message } from '../../message'
import type { OpenSpec, Transport, TransportSocket } from '../Transport'
import type { SocketType } from '../SocketType'
import type { Frames } from '../pipes/behaviours/Behaviour'
import { type Endpoint, parseEndpoint } from '../pipes/endpoint'
import type {
  Dial,
  DialSink,
  Listener,
  LocalSocket,
  Pipe,
  PipeHandler,
  PipeNetwork,
  PipeSink,
} from '../pipes/Pipe'
import { PipeSocket } from '../pipes/PipeSocket'

/** Options of a {@link VirtualNetwork}. */
export interface VirtualNetworkConfig {
  /** The clock of the network: a `TestScheduler` in marble tests. Default `asyncScheduler`. */
  scheduler?: SchedulerLike
  /**
   * Virtual ms between `connect()` (or the bind a connect waited for) and the connection being
   * up: what a publisher sends meanwhile is lost to that subscriber (the slow joiner). Default
   * 0: a connection to a bound endpoint is up at once.
   */
  connectDelay?: number
}

const SCHEMES = ['tcp', 'ipc', 'inproc', 'ws']

/**
 * An in-memory ZeroMQ network driven by a scheduler, as a transport: pass it as a socket's
 * `transport`, and the very socket classes of production run in memory, under a marble test.
 *
 * - Endpoints follow libzmq's rules: `tcp://*:5556` binds every interface and is reached by
 *   `tcp://localhost:5556` or `tcp://127.0.0.1:5556`; a `*` or `0` port takes a free one
 *   (`bind()` says which); connecting to `*` is `EINVAL`; binding an endpoint in use is
 *   `EADDRINUSE` on the socket's error channel, as on the native transport.
 * - A connection to an endpoint nobody binds waits for the bind (as libzmq's inproc does), then
 *   is up `connectDelay` virtual ms later; what a publisher sends before is lost to that
 *   subscriber (the slow joiner). A closed binder's peers reconnect when it is bound again.
 * - Pipes hold `sendHighWaterMark` + `receiveHighWaterMark` messages; the pattern semantics are
 *   the pipe transports' behaviours (prefix filtering, round-robin, fair queuing, envelopes, the
 *   REQ/REP turns), the same over ZMTP and WebSocket.
 * - Messages travel synchronously: a message sent at virtual time t is received at t.
 *
 * ## Example
 * ```ts
 * new TestScheduler(assert).run(({ expectObservable }) => {
 *   const net = new VirtualNetwork()
 *   const pub = new PublisherSocket({ bind: 'tcp://*:5556', transport: net })
 *   const sub = new SubscriberSocket({ connect: 'tcp://localhost:5556', topics: ['10001 '], transport: net })
 *   expectObservable(sub.pipe(text())).toBe('---a-', { a: '10001 20' })
 *   feed(pub, '-b-a-', { a: '10001 20', b: '20002 30' })
 * })
 * ```
 */
export class VirtualNetwork implements Transport {
  readonly name = 'virtual'
  readonly scheduler: SchedulerLike
  readonly connectDelay: number
  private readonly pipes: VirtualPipes
  private readonly sent = new WeakMap<object, Subject<Message>>()

  constructor(config: VirtualNetworkConfig = {}) {
    this.scheduler = config.scheduler ?? asyncScheduler
    this.connectDelay = config.connectDelay ?? 0
    this.pipes = new VirtualPipes(this.scheduler, this.connectDelay)
  }

  open(spec: OpenSpec): TransportSocket {
    return new PipeSocket(this.pipes, spec, {
      sent: (socket, message) => this.sent.get(socket)?.next(message as Message),
    })
  }

  /**
   * What a socket of this network sends, as it takes each message (before the pattern routes
   * it): for asserting a socket's output with a marble string. `socket` is the transport socket
   * (`sentText` finds it for you).
   */
  sentBy(socket: TransportSocket): Observable<Message> {
    let subject = this.sent.get(socket)
    if (subject === undefined) this.sent.set(socket, (subject = new Subject<Message>()))
    return subject.asObservable()
  }
}

/** A bound endpoint of the virtual network. */
interface Binding {
  readonly key: string
  readonly endpoint: string
  readonly local: LocalSocket
  readonly sink: PipeSink
  readonly ends: Set<VirtualPipe>
  closed: boolean
}

/** A connection waiting for a bind, or for a refusing binder to change. */
interface Waiting {
  readonly keys: readonly string[]
  readonly endpoint: string
  readonly local: LocalSocket
  readonly sink: DialSink
  cancelled: boolean
  timer: { unsubscribe(): void } | undefined
}

/** The virtual network's pipes: endpoints, waiting connections, connect delays. */
class VirtualPipes implements PipeNetwork {
  readonly name = 'virtual'
  readonly schemes = SCHEMES
  private readonly bound = new Map<string, Binding>()
  private readonly waiting = new Set<Waiting>()
  private nextPort = 49152

  constructor(
    readonly scheduler: SchedulerLike,
    private readonly connectDelay: number,
  ) {}

  listen(endpoint: string, local: LocalSocket, sink: PipeSink): Listener {
    const parsed = parseEndpoint(endpoint, local.type, 'bind', SCHEMES, 'virtual')
    let address = parsed
    if (parsed.port === '*' || parsed.port === '0') {
      while (this.portTaken(parsed.scheme, this.nextPort)) this.nextPort++
      address = { ...parsed, port: String(this.nextPort++) }
    }
    const key = keyOf(address)
    if (this.bound.has(key) || this.conflicts(address)) {
      throw new InvalidEndpointError(
        `${local.type}: bind '${endpoint}' failed: the address is already in use (EADDRINUSE)`,
        { code: 'EADDRINUSE', endpoint, socketType: local.type },
      )
    }
    const resolved = textOf(address)
    const binding: Binding = {
      key,
      endpoint: resolved,
      local,
      sink,
      ends: new Set(),
      closed: false,
    }
    this.bound.set(key, binding)
    sink.event({ type: 'bind', address: resolved } as SocketEvent)
    this.wake()
    return {
      endpoint: resolved,
      close: () => {
        binding.closed = true
        if (this.bound.get(key) === binding) this.bound.delete(key)
      },
    }
  }

  dial(endpoint: string, local: LocalSocket, sink: DialSink): Dial {
    const parsed = parseEndpoint(endpoint, local.type, 'connect', SCHEMES, 'virtual')
    const entry: Waiting = {
      keys: lookupKeys(parsed),
      endpoint,
      local,
      sink,
      cancelled: false,
      timer: undefined,
    }
    this.waiting.add(entry)
    this.wake()
    return {
      cancel: () => {
        entry.cancelled = true
        entry.timer?.unsubscribe()
        this.waiting.delete(entry)
      },
    }
  }

  /** Connects what waits for an endpoint that is bound now, after the connect delay. */
  private wake(): void {
    for (const entry of [...this.waiting]) {
      if (entry.timer !== undefined) continue
      const binding = this.find(entry.keys)
      if (binding === undefined) continue
      const attach = (): void => {
        entry.timer = undefined
        if (entry.cancelled) return
        const now = this.find(entry.keys)
        if (now === undefined) return // unbound meanwhile: wait for the next bind
        if (this.connect(now, entry)) this.waiting.delete(entry)
      }
      if (this.connectDelay === 0) attach()
      else entry.timer = this.scheduler.schedule(attach, this.connectDelay)
    }
  }

  /**
   * Makes the two ends of a connection and hands them over. Returns false when the binder
   * refused its end (a PAIR that has a peer, an incompatible type): the connection then waits
   * until one of the binder's connections closes, instead of retrying in a loop.
   */
  private connect(binding: Binding, entry: Waiting): boolean {
    const dialerEnd = new VirtualPipe(binding.endpoint, binding.local, entry.local)
    const binderEnd = new VirtualPipe(binding.endpoint, entry.local, binding.local)
    dialerEnd.peer = binderEnd
    binderEnd.peer = dialerEnd
    binding.sink.event({ type: 'accept', address: binding.endpoint } as SocketEvent)
    binding.sink.event({ type: 'handshake', address: binding.endpoint } as SocketEvent)
    binding.sink.pipe(binderEnd)
    if (binderEnd.closed) return false
    // When an accepted connection closes, connections the binder refused may be taken now.
    binding.ends.add(binderEnd)
    binderEnd.onClose = () => {
      binding.ends.delete(binderEnd)
      this.wake()
    }
    entry.sink.event({ type: 'connect', address: entry.endpoint } as SocketEvent)
    entry.sink.event({ type: 'handshake', address: entry.endpoint } as SocketEvent)
    entry.sink.pipe(dialerEnd)
    return true
  }

  private find(keys: readonly string[]): Binding | undefined {
    for (const key of keys) {
      const binding = this.bound.get(key)
      if (binding !== undefined && !binding.closed) return binding
    }
    return undefined
  }

  private portTaken(scheme: string, port: number): boolean {
    for (const binding of this.bound.values()) {
      if (binding.key.startsWith(`${scheme}://`) && binding.key.endsWith(`:${port}`)) return true
    }
    return false
  }

  /** A wildcard bind conflicts with any bind of the same port, and the other way round. */
  private conflicts(address: Endpoint): boolean {
    if (address.port === undefined) return false
    const wildcard = address.host === '*' || address.host === '0.0.0.0'
    for (const binding of this.bound.values()) {
      if (!binding.key.startsWith(`${address.scheme}://`)) continue
      if (!binding.key.endsWith(`:${address.port}`)) continue
      if (wildcard || binding.key.startsWith(`${address.scheme}://*:`)) return true
    }
    return false
  }
}

/** The host names that mean this machine's loopback. */
function canonicalHost(host: string): string {
  if (host === 'localhost' || host === '::1' || host === '127.0.0.1') return '127.0.0.1'
  if (host === '0.0.0.0') return '*'
  return host
}

function keyOf(address: Endpoint): string {
  if (address.port === undefined) return `${address.scheme}://${address.host}`
  return `${address.scheme}://${canonicalHost(address.host)}:${address.port}`
}

function textOf(address: Endpoint): string {
  if (address.port === undefined) return address.text
  const host = address.host === '*' ? '0.0.0.0' : address.host
  const path = address.scheme === 'ws' && address.path !== '/' ? address.path : ''
  return `${address.scheme}://${host}:${address.port}${path}`
}

/** The bindings a connect may reach: the exact host, then every interface of that port. */
function lookupKeys(address: Endpoint): string[] {
  if (address.port === undefined) return [keyOf(address)]
  return [keyOf(address), `${address.scheme}://*:${address.port}`]
}

function capacity(writer: LocalSocket, reader: LocalSocket): number {
  const send = Number(writer.options.sendHighWaterMark ?? 1000)
  const receive = Number(reader.options.receiveHighWaterMark ?? 1000)
  return send === 0 || receive === 0 ? Infinity : send + receive
}

/** One end of an in-memory connection: what this end reads, and the end it writes to. */
class VirtualPipe implements Pipe {
  peer!: VirtualPipe
  handler: PipeHandler | undefined
  closed = false
  onClose: (() => void) | undefined
  readonly peerType: SocketType
  readonly peerIdentity: Uint8Array | undefined
  private readonly inbox = new Deque<Frames>()
  /** How many messages this end's inbox holds: the writer's send HWM + this end's receive HWM. */
  private readonly capacity: number
  /** The peer found this end's inbox full and waits to hear it has room. */
  private peerBlocked = false

  constructor(
    readonly endpoint: string,
    writer: LocalSocket,
    reader: LocalSocket,
  ) {
    this.peerType = writer.type
    this.peerIdentity =
      writer.identity !== undefined && writer.identity.length > 0 ? writer.identity : undefined
    this.capacity = capacity(writer, reader)
  }

  get writable(): boolean {
    const peer = this.peer
    if (this.closed) return false
    if (peer.closed || peer.inbox.length < peer.capacity) return true
    peer.peerBlocked = true
    return false
  }

  write(message: readonly Uint8Array[]): boolean {
    if (this.closed) return true
    const peer = this.peer
    if (peer.closed) return true // a dead peer: the message is lost, as on the wire
    if (peer.inbox.length >= peer.capacity) {
      peer.peerBlocked = true
      return false
    }
    peer.inbox.push(message as Frames)
    peer.handler?.readable(peer)
    return true
  }

  read(): Frames | undefined {
    const message = this.inbox.shift()
    if (message !== undefined && this.peerBlocked && this.inbox.length < this.capacity) {
      this.peerBlocked = false
      if (!this.peer.closed) this.peer.handler?.writable(this.peer)
    }
    return message
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    this.onClose?.()
    this.handler?.closed(this)
    const peer = this.peer
    if (!peer.closed) {
      peer.closed = true
      peer.onClose?.()
      peer.handler?.closed(peer)
    }
  }
}
