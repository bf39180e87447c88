import type { SchedulerLike } from 'rxjs'
import type { SocketEvent } from '../../events'
import type { ZmqError } from '../../errors/ZmqError'
import type { Bytes } from '../Transport'
import type { SocketType } from '../SocketType'

/**
 * One live connection to one peer, after its handshake: what a pipe socket's pattern
 * behaviour works over (a PUSH writes its pipes in turn, a PULL reads them fair-queued, a PUB
 * writes those whose subscriptions match). Pipe transports make pipes: the virtual network
 * (in memory), ZWS (WebSocket) and ZMTP (TCP and IPC through Node's `net`).
 *
 * Messages are arrays of frames. Subscriptions travel as messages, as XPUB/XSUB see them: a
 * single frame `[0x01, ...topic]` subscribes, `[0x00, ...topic]` cancels. A ZMTP 3.1 pipe turns
 * them into SUBSCRIBE/CANCEL commands on the wire and back.
 */
export interface Pipe {
  /** The endpoint the connection belongs to, as bound or connected (`tcp://127.0.0.1:5555`). */
  readonly endpoint: string
  /** The peer's socket type, from its handshake. */
  readonly peerType: SocketType
  /** The peer's `Identity` property (its ZMQ_ROUTING_ID), when it sent a non-empty one. */
  readonly peerIdentity: Bytes | undefined
  /**
   * Queues one message for the peer. Returns false, taking nothing, while the pipe is at its
   * send high-water mark; then `handler.writable(pipe)` is called once there is room again.
   * Frames are not copied: the caller does not change them afterwards.
   */
  write(message: readonly Bytes[]): boolean
  /**
   * True while `write()` would take a message. Reading it false counts as a refused write:
   * `handler.writable(pipe)` is called once there is room again (a round-robin asks each pipe
   * whether it is writable before it writes).
   */
  readonly writable: boolean
  /**
   * Takes the next message the peer sent, or `undefined` when none is waiting. Messages that
   * arrive while nobody reads wait up to the receive high-water mark; beyond it the pipe stops
   * taking from its peer (TCP pushes back), so memory stays bounded.
   */
  read(): Bytes[] | undefined
  /**
   * Ends the connection. `linger` ms: how long messages already written may still leave (0:
   * dropped at once). `handler.closed` is called once the pipe is gone.
   */
  close(linger?: number): void
  /** Set once by the pipe's owner, before anything can be read or written. */
  handler: PipeHandler | undefined
  /**
   * Let the connection keep the process alive (the default) or not. A pipe socket with nothing
   * to do (no subscriber, no message waiting to go) unrefs its pipes, listeners and attempts, so
   * that an idle socket never keeps Node running. Optional: where nothing holds a process.
   */
  ref?(): void
  unref?(): void
}

/** What a pipe tells its owner. Calls may come in any order; they never come after `closed`. */
export interface PipeHandler {
  /** Messages arrived: `read()` returns them (the owner reads until `undefined`). */
  readable(pipe: Pipe): void
  /** `write()` takes messages again after it returned false. */
  writable(pipe: Pipe): void
  /**
   * The connection ended: the peer closed it, the network failed, a heartbeat timed out, the
   * peer sent something malformed (`error` says what), or `close()` was called. Messages
   * already received stay readable.
   */
  closed(pipe: Pipe, error?: ZmqError): void
}

/** What the local socket tells a pipe transport, for the handshake and the pipes' limits. */
export interface LocalSocket {
  readonly type: SocketType
  /** The socket's own routing id (ZMQ_ROUTING_ID), sent as the `Identity` property. */
  readonly identity: Bytes | undefined
  /**
   * The socket's options by zeromq.js's names, as the transport needs them:
   * `sendHighWaterMark`, `receiveHighWaterMark` (0 means no limit), `maxMessageSize`,
   * `heartbeatInterval`, `heartbeatTimeout`, `heartbeatTimeToLive`, `handshakeInterval`,
   * `plainServer`, `plainUsername`, `plainPassword`, `zapDomain`...
   */
  readonly options: Readonly<Record<string, unknown>>
}

/** Where a pipe transport hands its results. */
export interface PipeSink {
  /** A connection finished its handshake. */
  pipe(pipe: Pipe): void
  /**
   * A connection event, under zeromq.js's names: `accept`, `connect`, `handshake`,
   * `handshake:error:protocol`, `handshake:error:auth`, `handshake:error:other`, `disconnect`,
   * `close`... (`connect:retry`, `connect:delay` come from the pipe socket, which reconnects).
   */
  event(event: SocketEvent): void
}

/** A bound endpoint, accepting connections. */
export interface Listener {
  /** The endpoint as bound: a `*` or `0` port replaced by the real one. */
  readonly endpoint: string
  /** Stops accepting. Connections already made stay. */
  close(): void
  /** See `Pipe.ref`. */
  ref?(): void
  unref?(): void
}

/** One connection attempt. */
export interface Dial {
  /** Gives the attempt up (no `pipe` and no `failed` after). */
  cancel(): void
  /** See `Pipe.ref`. */
  ref?(): void
  unref?(): void
}

/** The outcome of one {@link Dial}, besides the pipe it gives to the sink. */
export interface DialSink extends PipeSink {
  /**
   * The attempt failed before its handshake finished (refused, unreachable, the peer is not
   * ZMTP, a handshake error): the pipe socket will try again after `reconnectInterval`.
   * `error` is the typed cause.
   */
  failed(error: ZmqError): void
}

/**
 * The network side of a pipe transport: bind and connect at the level of single connections.
 * Reconnecting, fair queuing, distribution, subscriptions and the REQ/REP turns are the pipe
 * socket's, the same over every pipe transport.
 */
export interface PipeNetwork {
  /** For messages and events: `'virtual'`, `'ws'`, `'zmtp'`. */
  readonly name: string
  /** The transports (`tcp`, `ipc`, `ws`, `inproc`...) this network serves. */
  readonly schemes: readonly string[]
  /**
   * The options (zeromq.js names) this network implements besides the ones every pipe socket
   * has (`linger`, `sendHighWaterMark`, `receiveHighWaterMark`, `routingId`,
   * `reconnectInterval`, `reconnectMaxInterval`, and per type `mandatory`, `handover`,
   * `relaxed`, `verbosity`): e.g. `heartbeatInterval`, `plainUsername`. Others are refused.
   */
  readonly options?: readonly string[]
  /** Defaults for options, where this network's differ from libzmq's. */
  readonly defaults?: Readonly<Record<string, unknown>>
  /**
   * How much reconnect intervals vary at random, as a fraction (0.2: ±20 %), so that many
   * clients of one server do not reconnect in step. Default 0 (libzmq has none).
   */
  readonly reconnectJitter?: number
  /**
   * True when `Pipe.write()` encodes a message at once and keeps neither the array nor (below
   * the network's copy limit) the frames: a pipe socket then hands the behaviours the sender's
   * array as it is, instead of a copy per message. Default false (the virtual network hands the
   * array itself to the peer).
   */
  readonly copiesOnWrite?: boolean
  /** Where reconnect timers run. Default `asyncScheduler`; the virtual network's own scheduler. */
  readonly scheduler?: SchedulerLike
  /**
   * Binds an endpoint; each connection accepted there that completes its handshake goes to
   * `sink.pipe`. Throws (or rejects) `EADDRINUSE`, `EINVAL`, `EPROTONOSUPPORT`.
   */
  listen(endpoint: string, local: LocalSocket, sink: PipeSink): Listener | Promise<Listener>
  /** Makes one connection attempt to an endpoint. */
  dial(endpoint: string, local: LocalSocket, sink: DialSink): Dial
}

/** A connection event as sinks report it. */
export type PipeEvent = SocketEvent
