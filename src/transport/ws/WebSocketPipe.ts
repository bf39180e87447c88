import { ConnectionError } from '../../errors/ConnectionError'
import { ProtocolError } from '../../errors/ProtocolError'
import type { ZmqError } from '../../errors/ZmqError'
import { Deque } from '../../internal/Deque'
import type { Pipe, PipeHandler } from '../pipes/Pipe'
import type { SocketType } from '../SocketType'
import type { Bytes } from '../Transport'
import { OPEN, type WebSocketCloseEventLike, type WebSocketLike } from './WebSocketApi'
import { DROPPED, FLAG_LAST, FLAG_MORE, ZwsDecoder } from './zws'

/** Options of a {@link WebSocketPipe}. The limits take zeromq.js's option names. */
export interface WebSocketPipeOptions {
  /** The endpoint the connection belongs to (`ws://host:port/path`), for the pipe and errors. */
  readonly endpoint: string
  /** The peer's socket type: ZWS 2.0 without a mechanism does not say it (see `wsNetwork`). */
  readonly peerType: SocketType
  /** The peer's routing id, from its first message, when it was not empty. */
  readonly peerIdentity?: Bytes
  /**
   * Messages written but not yet handed to the network (still counted in the WebSocket's
   * `bufferedAmount`) at which `write()` returns false. Default 1000; 0 for no limit.
   */
  readonly sendHighWaterMark?: number
  /**
   * Received messages waiting for `read()` beyond which new messages are dropped (a browser
   * cannot pause a WebSocket, so it cannot push back on the peer). Default 1000; 0 for no limit.
   */
  readonly receiveHighWaterMark?: number
  /** The largest message accepted, in bytes (sum of its frames). Default -1: no limit. */
  readonly maxMessageSize?: number
  /**
   * The WebSocket's `bufferedAmount`, in bytes, at which `write()` returns false whatever the
   * message count. Default 1 MiB; 0 for no limit.
   */
  readonly maxBufferedAmount?: number
}

/** Default `sendHighWaterMark` and `receiveHighWaterMark`, as libzmq's. */
export const DEFAULT_HIGH_WATER_MARK = 1000
/** Default `maxBufferedAmount`: 1 MiB. */
export const DEFAULT_MAX_BUFFERED_AMOUNT = 1 << 20

/** Longest wait between two looks at `bufferedAmount` while the pipe waits to drain, in ms. */
const MAX_POLL_INTERVAL = 16

/** libzmq's low-water mark for a high-water mark (pipe.cpp `compute_lwm`). */
function lowWaterMark(hwm: number): number {
  return hwm > 2048 ? hwm - 1024 : Math.floor((hwm + 1) / 2)
}

/** Byte offsets at which written messages end, oldest first, on a growable ring. */
class Offsets {
  private items = new Float64Array(16)
  private head = 0
  length = 0

  push(value: number): void {
    if (this.length === this.items.length) {
      const next = new Float64Array(this.items.length * 2)
      for (let i = 0; i < this.length; i++)
        next[i] = this.items[(this.head + i) % this.items.length]
      this.items = next
      this.head = 0
    }
    this.items[(this.head + this.length) % this.items.length] = value
    this.length++
  }

  /** Forgets every offset at or below `limit`. */
  dropThrough(limit: number): void {
    while (this.length > 0 && this.items[this.head] <= limit) {
      this.head = (this.head + 1) % this.items.length
      this.length--
    }
  }
}

type State = 'open' | 'lingering' | 'closed'

/**
 * A {@link Pipe} over one WebSocket speaking ZWS 2.0 (RFC 45), after the routing-id exchange:
 * what `wsNetwork` hands to the pipe socket. It needs only the browser's WebSocket API.
 *
 * - **Writes**: each frame goes at once as one binary WebSocket message (flags byte, body). The
 *   WebSocket API never pushes back, so the pipe counts the messages whose bytes are still in
 *   the WebSocket's `bufferedAmount`: at `sendHighWaterMark` of them (or `maxBufferedAmount`
 *   bytes) `write()` returns false, and the pipe looks at `bufferedAmount` on a timer (1 to
 *   16 ms) until it is down to the low-water mark (libzmq's), then calls `handler.writable`.
 * - **Reads**: frames are put back together into messages and queued for `read()`. A browser
 *   cannot pause a WebSocket, so beyond `receiveHighWaterMark` queued messages the pipe
 *   **drops** new ones whole, and counts them in {@link WebSocketPipe.dropped}; memory stays at
 *   most `receiveHighWaterMark` messages of at most `maxMessageSize` bytes, plus the one message
 *   being read. (Over TCP, libzmq would stop reading and push back on the sender instead.)
 * - **Faults** (a text, empty or malformed message, a command, a message over `maxMessageSize`,
 *   the connection ending mid-message or abnormally) close the pipe and reach
 *   `handler.closed(pipe, error)` as a typed `ZmqError`; nothing is thrown into the page.
 *
 * The WebSocket must be open and past the routing-id exchange; the pipe takes over its event
 * handlers.
 */
export class WebSocketPipe implements Pipe {
  readonly endpoint: string
  readonly peerType: SocketType
  readonly peerIdentity: Bytes | undefined

  private readonly ws: WebSocketLike
  private readonly sendHwm: number
  private readonly receiveHwm: number
  private readonly sendLwm: number
  private readonly maxBuffered: number
  private readonly decoder: ZwsDecoder
  private readonly queue = new Deque<Bytes[]>()
  private readonly ends = new Offsets()
  private sentBytes = 0
  private blocked = false
  private pollTimer: ReturnType<typeof setTimeout> | undefined = undefined
  private pollDelay = 1
  private state: State = 'open'
  private droppedCount = 0
  private owner: PipeHandler | undefined = undefined

  /**
   * @param ws - an open WebSocket whose routing ids were exchanged (sub-protocol `ZWS2.0`).
   * @param options - the endpoint, the peer, the limits.
   */
  constructor(ws: WebSocketLike, options: WebSocketPipeOptions) {
    this.ws = ws
    this.endpoint = options.endpoint
    this.peerType = options.peerType
    this.peerIdentity = options.peerIdentity
    this.sendHwm = options.sendHighWaterMark ?? DEFAULT_HIGH_WATER_MARK
    this.receiveHwm = options.receiveHighWaterMark ?? DEFAULT_HIGH_WATER_MARK
    this.sendLwm = lowWaterMark(this.sendHwm)
    this.maxBuffered = options.maxBufferedAmount ?? DEFAULT_MAX_BUFFERED_AMOUNT
    this.decoder = new ZwsDecoder(this.endpoint, options.maxMessageSize ?? -1)
    // Bytes sent before the pipe (the routing id) count as written: only what this pipe writes
    // after them is measured against bufferedAmount.
    this.sentBytes = ws.bufferedAmount
    ws.binaryType = 'arraybuffer'
    ws.onmessage = (event) => this.onMessage(event.data)
    ws.onclose = (event) => this.onClose(event)
    ws.onerror = () => this.onError()
    ws.onopen = null
    if (ws.readyState !== OPEN) {
      queueMicrotask(() =>
        this.fail(
          new ConnectionError(`${this.endpoint}: the WebSocket was not open`, {
            code: 'ECONNRESET',
            endpoint: this.endpoint,
          }),
        ),
      )
    }
  }

  /** Set once by the pipe's owner; messages that arrived before are announced then. */
  get handler(): PipeHandler | undefined {
    return this.owner
  }

  set handler(handler: PipeHandler | undefined) {
    this.owner = handler
    if (handler !== undefined && this.queue.length > 0) {
      queueMicrotask(() => {
        if (this.owner === handler && this.queue.length > 0) handler.readable(this)
      })
    }
  }

  /** Messages dropped because `receiveHighWaterMark` messages were waiting for `read()`. */
  get dropped(): number {
    return this.droppedCount
  }

  /**
   * True while `write()` would take a message. A false read for want of room counts as a
   * refused write: `handler.writable` follows (Pipe.ts).
   */
  get writable(): boolean {
    if (this.state !== 'open' || this.blocked) return false
    if (this.hasRoom()) return true
    this.blocked = true
    this.pollDelay = 1
    this.schedulePoll()
    return false
  }

  /**
   * Sends one message, one WebSocket message per frame. Returns false, taking nothing, at the
   * send high-water mark (then `handler.writable` follows) and once the pipe is closing.
   */
  write(message: readonly Bytes[]): boolean {
    if (this.state !== 'open' || this.blocked) return false
    if (!this.hasRoom()) {
      this.blocked = true
      this.pollDelay = 1
      this.schedulePoll()
      return false
    }
    const last = message.length - 1
    try {
      for (let i = 0; i <= last; i++) {
        const frame = message[i]
        const out = new Uint8Array(frame.length + 1)
        out[0] = i < last ? FLAG_MORE : FLAG_LAST
        out.set(frame, 1)
        this.ws.send(out)
        this.sentBytes += out.length
      }
    } catch (cause) {
      // The WebSocket broke under the write: end the pipe, but not from inside the caller's call.
      const error = new ConnectionError(
        `${this.endpoint}: the WebSocket refused a message: ${String(cause)}`,
        { code: 'ECONNRESET', endpoint: this.endpoint },
      )
      this.blocked = true
      queueMicrotask(() => this.fail(error))
      return true
    }
    if (this.sendHwm > 0) this.ends.push(this.sentBytes)
    return true
  }

  /** The next received message, or `undefined`. Messages stay readable after the pipe closed. */
  read(): Bytes[] | undefined {
    return this.queue.shift()
  }

  /**
   * Closes the connection. `linger` ms (default 0): how long to wait for written messages still
   * in the WebSocket's buffer to leave before closing (-1: no limit). Note that the WebSocket
   * API cannot take back what `send` was given: even with 0, what is buffered goes out before
   * the close frame. Stops reading at once; `handler.closed(pipe)` follows once the WebSocket
   * was told to close.
   */
  close(linger = 0): void {
    if (this.state !== 'open') return
    this.state = 'lingering'
    this.ws.onmessage = null
    this.clearPoll()
    if (linger === 0 || this.ws.bufferedAmount === 0) {
      this.finish(undefined, false)
      return
    }
    const deadline = linger > 0 ? Date.now() + linger : Infinity
    this.pollDelay = 1
    const check = (): void => {
      this.pollTimer = undefined
      if (this.state !== 'lingering') return
      if (this.ws.bufferedAmount === 0 || Date.now() >= deadline) this.finish(undefined, false)
      else {
        this.pollDelay = Math.min(this.pollDelay * 2, MAX_POLL_INTERVAL)
        this.pollTimer = setTimeout(check, Math.min(this.pollDelay, deadline - Date.now()))
      }
    }
    this.pollTimer = setTimeout(check, 1)
  }

  private hasRoom(): boolean {
    const buffered = this.ws.bufferedAmount
    if (this.maxBuffered > 0 && buffered >= this.maxBuffered) return false
    if (this.sendHwm > 0) {
      this.ends.dropThrough(this.sentBytes - buffered)
      if (this.ends.length >= this.sendHwm) return false
    }
    return true
  }

  private drained(): boolean {
    const buffered = this.ws.bufferedAmount
    if (this.maxBuffered > 0 && buffered > this.maxBuffered / 2) return false
    if (this.sendHwm > 0) {
      this.ends.dropThrough(this.sentBytes - buffered)
      if (this.ends.length > this.sendLwm) return false
    }
    return true
  }

  private schedulePoll(): void {
    if (this.pollTimer !== undefined) return
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined
      if (this.state !== 'open' || !this.blocked) return
      if (this.drained()) {
        this.blocked = false
        this.owner?.writable(this)
      } else {
        this.pollDelay = Math.min(this.pollDelay * 2, MAX_POLL_INTERVAL)
        this.schedulePoll()
      }
    }, this.pollDelay)
  }

  private clearPoll(): void {
    if (this.pollTimer !== undefined) clearTimeout(this.pollTimer)
    this.pollTimer = undefined
  }

  private onMessage(data: unknown): void {
    if (this.state !== 'open') return
    const result = this.decoder.decode(
      data,
      this.receiveHwm <= 0 || this.queue.length < this.receiveHwm,
    )
    if (result === undefined) return
    if (!Array.isArray(result)) {
      this.fail(result)
      return
    }
    if (result === DROPPED) {
      this.droppedCount++
      return
    }
    this.queue.push(result)
    if (this.queue.length === 1) this.owner?.readable(this)
  }

  private onClose(event: WebSocketCloseEventLike): void {
    if (this.state === 'closed') return
    if (this.state === 'lingering') this.finish(undefined, true)
    else if (this.decoder.inMessage) this.fail(this.truncated(`close code ${event.code}`))
    else if (event.wasClean || event.code === 1000) this.finish(undefined, true)
    else {
      const reason = event.reason ? `: ${event.reason}` : ''
      this.fail(this.lost(`WebSocket close code ${event.code}${reason}`))
    }
  }

  /** Browsers fire `error` before the `close` of a connection that ended abnormally. */
  private onError(): void {
    if (this.state === 'closed') return
    if (this.state === 'lingering') this.finish(undefined, true)
    else if (this.decoder.inMessage) this.fail(this.truncated('WebSocket error'))
    else this.fail(this.lost('WebSocket error'))
  }

  private truncated(how: string): ProtocolError {
    return new ProtocolError(
      `${this.endpoint}: the connection ended in the middle of a multipart message (${how})`,
      { code: 'ERR_ZMTP_UNSPECIFIED', violation: 'truncated', endpoint: this.endpoint },
    )
  }

  private lost(how: string): ConnectionError {
    return new ConnectionError(`${this.endpoint}: the connection was lost (${how})`, {
      code: 'ECONNRESET',
      endpoint: this.endpoint,
    })
  }

  private fail(error: ZmqError): void {
    if (this.state === 'closed') return
    this.finish(error, false)
  }

  /**
   * Ends the pipe: detaches from the WebSocket, closes it (unless it closed on its own) and
   * tells the owner, at once for an end that came from the WebSocket, in a microtask for one
   * that came from `close()` (so the owner is not called back from inside its own call).
   */
  private finish(error: ZmqError | undefined, wsEnded: boolean): void {
    const fromClose = this.state === 'lingering'
    this.state = 'closed'
    this.clearPoll()
    const ws = this.ws
    ws.onmessage = null
    ws.onclose = null
    ws.onerror = null
    if (!wsEnded) {
      try {
        ws.close(1000)
      } catch {
        // Closing an already closing WebSocket cannot fail in a way that matters here.
      }
    }
    if (fromClose) queueMicrotask(() => this.owner?.closed(this))
    else this.owner?.closed(this, error)
  }
}
