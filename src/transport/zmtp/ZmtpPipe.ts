import type { Socket } from 'node:net'
import { AuthenticationError } from '../../errors/AuthenticationError'
import { ConnectionError } from '../../errors/ConnectionError'
import { PeerTimeoutError } from '../../errors/PeerTimeoutError'
import { ProtocolError } from '../../errors/ProtocolError'
import { ZmqError } from '../../errors/ZmqError'
import type { SocketEvent } from '../../events'
import type { Bytes } from '../Transport'
import type { SocketType } from '../SocketType'
import type { LocalSocket, Pipe, PipeHandler } from '../pipes/Pipe'
import {
  BATCH_SIZE,
  checkGreetingStart,
  encodeGreeting,
  FrameReader,
  FrameWriter,
  GREETING_SIZE,
  parseCommand,
  parseGreeting,
  printable,
  type FrameSink,
} from './codec'
import { createHandshake, type Handshake, type HandshakeHost, type PeerInfo } from './handshake'
import type { ZmtpConfig } from './options'

/** Where a connection reports, before and after its handshake (the network's listener or dial). */
export interface ZmtpPipeOwner {
  /** A connection event (`handshake`, `handshake:error:*`, `disconnect`). */
  event(event: SocketEvent): void
  /** The handshake is done: the pipe is ready to be used. */
  ready(pipe: ZmtpPipe): void
  /** The handshake failed (its events were reported first); the connection is closed. */
  failed(error: ZmqError): void
}

/** How a {@link ZmtpPipe} is made. */
export interface ZmtpPipeSpec {
  /** The endpoint the connection belongs to (as bound or dialed). */
  readonly endpoint: string
  /** The local socket: type, identity, options. */
  readonly local: LocalSocket
  /** Its options, checked. */
  readonly config: ZmtpConfig
  /** True for the side that dialed (the NULL/PLAIN client unless `plainServer`). */
  readonly client: boolean
  /** Where the connection reports. */
  readonly owner: ZmtpPipeOwner
}

/** The largest command taken before the handshake is done (greeting-time memory bound). */
const HANDSHAKE_COMMAND_LIMIT = 64 * 1024

/** How long a connection refused with an ERROR command is kept for the ERROR to leave. */
const ERROR_LINGER = 1000

/** How many messages `onData` parses before it hands them up and goes on with the chunk. */
const PARSE_STEP = 128

const GREETING = 0
const HANDSHAKE = 1
const READY = 2
const CLOSING = 3
const CLOSED = 4

/**
 * Schedules a flush of what `write()` encoded, once per turn of the event loop. (A microtask
 * was as fast for a producer writing many messages in one synchronous loop, bench/zmtp-pipe.ts,
 * but an `await send()` loop resumes after each message in a microtask of its own, behind the
 * flush: one `socket.write()` per message, 5x slower at the socket level.)
 */
const scheduleFlush: (task: () => void) => void = (task) => setImmediate(task)

/**
 * One ZMTP 3.1 connection over a `net.Socket` (TCP or a Unix domain socket), and the
 * {@link Pipe} it becomes after its handshake.
 *
 * - Handshake: our greeting goes out at once; the peer's is checked octet by octet (ZMTP 3.0
 *   and 3.1 peers are taken, older ones refused with a {@link ProtocolError}); then NULL or
 *   PLAIN, then the peer's `Socket-Type` must be `compatible()` with ours (SocketType.ts).
 * - Read path: frames are parsed in place, each a `subarray` of the chunk it came in; a chunk
 *   yields many messages and one `handler.readable` call. When `receiveHighWaterMark`
 *   messages wait unread, parsing stops mid-chunk and the socket is paused (TCP pushes back
 *   on the peer); reading resumes once `read()` makes room.
 * - Write path: messages are encoded into 64 KiB batch buffers (large frames go as they are)
 *   and flushed once per turn or when a batch is full; `socket.write()` returning false is
 *   waited out (`'drain'`). `write()` refuses messages while `sendHighWaterMark` of them have
 *   not been handed to the kernel yet.
 * - Subscriptions: to and from ZMTP 3.1 peers, `[0x01|0x00, ...topic]` messages written by a
 *   SUB/XSUB pipe leave as SUBSCRIBE/CANCEL commands, and such commands arriving at a
 *   PUB/XPUB pipe are read as those messages; ZMTP 3.0 peers get and send the messages.
 * - Heartbeats: PING every `heartbeatInterval` to ZMTP 3.1 peers, PONG to every PING; a
 *   peer silent for `heartbeatTimeout` after a PING, or for the TTL of its own PING, is
 *   dropped with a {@link PeerTimeoutError}.
 */
export class ZmtpPipe implements Pipe {
  /** The endpoint the connection belongs to, as bound or dialed. */
  readonly endpoint: string
  private readonly socket: Socket
  private readonly local: LocalSocket
  private readonly config: ZmtpConfig
  private readonly client: boolean
  private readonly owner: ZmtpPipeOwner

  private phase: number = GREETING
  private greeting: Buffer | undefined = Buffer.alloc(GREETING_SIZE)
  private greetingLength = 0
  private peerMinor = 1
  private handshake: Handshake | undefined
  private peer: PeerInfo | undefined
  private readonly reader: FrameReader
  private readonly writer = new FrameWriter()

  // Read side: messages waiting for read(), in a ring.
  private queue: (Bytes[] | undefined)[] = new Array<Bytes[] | undefined>(64)
  private queueHead = 0
  private queueLength = 0
  private readonly receiveLimit: number
  /** Input taken from the socket but not parsed yet (parsing stopped); the first from `heldAt`. */
  private held: Buffer[] = []
  private heldAt = 0
  private waitingForDecision = false
  private resumeScheduled = false
  private fresh = false
  private received = 0
  /** Parsing stops (to hand up what it has) once this many messages wait: see `onData`. */
  private parseUntil = Infinity

  // Write side.
  private readonly sendLimit: number
  /** Messages written and not yet handed to the kernel. */
  private unsent = 0
  /** Messages encoded since the last flush. */
  private batched = 0
  private flushScheduled = false
  private draining = false
  private wantWritable = false
  private subscriptionCommands = false
  private subscriptionsIn = false

  // Reporting.
  private announce = false
  private parsing = false
  private ending: Ending | undefined
  private closeError: ZmqError | undefined
  private socketClosed = false
  private reported = false
  private _handler: PipeHandler | undefined

  // Timers.
  private handshakeTimer: NodeJS.Timeout | undefined
  private heartbeatTimer: NodeJS.Timeout | undefined
  private pingTimer: NodeJS.Timeout | undefined
  private ttlTimer: NodeJS.Timeout | undefined
  private lingerTimer: NodeJS.Timeout | undefined
  private pingMark = 0
  private ttlMark = 0

  private readonly sink: FrameSink = {
    message: (frames) => this.onMessage(frames),
    command: (body) => this.onCommand(body),
  }

  constructor(socket: Socket, spec: ZmtpPipeSpec) {
    this.socket = socket
    this.endpoint = spec.endpoint
    this.local = spec.local
    this.config = spec.config
    this.client = spec.client
    this.owner = spec.owner
    this.receiveLimit = spec.config.receiveHighWaterMark
    this.sendLimit = spec.config.sendHighWaterMark
    this.reader = new FrameReader(this.sink, -1, HANDSHAKE_COMMAND_LIMIT, spec.endpoint)
    this.reader.commandsOnly = true
    this.handshakeHost = {
      endpoint: spec.endpoint,
      get address(): string {
        return socket.remoteAddress ?? '' // asked only by a PLAIN server: getpeername is a syscall
      },
      sendCommand: (name, data) => {
        this.writer.writeCommand(name, data)
        this.flush()
      },
      done: (peer) => this.handshakeDone(peer),
      fail: (error, errorCommand) => this.fail(error, errorCommand),
      resume: () => {
        this.waitingForDecision = false
        if (!this.parsing) this.resumeInput()
      },
    }
    socket.on('data', this.onData)
    socket.on('end', this.onEnd)
    socket.on('error', this.onError)
    socket.on('close', this.onClose)
    socket.on('drain', this.onDrain)
    if (spec.config.handshakeInterval > 0) {
      this.handshakeTimer = setTimeout(this.onHandshakeTimeout, spec.config.handshakeInterval)
      this.handshakeTimer.unref()
    }
    const plainServer = spec.config.mechanism === 'PLAIN' && spec.config.plainServer
    socket.write(encodeGreeting(spec.config.mechanism, plainServer))
  }

  /** The peer's socket type (known once the handshake is done). */
  get peerType(): SocketType {
    return this.peer?.type ?? 'PAIR'
  }

  /** The peer's non-empty `Identity`, if it sent one. */
  get peerIdentity(): Bytes | undefined {
    return this.peer?.identity
  }

  /** The peer's ZMTP minor version: 0 for a ZMTP 3.0 peer, 1 for 3.1 (and later). */
  get peerVersion(): '3.0' | '3.1' {
    return this.peerMinor === 0 ? '3.0' : '3.1'
  }

  /** How many received messages wait for `read()` (at most `receiveHighWaterMark`, when set). */
  get queued(): number {
    return this.queueLength
  }

  /** How many written messages the kernel has not taken yet (see `sendHighWaterMark`). */
  get unsentMessages(): number {
    return this.unsent
  }

  /** Set once by the owner; messages that arrived before are announced when it is set. */
  get handler(): PipeHandler | undefined {
    return this._handler
  }

  set handler(handler: PipeHandler | undefined) {
    this._handler = handler
    if (handler !== undefined && this.queueLength > 0) {
      this.fresh = true
      queueMicrotask(() => this.settle())
    }
  }

  /**
   * True while `write()` would take a message: handshake done, not closing, under the HWM. A
   * false read at the HWM counts as a refused write: `handler.writable` follows (Pipe.ts).
   */
  get writable(): boolean {
    if (this.phase !== READY || this.ending !== undefined) return false
    if (this.sendLimit === 0 || this.unsent < this.sendLimit) return true
    this.wantWritable = true
    return false
  }

  /**
   * Encodes one message into the current batch (flushed this turn, or at once when a batch is
   * full). Returns false, taking nothing, at `sendHighWaterMark` messages not yet handed to the
   * kernel, or once the pipe is closing; then `handler.writable` comes when there is room.
   */
  write(message: readonly Bytes[]): boolean {
    if (this.phase !== READY) return false
    if (this.sendLimit !== 0 && this.unsent >= this.sendLimit) {
      this.wantWritable = true
      return false
    }
    if (message.length === 0) return true
    const first = message[0]
    if (this.subscriptionCommands && message.length === 1 && first.length > 0 && first[0] <= 1) {
      this.writer.writeCommand(first[0] === 1 ? 'SUBSCRIBE' : 'CANCEL', first.subarray(1))
    } else {
      this.writer.writeMessage(message)
    }
    this.unsent++
    this.batched++
    if (!this.flushScheduled) {
      this.flushScheduled = true
      scheduleFlush(this.flushTask)
    } else if (this.writer.pendingBytes >= BATCH_SIZE) {
      this.flush()
    }
    return true
  }

  /** Takes the next received message (frames are views of the received chunks), if any. */
  read(): Bytes[] | undefined {
    if (this.queueLength === 0) return undefined
    const at = this.queueHead
    const message = this.queue[at]!
    this.queue[at] = undefined
    this.queueHead = (at + 1) & (this.queue.length - 1)
    this.queueLength--
    if (this.held.length > 0 && !this.resumeScheduled && !this.inputBlocked()) {
      this.resumeScheduled = true
      queueMicrotask(this.resumeTask)
    }
    return message
  }

  /**
   * Ends the connection. `linger` ms (default 0): how long what was written may still leave;
   * -1 waits without limit. With a linger the socket is ended (FIN) after the last write and
   * what still arrives is dropped; `handler.closed` (no error) comes once the socket closed.
   */
  /** The connection keeps the process alive (see `Pipe.ref`). */
  ref(): void {
    this.socket.ref()
  }

  /** The connection does not keep the process alive (see `Pipe.ref`). */
  unref(): void {
    this.socket.unref()
  }

  close(linger = 0): void {
    if (this.ending !== undefined) return
    if (this.phase !== READY) {
      // Given up before its handshake finished (a cancelled dial): nothing is reported.
      this.end('cancelled', undefined)
      this.socket.destroy()
      return
    }
    this.end('closed', undefined)
    if (linger === 0 || this.socket.destroyed) {
      this.socket.destroy()
      return
    }
    this.draining = false
    this.socket.ref() // what was written may still go, for up to linger ms, even from an idle socket
    this.flush()
    this.socket.end()
    this.socket.resume() // read and drop what still comes, so that the close is no reset
    if (linger > 0) {
      this.lingerTimer = setTimeout(() => this.socket.destroy(), linger)
      this.lingerTimer.unref()
    }
  }

  // ---- read path -------------------------------------------------------------------------

  private readonly onData = (chunk: Buffer): void => {
    this.received++
    if (this.held.length > 0 || this.inputBlocked()) {
      if (this.ending !== undefined) return
      if (this.held.length === 0) this.heldAt = 0
      this.held.push(chunk)
      this.socket.pause()
      return
    }
    this.parsing = true
    try {
      let at = 0
      if (this.phase === GREETING) at = this.readGreeting(chunk)
      while (this.phase === HANDSHAKE || this.phase === READY) {
        // A step at a time, handed up between steps: a reader keeps up with the parser, so
        // few messages are alive at once (a chunk parsed whole kept thousands alive through
        // the young-generation collections that came meanwhile, which copied them).
        this.parseUntil = this.queueLength + PARSE_STEP
        const stop = this.reader.read(chunk, at)
        this.parseUntil = Infinity
        if (stop >= chunk.length || this.ending !== undefined) break
        if (this.inputBlocked() || this._handler === undefined) {
          this.held.push(chunk)
          this.heldAt = stop
          this.socket.pause()
          break
        }
        at = stop
        this.parsing = false
        this.settle()
        this.parsing = true
      }
    } catch (error) {
      this.parsing = false
      this.parseUntil = Infinity
      if (!(error instanceof ZmqError)) throw error
      this.fail(error)
      return
    }
    this.parsing = false
    this.settle()
  }

  /** True while parsing must wait: for an authenticator's answer, or for `read()`. */
  private inputBlocked(): boolean {
    return (
      this.waitingForDecision || (this.receiveLimit !== 0 && this.queueLength >= this.receiveLimit)
    )
  }

  /** Takes greeting octets from `chunk`; returns where the frames begin. */
  private readGreeting(chunk: Buffer): number {
    const greeting = this.greeting!
    const take = Math.min(GREETING_SIZE - this.greetingLength, chunk.length)
    chunk.copy(greeting, this.greetingLength, 0, take)
    this.greetingLength += take
    checkGreetingStart(greeting, this.greetingLength, this.endpoint)
    if (this.greetingLength < GREETING_SIZE) return chunk.length
    const peer = parseGreeting(greeting, this.endpoint)
    this.greeting = undefined
    if (peer.mechanism !== this.config.mechanism) {
      throw new ProtocolError(
        `the peer uses the ${printable(peer.mechanism) || '(empty)'} security mechanism, this side ${this.config.mechanism}`,
        { code: 'ERR_ZMTP_MECHANISM_MISMATCH', violation: 'mechanism', endpoint: this.endpoint },
      )
    }
    this.peerMinor = peer.major > 3 ? 1 : peer.minor
    this.phase = HANDSHAKE
    this.handshake = createHandshake(
      this.config,
      { type: this.local.type, identity: this.local.identity },
      this.client,
      this.handshakeHost,
    )
    this.handshake.start()
    return take
  }

  private onMessage(frames: Buffer[]): boolean {
    if (this.phase !== READY) {
      if (this.phase >= CLOSING) return true // closing: dropped
      throw new ProtocolError('a message before the handshake was done', {
        code: 'ERR_ZMTP_INVALID_SEQUENCE',
        violation: 'command',
        endpoint: this.endpoint,
      })
    }
    return this.enqueue(frames)
  }

  private enqueue(frames: Bytes[]): boolean {
    if (this.queueLength === this.queue.length) this.growQueue()
    this.queue[(this.queueHead + this.queueLength) & (this.queue.length - 1)] = frames
    this.queueLength++
    this.fresh = true
    return (
      (this.receiveLimit === 0 || this.queueLength < this.receiveLimit) &&
      this.queueLength < this.parseUntil
    )
  }

  private growQueue(): void {
    const old = this.queue
    const next = new Array<Bytes[] | undefined>(old.length * 2)
    for (let i = 0; i < this.queueLength; i++)
      next[i] = old[(this.queueHead + i) & (old.length - 1)]
    this.queue = next
    this.queueHead = 0
  }

  private onCommand(body: Buffer): boolean {
    const { name, data } = parseCommand(body, this.endpoint)
    if (this.phase === HANDSHAKE) {
      const goOn = this.handshake!.command(name, data)
      if (this.ending !== undefined) return false
      if (!goOn) this.waitingForDecision = true
      return goOn
    }
    if (this.phase !== READY) return true
    switch (name) {
      case 'PING':
        return this.onPing(data)
      case 'SUBSCRIBE':
      case 'CANCEL': {
        if (!this.subscriptionsIn) return true
        const message = Buffer.allocUnsafe(data.length + 1)
        message[0] = name === 'SUBSCRIBE' ? 1 : 0
        data.copy(message, 1)
        return this.enqueue([message])
      }
      default:
        // PONG is traffic and nothing more; other commands (READY, ERROR, JOIN...) are not
        // for this socket after the handshake and are dropped, as libzmq drops them.
        return true
    }
  }

  private onPing(data: Buffer): boolean {
    if (data.length < 2) {
      throw new ProtocolError('malformed PING command: no TTL', {
        code: 'ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED',
        violation: 'command',
        endpoint: this.endpoint,
      })
    }
    // Each PING with a TTL starts the TTL over; traffic after it (a later chunk) defuses it.
    const ttl = data.readUInt16BE(0) * 100
    if (ttl > 0) {
      clearTimeout(this.ttlTimer)
      this.ttlMark = this.received
      this.ttlTimer = setTimeout(() => this.checkTtl(ttl), ttl)
      this.ttlTimer.unref()
    }
    this.writer.writeCommand('PONG', data.subarray(2, Math.min(data.length, 18)))
    this.scheduleCommandFlush()
    return true
  }

  private readonly resumeTask = (): void => {
    this.resumeScheduled = false
    this.resumeInput()
  }

  /** Parses held input again (room was made, or a decision came); resumes the socket. */
  private resumeInput(): void {
    if (this.ending !== undefined || this.inputBlocked()) return
    this.parsing = true
    try {
      while (this.held.length > 0) {
        const chunk = this.held[0]
        const stop = this.reader.read(chunk, this.heldAt)
        if (this.ending !== undefined) break
        if (stop < chunk.length) {
          this.heldAt = stop
          break
        }
        this.held.shift()
        this.heldAt = 0
      }
    } catch (error) {
      this.parsing = false
      if (!(error instanceof ZmqError)) throw error
      this.fail(error)
      return
    }
    this.parsing = false
    if (this.held.length === 0 && this.ending === undefined) this.socket.resume()
    this.settle()
  }

  private readonly onEnd = (): void => {
    if (this.ending !== undefined) return
    if (this.phase === READY) {
      // The peer closed: what it sent before is still read, past the high-water mark.
      this.parsing = true
      try {
        for (let i = 0; i < this.held.length; i++) {
          const chunk = this.held[i]
          let at = i === 0 ? this.heldAt : 0
          while (at < chunk.length) at = this.reader.read(chunk, at)
        }
      } catch {
        // Garbage just before the end: what came before it stays readable.
      }
      this.parsing = false
      this.end('lost', undefined)
      this.socket.destroy()
      this.settle()
    } else {
      this.fail(
        new ConnectionError(
          `the peer closed the connection during the ${this.phase === GREETING ? 'greeting' : 'handshake'}`,
          { code: 'EPIPE', errno: 32, endpoint: this.endpoint },
        ),
      )
    }
  }

  private readonly onError = (error: NodeJS.ErrnoException): void => {
    if (this.ending !== undefined) return
    this.fail(
      new ConnectionError(`connection ${this.endpoint}: ${error.message}`, {
        code: error.code ?? 'EIO',
        errno: Math.abs(error.errno ?? 5),
        endpoint: this.endpoint,
        cause: error,
      }),
    )
  }

  private readonly onClose = (): void => {
    this.socketClosed = true
    this.stopTimers()
    clearTimeout(this.lingerTimer)
    if (this.ending === undefined) {
      this.end(
        this.phase < READY ? 'failed' : 'lost',
        new ConnectionError(`connection ${this.endpoint} closed`, {
          code: this.phase < READY ? 'EPIPE' : 'ECONNRESET',
          errno: this.phase < READY ? 32 : 104,
          endpoint: this.endpoint,
        }),
      )
    }
    this.phase = CLOSED
    this.settle()
  }

  // ---- write path ------------------------------------------------------------------------

  private readonly flushTask = (): void => this.flush()

  private flush(): void {
    this.flushScheduled = false
    if (this.draining || this.socket.destroyed) return
    const segments = this.writer.take()
    if (segments.length === 0) return
    const count = this.batched
    this.batched = 0
    const take = this.writer.lastTake
    const done = (): void => this.written(count, take)
    let ok: boolean
    if (segments.length === 1) {
      ok = this.socket.write(segments[0], done)
    } else {
      this.socket.cork()
      const last = segments.length - 1
      for (let i = 0; i < last; i++) this.socket.write(segments[i])
      ok = this.socket.write(segments[last], done)
      this.socket.uncork()
    }
    if (!ok) this.draining = true
  }

  private written(count: number, take: number): void {
    this.writer.release(take)
    this.unsent -= count
    if (
      this.wantWritable &&
      this.phase === READY &&
      (this.sendLimit === 0 || this.unsent < this.sendLimit)
    ) {
      this.wantWritable = false
      this._handler?.writable(this)
    }
  }

  private readonly onDrain = (): void => {
    this.draining = false
    if (this.writer.pendingBytes > 0) this.flush()
  }

  private scheduleCommandFlush(): void {
    if (!this.flushScheduled) {
      this.flushScheduled = true
      scheduleFlush(this.flushTask)
    }
  }

  // ---- handshake -------------------------------------------------------------------------

  private readonly handshakeHost: HandshakeHost

  private handshakeDone(peer: PeerInfo): void {
    this.peer = peer
    this.phase = READY
    this.handshake = undefined
    clearTimeout(this.handshakeTimer)
    this.handshakeTimer = undefined
    const max = this.config.maxMessageSize
    this.reader.commandsOnly = false
    this.reader.maxMessageSize = max
    this.reader.maxCommandSize = max >= 0 ? max + 16 : -1
    const type = this.local.type
    const v31 = this.peerMinor >= 1
    this.subscriptionCommands = v31 && (type === 'SUB' || type === 'XSUB')
    this.subscriptionsIn = type === 'PUB' || type === 'XPUB'
    if (v31 && this.config.heartbeatInterval > 0) {
      this.heartbeatTimer = setInterval(this.sendPing, this.config.heartbeatInterval)
      this.heartbeatTimer.unref()
    }
    this.announce = true
  }

  private readonly sendPing = (): void => {
    if (this.phase !== READY) return
    const ttl = Buffer.allocUnsafe(2)
    ttl.writeUInt16BE(this.config.heartbeatTtlDeciseconds, 0)
    this.writer.writeCommand('PING', ttl)
    this.scheduleCommandFlush()
    if (this.pingTimer === undefined && this.config.heartbeatTimeout > 0) {
      this.pingMark = this.received
      this.pingTimer = setTimeout(this.checkPing, this.config.heartbeatTimeout)
      this.pingTimer.unref()
    }
  }

  private readonly checkPing = (): void => {
    this.pingTimer = undefined
    if (this.received === this.pingMark && this.phase === READY) {
      this.fail(new PeerTimeoutError('heartbeat', this.config.heartbeatTimeout, this.endpoint))
    }
  }

  private checkTtl(ttl: number): void {
    this.ttlTimer = undefined
    if (this.received === this.ttlMark && this.phase === READY) {
      this.fail(new PeerTimeoutError('ttl', ttl, this.endpoint))
    }
  }

  private readonly onHandshakeTimeout = (): void => {
    this.handshakeTimer = undefined
    if (this.phase < READY) {
      this.fail(new PeerTimeoutError('handshake', this.config.handshakeInterval, this.endpoint))
    }
  }

  // ---- ending ----------------------------------------------------------------------------

  /**
   * Drops the connection for `error`. `errorCommand`: the body of an ERROR command to send
   * first (the socket is then ended and kept a moment for the ERROR to leave).
   */
  private fail(error: ZmqError, errorCommand?: Buffer): void {
    if (this.ending !== undefined) return
    this.end(this.phase < READY ? 'failed' : 'lost', error)
    if (errorCommand !== undefined && !this.socket.destroyed) {
      this.writer.writeCommandBody(errorCommand)
      this.draining = false
      this.flush()
      this.socket.end()
      this.socket.resume() // read and drop what still comes, so that the close is no reset
      this.lingerTimer = setTimeout(() => this.socket.destroy(), ERROR_LINGER)
      this.lingerTimer.unref()
    } else {
      this.socket.destroy()
    }
    if (!this.parsing) this.settle()
  }

  /** Records how the connection ended; reporting happens in `settle`. */
  private end(ending: Ending, error: ZmqError | undefined): void {
    this.ending = ending
    this.closeError = error
    this.phase = ending === 'closed' ? CLOSING : CLOSED
    this.stopTimers()
    this.handshake?.cancel()
    this.held = []
    this.heldAt = 0
  }

  private stopTimers(): void {
    clearTimeout(this.handshakeTimer)
    clearInterval(this.heartbeatTimer)
    clearTimeout(this.pingTimer)
    clearTimeout(this.ttlTimer)
    this.handshakeTimer = this.heartbeatTimer = this.pingTimer = this.ttlTimer = undefined
  }

  /**
   * Tells the owner what happened, in order: the handshake (the pipe goes to the owner), new
   * messages (`readable`), the end (`closed`, or the handshake's failure). Called after
   * parsing, and from timers and socket events; never from inside the parser.
   */
  private settle(): void {
    if (this.ending === 'cancelled' || this.reported) return
    if (this.announce) {
      this.announce = false
      this.owner.event({ type: 'handshake', address: this.endpoint })
      this.owner.ready(this)
    }
    if (this.fresh && this._handler !== undefined) {
      this.fresh = false
      this._handler.readable(this)
    }
    const ending = this.ending
    if (ending === undefined || (ending === 'closed' && !this.socketClosed) || this.reported) {
      return
    }
    this.reported = true
    const error = this.closeError
    if (ending === 'failed') {
      const failure =
        error ?? new ConnectionError('connection closed', { code: 'EPIPE', errno: 32 })
      this.owner.event(handshakeErrorEvent(failure, this.endpoint))
      this.owner.event({ type: 'disconnect', address: this.endpoint })
      this.owner.failed(failure)
      return
    }
    if (ending === 'lost') this.owner.event({ type: 'disconnect', address: this.endpoint })
    this._handler?.closed(this, error)
  }
}

/**
 * How a connection ended: `failed` in its handshake, `lost` after it (peer gone, error,
 * timeout), `closed` by `close()`, `cancelled` by `close()` before its handshake was done.
 */
type Ending = 'failed' | 'lost' | 'closed' | 'cancelled'

/** The `handshake:error:*` event for a failed handshake, under zeromq.js's names. */
function handshakeErrorEvent(error: ZmqError, address: string): SocketEvent {
  if (error instanceof ProtocolError) {
    return { type: 'handshake:error:protocol', address, error }
  }
  if (error instanceof AuthenticationError && error.code === 'EACCES') {
    return { type: 'handshake:error:auth', address, error }
  }
  return {
    type: 'handshake:error:other',
    address,
    error: error as ZmqError & { errno: number },
  }
}
