import { describeValue } from '../../core/describeValue'
import { InvalidOptionError } from '../../errors/InvalidOptionError'
import { SocketClosedError } from '../../errors/SocketClosedError'
import { ZmqError } from '../../errors/ZmqError'
import type { SocketEvent } from '../../events'
import { asFrame, toBytes, utf8 } from '../../internal/bytes'
import { toZmqError } from '../../internal/toZmqError'
import { compatible, type SocketType } from '../SocketType'
import type {
  Bytes,
  OpenSpec,
  OutgoingFrame,
  SendDone,
  Transport,
  TransportHost,
  TransportSocket,
} from '../Transport'
import type { Behaviour, BehaviourHost, Frames } from './behaviours/Behaviour'
import { parseEndpoint } from './endpoint'
import type { Dial, DialSink, Listener, LocalSocket, Pipe, PipeNetwork } from './Pipe'

/** The options every pipe socket takes, with libzmq's defaults. */
const COMMON: Readonly<Record<string, unknown>> = {
  linger: 1000,
  sendHighWaterMark: 1000,
  receiveHighWaterMark: 1000,
  routingId: null,
  reconnectInterval: 100,
  reconnectMaxInterval: 0,
}

/** Hooks a pipe transport may give its sockets (the virtual network records what is sent). */
export interface PipeSocketHooks {
  /** Called with every message a socket sends, before the pattern routes it. */
  sent?(socket: PipeSocket, message: Frames): void
}

/** A reconnect timer that may or may not keep the process alive. */
interface Timer {
  unsubscribe(): void
  ref(): void
  unref(): void
}

function setRef(target: { ref?(): void; unref?(): void }, on: boolean): void {
  if (on) target.ref?.()
  else target.unref?.()
}

function noop(): void {}

/** The frames as bytes, in an array of their own (the behaviours and pipes may keep it). */
function copyFrames(frames: readonly OutgoingFrame[]): Frames {
  const message: Frames = new Array<Bytes>(frames.length)
  for (let i = 0; i < frames.length; i++) message[i] = toBytes(frames[i])
  return message
}

/**
 * The frames as bytes, for a network that encodes a message as it is written: the caller's
 * array itself when every frame is bytes already (nothing keeps it past `write()`).
 */
function asBytes(frames: readonly OutgoingFrame[]): Frames {
  for (let i = 0; i < frames.length; i++) {
    if (!(frames[i] instanceof Uint8Array)) return copyFrames(frames)
  }
  return frames as Frames
}

/** One connect(): its endpoint, the attempt or timer under way, and its pipe once made. */
interface Connection {
  readonly endpoint: string
  readonly routingId: Bytes | undefined
  dial: Dial | undefined
  timer: Timer | undefined
  pipe: Pipe | undefined
  interval: number
  stopped: boolean
}

/**
 * A transport over a {@link PipeNetwork}: each socket it opens is a {@link PipeSocket}.
 *
 * ## Example
 * ```ts
 * const zmtp = pipeTransport(zmtpNetwork)
 * const push = new PushSocket({ connect: 'tcp://127.0.0.1:5557', transport: zmtp })
 * ```
 */
export function pipeTransport(network: PipeNetwork, hooks: PipeSocketHooks = {}): Transport {
  return {
    name: network.name,
    open: (spec) => new PipeSocket(network, spec, hooks),
  }
}

/**
 * The one {@link TransportSocket} of every pipe transport: binds and connects through its
 * network, reconnects after `reconnectInterval` (doubling up to `reconnectMaxInterval` when
 * set), reports connection events, and hands each pipe to its socket type's behaviour
 * (`behaviours/<type>.ts`), which does the pattern semantics.
 */
export class PipeSocket implements TransportSocket, BehaviourHost {
  readonly name: string
  readonly type: SocketType
  readonly options: Record<string, unknown>
  private readonly host: TransportHost
  private readonly behaviour: Behaviour
  private readonly pipes = new Set<Pipe>()
  private readonly listeners = new Map<string, Listener>()
  private readonly connections = new Map<string, Connection>()
  private resumed = false
  /** A message the behaviour could not take at once: the core waits for its `done`. */
  private sendWaiting = false
  /** Whether the socket's pipes, listeners and dials keep the process alive now. */
  private referenced = false
  private draining = false
  private monitoring = false
  private closed = false

  constructor(
    private readonly network: PipeNetwork,
    spec: OpenSpec,
    private readonly hooks: PipeSocketHooks = {},
  ) {
    this.name = spec.name
    this.type = spec.type
    this.host = spec.host
    const Kind = spec.behaviour
    if (Kind === undefined) {
      throw new InvalidOptionError(
        `${spec.name}: the ${network.name} transport has no ${spec.type} socket (use the native transport)`,
        { code: 'EPROTONOSUPPORT', socketType: spec.name, option: 'transport' },
      )
    }
    // the options of every socket, of its type (its behaviour's), and the network's defaults
    this.options = { ...COMMON, ...Kind.options, ...network.defaults }
    for (const [name, value] of Object.entries(spec.options)) {
      if (value !== undefined) this.setOption(name, value)
    }
    this.behaviour = new Kind(this)
  }

  // ---------------------------------------------------------------- options

  getOption(name: string): unknown {
    this.checkName(name)
    return this.options[name]
  }

  /**
   * Sets an option the socket has, to a value of its default's type: a number an integer >= -1,
   * a boolean a boolean, a `routingId` a string or bytes. (An option whose values are a choice
   * is checked by its behaviour: XPUB's `verbosity`.)
   */
  setOption(name: string, value: unknown): void {
    this.checkName(name)
    const expected = typeof this.options[name]
    const ok =
      name === 'routingId'
        ? value === null || typeof value === 'string' || value instanceof Uint8Array
        : expected === 'number'
          ? typeof value === 'number' && Number.isInteger(value) && value >= -1
          : expected !== 'boolean' || typeof value === 'boolean'
    if (!ok) {
      throw new InvalidOptionError(
        `${this.name}: option '${name}' refused value ${describeValue(value)}`,
        { option: name, socketType: this.name },
      )
    }
    this.options[name] = value
  }

  /** Refuses an option this socket does not have on this network. */
  private checkName(name: string): void {
    if (!Object.hasOwn(this.options, name) && !this.network.options?.includes(name)) {
      throw new InvalidOptionError(
        `${this.name}: option '${name}' is not supported by the ${this.network.name} transport`,
        { option: name, socketType: this.name },
      )
    }
  }

  /** What the network needs to know of this socket for a handshake. */
  private local(): LocalSocket {
    const id = this.options.routingId
    return {
      type: this.type,
      identity: typeof id === 'string' ? utf8(id) : id instanceof Uint8Array ? id : undefined,
      options: this.options,
    }
  }

  // ---------------------------------------------------------------- endpoints

  bind(endpoint: string): string | Promise<string> {
    this.requireOpen('bind')
    parseEndpoint(endpoint, this.name, 'bind', this.network.schemes, this.network.name)
    const listening = this.network.listen(endpoint, this.local(), {
      pipe: (pipe) => this.attach(pipe, undefined),
      event: (event) => this.emit(event),
    })
    const bound = (listener: Listener): string => {
      if (this.closed) {
        listener.close()
        throw new SocketClosedError(this.name, 'bind')
      }
      this.listeners.set(listener.endpoint, listener)
      if (!this.referenced) setRef(listener, false)
      return listener.endpoint
    }
    return listening instanceof Promise ? listening.then(bound) : bound(listening)
  }

  async unbind(endpoint: string): Promise<void> {
    this.requireOpen('unbind')
    const listener = this.listeners.get(endpoint)
    if (listener === undefined) {
      throw new ZmqError(`${this.name}: unbind '${endpoint}' failed: not bound (ENOENT)`, {
        code: 'ENOENT',
        endpoint,
        socketType: this.name,
      })
    }
    this.listeners.delete(endpoint)
    listener.close()
    for (const pipe of [...this.pipes]) if (pipe.endpoint === listener.endpoint) pipe.close(0)
  }

  connect(endpoint: string, options?: Readonly<Record<string, unknown>>): void {
    this.requireOpen('connect')
    parseEndpoint(endpoint, this.name, 'connect', this.network.schemes, this.network.name)
    const id = options?.routingId
    const connection: Connection = {
      endpoint,
      routingId: typeof id === 'string' ? utf8(id) : id instanceof Uint8Array ? id : undefined,
      dial: undefined,
      timer: undefined,
      pipe: undefined,
      interval: this.options.reconnectInterval as number,
      stopped: false,
    }
    this.connections.get(endpoint)?.timer?.unsubscribe()
    this.connections.set(endpoint, connection)
    this.dial(connection, true)
  }

  disconnect(endpoint: string): void {
    this.requireOpen('disconnect')
    const connection = this.connections.get(endpoint)
    if (connection === undefined) {
      throw new ZmqError(`${this.name}: disconnect '${endpoint}' failed: not connected (ENOENT)`, {
        code: 'ENOENT',
        endpoint,
        socketType: this.name,
      })
    }
    this.connections.delete(endpoint)
    this.stop(connection)
  }

  private stop(connection: Connection): void {
    connection.stopped = true
    connection.timer?.unsubscribe()
    connection.dial?.cancel()
    connection.pipe?.close(0)
  }

  /**
   * One connection attempt. A network that throws at once refuses the endpoint or the options
   * (a programming error): the first attempt throws it to `connect()`'s caller, a later one
   * fails the socket with it.
   */
  private dial(connection: Connection, first = false): void {
    connection.timer = undefined
    if (connection.stopped || this.closed) return
    const sink: DialSink = {
      pipe: (pipe) => {
        connection.dial = undefined
        if (connection.stopped || this.closed) {
          pipe.close(0)
          return
        }
        connection.pipe = pipe
        connection.interval = this.options.reconnectInterval as number
        this.attach(pipe, connection)
      },
      event: (event) => this.emit(event),
      failed: (error) => {
        connection.dial = undefined
        this.redial(connection, error)
      },
    }
    try {
      connection.dial = this.network.dial(connection.endpoint, this.local(), sink)
      if (!this.referenced) setRef(connection.dial, false)
    } catch (error) {
      if (first) throw error
      this.close(0)
      this.host.failed(toZmqError(error, this.name, 'connect', connection.endpoint))
    }
  }

  /**
   * Tries again after the reconnect interval (doubled each time up to the maximum, if set),
   * saying why on `connect:retry` when the network said (`error`).
   */
  private redial(connection: Connection, error?: ZmqError): void {
    if (connection.stopped || this.closed) return
    const interval = connection.interval
    if (interval < 0) return // reconnectInterval -1: no reconnection, as libzmq
    const jitter = this.network.reconnectJitter ?? 0
    const delay =
      jitter > 0 ? Math.round(interval * (1 + jitter * (Math.random() * 2 - 1))) : interval
    this.emit({
      type: 'connect:retry',
      address: connection.endpoint,
      interval: delay,
      ...(error === undefined ? {} : { error }),
    } as SocketEvent)
    const max = this.options.reconnectMaxInterval as number
    if (max > 0) connection.interval = Math.min(interval * 2, max)
    connection.timer = this.timer(() => this.dial(connection), delay)
  }

  // ---------------------------------------------------------------- pipes

  private attach(pipe: Pipe, connection: Connection | undefined): void {
    if (this.closed) {
      pipe.close(0)
      return
    }
    if (!compatible(this.type, pipe.peerType)) {
      this.emit({
        type: 'handshake:error:protocol',
        address: pipe.endpoint,
        error: new ZmqError(
          `${this.name}: a ${pipe.peerType} peer at ${pipe.endpoint} cannot talk to a ${this.type} socket`,
          { code: 'ERR_ZMTP_INVALID_SOCKET_TYPE', endpoint: pipe.endpoint, socketType: this.name },
        ),
      } as SocketEvent)
      pipe.close(0)
      return
    }
    pipe.handler = {
      readable: () => this.pipeReadable(pipe),
      writable: () => this.behaviour.pipeWritable(pipe),
      closed: () => this.pipeClosed(pipe, connection),
    }
    if (!this.behaviour.attach(pipe, { routingId: connection?.routingId })) {
      pipe.handler = undefined
      pipe.close(0)
      return
    }
    this.pipes.add(pipe)
    if (!this.referenced) setRef(pipe, false)
    this.pipeReadable(pipe)
  }

  private pipeReadable(pipe: Pipe): void {
    this.behaviour.pipeReadable(pipe)
    this.drain()
  }

  private pipeClosed(pipe: Pipe, connection: Connection | undefined): void {
    if (!this.pipes.delete(pipe)) return
    this.behaviour.detach(pipe)
    if (this.closed) return
    this.emit({ type: 'disconnect', address: pipe.endpoint } as SocketEvent)
    this.drain()
    if (connection !== undefined && connection.pipe === pipe) {
      connection.pipe = undefined
      this.redial(connection)
    }
  }

  // ---------------------------------------------------------------- messages

  send(
    frames: readonly OutgoingFrame[],
    options: Readonly<Record<string, unknown>> | undefined,
    done: SendDone,
  ): boolean {
    this.requireOpen('send')
    const message = this.network.copiesOnWrite === true ? asBytes(frames) : copyFrames(frames)
    this.hooks.sent?.(this, message)
    // The core sends one message at a time: its `done` waits here, not in a closure per message.
    this.sendDone = done
    const taken = this.behaviour.send(message, options, this.waitedSend)
    if (!taken) {
      this.sendWaiting = true
      this.holdProcess()
    }
    return taken
  }

  /** The core's `done` for the message the behaviour has not taken yet. */
  private sendDone: SendDone | undefined

  private readonly waitedSend: SendDone = (error) => {
    const done = this.sendDone
    this.sendDone = undefined
    this.sendWaiting = false
    this.holdProcess()
    done?.(error)
  }

  resume(): void {
    this.resumed = true
    this.holdProcess()
    this.drain()
  }

  pause(): void {
    this.resumed = false
    this.holdProcess()
  }

  /**
   * Lets the socket's connections keep the process alive while it has something to do: a
   * subscriber waiting for messages, a message waiting for a peer, or somebody listening to its
   * events (waiting for a handshake, say). An idle socket (bound or connected, but nobody
   * listening and nothing to send) never keeps Node running, as with the native transport.
   */
  private holdProcess(): void {
    const wanted = this.resumed || this.sendWaiting || this.monitoring
    if (wanted === this.referenced || this.closed) return
    this.referenced = wanted
    for (const pipe of this.pipes) setRef(pipe, wanted)
    for (const listener of this.listeners.values()) setRef(listener, wanted)
    for (const connection of this.connections.values()) {
      if (connection.dial !== undefined) setRef(connection.dial, wanted)
      connection.timer?.[wanted ? 'ref' : 'unref']()
    }
  }

  /** BehaviourHost: messages may be readable again. */
  readable(): void {
    this.drain()
  }

  /** Hands messages up while delivery is on; a delivery may pause it, or send. */
  private drain(): void {
    if (this.draining || !this.resumed || this.closed) return
    this.draining = true
    try {
      const behaviour = this.behaviour
      const host = this.host
      while (this.resumed && !this.closed) {
        const message = behaviour.read()
        if (message === undefined) break
        for (let i = 0; i < message.length; i++) message[i] = asFrame(message[i])
        host.received(message)
      }
    } finally {
      this.draining = false
    }
  }

  subscribe(topic: Uint8Array): void {
    this.requireOpen('subscribe')
    this.behaviour.subscribe(topic)
  }

  unsubscribe(topic: Uint8Array): void {
    if (this.closed) return
    this.behaviour.unsubscribe(topic)
  }

  // ---------------------------------------------------------------- events and lifecycle

  monitor(): void {
    this.monitoring = true
    this.holdProcess()
  }

  /** Nobody listens to the events any more: they are dropped, and hold the process no longer. */
  unmonitor(): void {
    this.monitoring = false
    this.holdProcess()
  }

  /** BehaviourHost and sinks: a connection event, reported while monitored. */
  event(event: SocketEvent): void {
    this.emit(event)
  }

  private emit(event: SocketEvent): void {
    if (this.monitoring && !this.closed) this.host.event(event)
  }

  close(linger: number): void {
    if (this.closed) return
    this.closed = true
    for (const connection of this.connections.values()) {
      connection.stopped = true
      connection.timer?.unsubscribe()
      connection.dial?.cancel()
    }
    this.connections.clear()
    for (const listener of this.listeners.values()) listener.close()
    this.listeners.clear()
    this.behaviour.close()
    for (const pipe of this.pipes) {
      pipe.handler = undefined
      pipe.close(linger)
    }
    this.pipes.clear()
  }

  /**
   * A reconnect timer: on the network's scheduler when it has one (the virtual network's, which
   * a marble test drives), else a Node/browser timer that keeps the process alive only while
   * the socket has something to do.
   */
  private timer(task: () => void, delay: number): Timer {
    if (this.network.scheduler !== undefined) {
      const action = this.network.scheduler.schedule(task, delay)
      return { unsubscribe: () => action.unsubscribe(), ref: noop, unref: noop }
    }
    const handle = setTimeout(task, delay) as unknown as {
      ref?(): void
      unref?(): void
    }
    if (!this.referenced) handle.unref?.()
    return {
      unsubscribe: () => clearTimeout(handle as unknown as ReturnType<typeof setTimeout>),
      ref: () => handle.ref?.(),
      unref: () => handle.unref?.(),
    }
  }

  private requireOpen(operation: string): void {
    if (this.closed) throw new SocketClosedError(this.name, operation)
  }
}
