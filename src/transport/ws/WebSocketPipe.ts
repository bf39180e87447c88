import { ConnectionError } from '../../errors/ConnectionError'
import { ProtocolError } from '../../errors/ProtocolError'
import type { ZmqError } from '../../errors/ZmqError'
import { Deque } from '../../internal/Deque'
import type { Pipe, PipeHandler } from '../pipes/Pipe'
import type { SocketType } from '../SocketType'
import type { Bytes } from '../Transport'
import { OPEN, type WebSocketLike } from './WebSocketApi'
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
  /** What `write()` stops at: bytes in `bufferedAmount` (0: none), messages still in it. */
  private readonly full: Limits
  /** What `handler.writable` waits for: half the bytes, libzmq's low-water mark of messages. */
  private readonly drained: Limits
  private readonly decoder: ZwsDecoder
  private readonly queue = new Deque<Bytes[]>()
  /** Where each written message ends in the bytes sent (for `sendHighWaterMark`), oldest first. */
  private readonly ends = new Deque<number>()
  private sentBytes = 0
  private blocked = false
  private pollTimer: ReturnType<typeof setTimeout> | undefined = undefined
  /** When a lingering close gives up waiting for `bufferedAmount` to empty (ms since epoch). */
  private deadline = Infinity
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
    const sendHwm = (this.sendHwm = options.sendHighWaterMark ?? DEFAULT_HIGH_WATER_MARK)
    this.receiveHwm = options.receiveHighWaterMark ?? DEFAULT_HIGH_WATER_MARK
    const maxBuffered = options.maxBufferedAmount ?? DEFAULT_MAX_BUFFERED_AMOUNT
    // as "below" limits: drained is at most half of maxBuffered, at most the low-water mark
    this.full = { bytes: maxBuffered, messages: sendHwm }
    this.drained = { bytes: Math.floor(maxBuffered / 2) + 1, messages: lowWaterMark(sendHwm) + 1 }
    this.decoder = new ZwsDecoder(this.endpoint, options.maxMessageSize ?? -1)
    // Bytes sent before the pipe (the routing id) count as written: only what this pipe writes
    // after them is measured against bufferedAmount.
    this.sentBytes = ws.bufferedAmount
    ws.binaryType = 'arraybuffer'
    ws.onmessage = (event) => this.onMessage(event.data)
    ws.onclose = (event) =>
      this.onEnd(
        event.wasClean || event.code === 1000,
        `WebSocket close code ${event.code}${event.reason ? `: ${event.reason}` : ''}`,
      )
    ws.onerror = () => this.onEnd(false, 'WebSocket error')
    ws.onopen = null
    if (ws.readyState !== OPEN) {
      queueMicrotask(() => this.finish(this.reset('the WebSocket was not open')))
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
    return this.hasRoom()
  }

  /**
   * Sends one message, one WebSocket message per frame. Returns false, taking nothing, at the
   * send high-water mark (then `handler.writable` follows) and once the pipe is closing.
   */
  write(message: readonly Bytes[]): boolean {
    if (!this.hasRoom()) return false
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
      const error = this.reset(`the WebSocket refused a message: ${String(cause)}`)
      this.blocked = true
      queueMicrotask(() => this.finish(error))
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
      this.finish(undefined)
      return
    }
    this.deadline = linger > 0 ? Date.now() + linger : Infinity
    this.poll(1)
  }

  /** True when a message may be written now; else the pipe waits to drain (see `poll`). */
  private hasRoom(): boolean {
    if (this.state !== 'open' || this.blocked) return false
    if (this.below(this.full)) return true
    this.blocked = true
    this.poll(1)
    return false
  }

  /** True while `bufferedAmount` and the messages still in it are below the limits. */
  private below(limits: Limits): boolean {
    const buffered = this.ws.bufferedAmount
    if (this.full.bytes > 0 && buffered >= limits.bytes) return false
    if (this.sendHwm === 0) return true
    const ends = this.ends
    const sent = this.sentBytes - buffered
    while (ends.length > 0 && ends.peek()! <= sent) ends.shift()
    return ends.length < limits.messages
  }

  /**
   * Looks at `bufferedAmount` again after `delay` ms (then twice as long, up to 16 ms): while
   * blocked, until it drained (then `handler.writable`); while lingering, until it is empty or
   * the deadline passed (then the close goes on).
   */
  private poll(delay: number): void {
    this.pollTimer = setTimeout(
      () => {
        this.pollTimer = undefined
        const state = this.state
        if (state === 'lingering') {
          if (this.ws.bufferedAmount === 0 || Date.now() >= this.deadline) this.finish(undefined)
          else this.poll(Math.min(delay * 2, MAX_POLL_INTERVAL))
        } else if (state === 'open' && this.blocked) {
          if (this.below(this.drained)) {
            this.blocked = false
            this.owner?.writable(this)
          } else this.poll(Math.min(delay * 2, MAX_POLL_INTERVAL))
        }
      },
      Math.min(delay, this.deadline - Date.now()),
    )
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
      this.finish(result)
      return
    }
    if (result === DROPPED) {
      this.droppedCount++
      return
    }
    this.queue.push(result)
    if (this.queue.length === 1) this.owner?.readable(this)
  }

  /**
   * The WebSocket closed (`clean`: normally) or failed (browsers fire `error` before the
   * `close` of a connection that ended abnormally): the end of a close the pipe asked for, a
   * clean end, or a fault, a truncated message when it came in the middle of one.
   */
  private onEnd(clean: boolean, how: string): void {
    if (this.state === 'closed') return
    if (this.state === 'lingering' || (clean && !this.decoder.inMessage)) {
      this.finish(undefined, true)
    } else if (this.decoder.inMessage) {
      this.finish(
        new ProtocolError(
          `${this.endpoint}: the connection ended in the middle of a multipart message (${how})`,
          { code: 'ERR_ZMTP_UNSPECIFIED', violation: 'truncated', endpoint: this.endpoint },
        ),
      )
    } else this.finish(this.reset(`the connection was lost (${how})`))
  }

  /** A ConnectionError `ECONNRESET` for this pipe's endpoint. */
  private reset(what: string): ConnectionError {
    return new ConnectionError(`${this.endpoint}: ${what}`, {
      code: 'ECONNRESET',
      endpoint: this.endpoint,
    })
  }

  /**
   * Ends the pipe (once): detaches from the WebSocket, closes it (unless it closed on its own:
   * `wsEnded`) and tells the owner, at once for an end that came from the WebSocket, in a
   * microtask for one that came from `close()` (so the owner is not called back from inside its
   * own call).
   */
  private finish(error: ZmqError | undefined, wsEnded = false): void {
    if (this.state === 'closed') return
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

/** Limits of what is still buffered, as "below" bounds: bytes (when there is a byte limit), messages. */
interface Limits {
  readonly bytes: number
  readonly messages: number
}
