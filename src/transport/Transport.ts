import type { SchedulerLike } from 'rxjs'
import type { SocketEvent } from '../events'
import type { ZmqError } from '../errors/ZmqError'
import type { BehaviourClass } from './pipes/behaviours/Behaviour'
import type { SocketType } from './SocketType'

/**
 * One frame as a transport hands it up. Node transports hand out `Buffer`s (a `Uint8Array`
 * subclass); the browser transport plain `Uint8Array`s.
 */
export type Bytes = Uint8Array

/**
 * What a transport is given to send: the frames of one message, each a string (sent as UTF-8)
 * or bytes. The socket core has checked them (see `toFrames`); a transport may rely on it.
 */
export type OutgoingFrame = string | Uint8Array | ArrayBuffer

/**
 * A transport: what makes the sockets under rxzmq's socket classes. The classes (`PushSocket`,
 * `SubscriberSocket`...) hold one core each (lifecycle, receive fan-out, bounded send queue,
 * events, typed errors) and the core stands on one {@link TransportSocket} made here.
 *
 * - `native` (zeromq.js over libzmq): libzmq does the pattern semantics.
 * - pipe transports (`VirtualNetwork`, ZWS over WebSocket, ZMTP over `net`): no libzmq; the
 *   pattern semantics come from rxzmq's own engines over the transport's pipes.
 */
export interface Transport {
  /** For messages and events: `'native'`, `'virtual'`, `'ws'`, `'zmtp'`. */
  readonly name: string
  /**
   * The clock the socket core uses for its own timers (the `complete()` drain deadline, request
   * timeouts) over this transport. Default `asyncScheduler`; the virtual network's scheduler, so
   * that those timers run in virtual time under a marble test.
   */
  readonly scheduler?: SchedulerLike
  /**
   * Makes one socket. Throws an `InvalidOptionError` for an option it does not know or a value
   * it refuses, and a `ZmqError` (`EPROTONOSUPPORT`) for a socket type it does not have: both
   * are programming errors and surface from the socket class's constructor.
   */
  open(spec: OpenSpec): TransportSocket
}

/** What a socket class asks of a transport. */
export interface OpenSpec {
  readonly type: SocketType
  /** The class name, for messages: `'PushSocket'`. */
  readonly name: string
  /**
   * The transport's options, by zeromq.js's names (`sendHighWaterMark`, `routingId`,
   * `reconnectInterval`, `linger`...). rxzmq's own options (`bind`, `connect`, `sendQueue`,
   * `transport`...) have been taken out. A secret option (`curveSecretKey`, `plainPassword`)
   * may be a `Secret`, as `curveServer()` and `plainClient()` give it: a transport that takes
   * it uses its value where it must, and nowhere else.
   */
  readonly options: Readonly<Record<string, unknown>>
  /**
   * The names of the options the socket class took out (`bind`, `connect`, `sendQueue`,
   * `topics`...): when the transport refuses a name it does not know, it suggests the nearest
   * of its own names and these (a user mistypes `conect` as easily as `sendHighWatermark`).
   */
  readonly ownOptions?: readonly string[]
  /** Where the transport socket reports what happens to it. */
  readonly host: TransportHost
  /**
   * The pattern semantics of this socket type for transports without libzmq (the pipe
   * transports), named by the socket class so that an app bundles only the behaviours of the
   * socket types it uses. Undefined for types the pipe transports do not have.
   */
  readonly behaviour?: BehaviourClass
}

/** What draft sockets receive beside the frame. */
export interface ReceiveMeta {
  readonly routingId?: number
  readonly group?: string
}

/** How a transport tells the core that a message it could not take at once was taken (or not). */
export type SendDone = (error?: ZmqError) => void

/** What the socket core gives its transport socket: where received messages and events go. */
export interface TransportHost {
  /**
   * One received message. Called only between `resume()` and `pause()`. `meta`: what a draft
   * socket receives beside its one frame (a SERVER's `routingId`, a DISH's `group`).
   */
  received(message: Bytes[], meta?: ReceiveMeta): void
  /** A connection event (`connect`, `accept`, `disconnect`, `handshake:error:*`...). */
  event(event: SocketEvent): void
  /** The transport socket failed for good (it is closed): the socket errors with this. */
  failed(error: ZmqError): void
}

/**
 * One socket of a transport, as the socket core drives it. Every method may throw a `ZmqError`
 * (typed, naming the endpoint or option); none leaves a promise rejection unhandled.
 */
export interface TransportSocket {
  /**
   * Binds an endpoint. Returns (or resolves with) the endpoint as bound: `tcp://127.0.0.1:*`
   * comes back with the port chosen. Refuses with `EADDRINUSE`, `EINVAL`, `EPROTONOSUPPORT`.
   */
  bind(endpoint: string): string | Promise<string>
  /** Stops listening on an endpoint bound before. */
  unbind(endpoint: string): Promise<void>
  /** Connects (and keeps reconnecting) to an endpoint. `options`: e.g. a ROUTER's `routingId`. */
  connect(endpoint: string, options?: Readonly<Record<string, unknown>>): void
  /** Stops connecting to an endpoint; its connection closes. */
  disconnect(endpoint: string): void
  /**
   * Sends one message. Returns true when the transport took it at once. Otherwise returns false
   * and later calls `done` once: with no argument when the message was taken (a PUSH with no
   * ready peer waits, as `zmq_send` blocks), or with a `ZmqError` when it cannot be
   * (`EHOSTUNREACH`, `EAGAIN` after a send timeout...). `done` may be called synchronously from
   * another call (a peer reading makes room), never from within this one. The core never calls
   * `send` again before `done`. Throws a `ZmqError` for what the pattern refuses at once
   * (`EFSM`). `options`: a draft socket's `routingId` / `group`.
   */
  send(
    frames: readonly OutgoingFrame[],
    options: Readonly<Record<string, unknown>> | undefined,
    done: SendDone,
  ): boolean
  /**
   * Optional, for a transport whose sends complete by promise anyway (the native one): the
   * same send, its outcome as that promise (resolved once the message was taken, rejected with
   * the transport's error) instead of `done`, so that the core can hand it on to a `send()`
   * caller without making a promise of its own. The same rules as `send` otherwise.
   */
  sendPromise?(
    frames: readonly OutgoingFrame[],
    options: Readonly<Record<string, unknown>> | undefined,
  ): Promise<void>
  /**
   * Optional, beside `sendPromise`, for a transport that can be handed several messages in one
   * turn (the native one: zeromq.js completes a send before it returns while the socket is
   * writable, up to 512 in a row): the same send, but it may be called while earlier sends'
   * promises are still unsettled. Returns this message's promise, or `undefined` when it sent
   * nothing: an earlier send is still pending (offer this message again once that one's promise
   * has settled), or the transport has no such path now (a ROUTER's `mandatory`, an unbind in
   * progress; then `sendPromise`, one message at a time). The promises settle in the order the
   * messages were handed over; the caller handles every one of them. Throws what the transport
   * refuses at once, as `send` does.
   */
  sendNow?(
    frames: readonly OutgoingFrame[],
    options: Readonly<Record<string, unknown>> | undefined,
  ): Promise<void> | undefined
  /** Starts (or resumes) handing received messages to `host.received`. */
  resume(): void
  /**
   * Stops handing messages up. What arrives meanwhile waits in the transport, up to the
   * receive high-water mark, beyond which the peer is pushed back on (or, for PUB, drops).
   * A message already taken from below when `pause()` came is kept and handed up first on the
   * next `resume()`.
   */
  pause(): void
  /** Starts reporting connection events to `host.event` (the native monitor costs a little). */
  monitor(): void
  /**
   * Stops reporting connection events: called when the last `events$` listener leaves, so that
   * a monitor nobody reads does not keep the process alive. `monitor()` may start it again.
   * Optional: a transport whose monitor holds nothing may omit it.
   */
  unmonitor?(): void
  /** SUB/XSUB: subscribes a topic (a byte prefix of the first frame). DISH: joins a group. */
  subscribe(topic: Uint8Array): void
  /** SUB/XSUB: cancels one subscription to a topic. DISH: leaves a group. */
  unsubscribe(topic: Uint8Array): void
  /**
   * Reads an option by its zeromq.js name; a secret option comes back as a `Secret`. Throws
   * `InvalidOptionError` for an unknown name.
   */
  getOption(name: string): unknown
  /** Sets an option by its zeromq.js name. Throws `InvalidOptionError`. */
  setOption(name: string, value: unknown): void
  /**
   * Closes the socket. `linger` ms: how long messages already taken may still go to peers
   * (0 drops them, -1 waits without limit). After `close`, nothing is reported to the host.
   * A transport that keeps delivering after the close (libzmq) returns a promise that settles
   * once it is done with what it held, and keeps the process alive until then: `true` when all
   * of it went out, `false` when the linger ran out first and the rest was dropped.
   */
  close(linger: number): Promise<boolean> | void
  /**
   * True while the transport has work that should keep the process alive on its own (a message
   * still leaving, a connection in progress that the user asked for): used for the rule that an
   * idle socket never keeps Node running. Optional: omitted means the transport never holds it.
   */
  readonly busy?: boolean
}
