import type {
  WebSocketCloseEventLike,
  WebSocketConstructor,
  WebSocketLike,
  WebSocketMessageEventLike,
} from '../../../../src/transport/ws'

/** An `ArrayBuffer` holding these bytes, as a WebSocket delivers a binary message. */
export function arrayBuffer(bytes: ArrayLike<number>): ArrayBuffer {
  const out = new ArrayBuffer(bytes.length)
  new Uint8Array(out).set(Array.from(bytes))
  return out
}

/** The UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text)
}

/**
 * A WebSocket driven by the test, with the browser API. The "server" side is its methods:
 * `open`, `message`, `refuse`, `drop`... `sent` keeps what the pipe sent; `bufferedAmount` grows
 * with each `send` until the test calls `flush` (so backpressure is the test's to decide).
 */
export class FakeWebSocket implements WebSocketLike {
  binaryType = 'blob'
  readyState = 0
  protocol = ''
  bufferedAmount = 0
  onopen: ((event: unknown) => void) | null = null
  onmessage: ((event: WebSocketMessageEventLike) => void) | null = null
  onclose: ((event: WebSocketCloseEventLike) => void) | null = null
  onerror: ((event: unknown) => void) | null = null

  /** Every message given to `send`, copied. */
  readonly sent: Uint8Array[] = []
  /** The codes of every `close` call (`undefined` for none). */
  readonly closeCalls: (number | undefined)[] = []

  constructor(
    readonly url: string,
    readonly protocols?: string | string[],
  ) {}

  send(data: Uint8Array): void {
    if (this.readyState === 0) throw new Error('InvalidStateError: still connecting')
    this.sent.push(Uint8Array.from(data))
    this.bufferedAmount += data.byteLength
  }

  close(code?: number): void {
    this.closeCalls.push(code)
    if (this.readyState < 2) this.readyState = 2
  }

  // The server's side.

  /** The WebSocket handshake succeeded, the server choosing `protocol`. */
  open(protocol = 'ZWS2.0'): void {
    this.readyState = 1
    this.protocol = protocol
    this.onopen?.({ type: 'open' })
  }

  /** One message arrives: bytes as an ArrayBuffer, or any data as given (a string...). */
  message(data: ArrayLike<number> | string | object): void {
    const payload =
      typeof data === 'string' || !('length' in data)
        ? data
        : arrayBuffer(data as ArrayLike<number>)
    this.onmessage?.({ data: payload })
  }

  /** A ZWS frame arrives: flags byte, then the body. */
  frame(flags: number, body: ArrayLike<number> | string = []): void {
    const bytes = typeof body === 'string' ? utf8(body) : Array.from(body)
    this.message([flags, ...bytes])
  }

  /** A whole ZeroMQ message arrives, one frame per WebSocket message. */
  zmq(...frames: (string | ArrayLike<number>)[]): void {
    frames.forEach((frame, i) => this.frame(i < frames.length - 1 ? 1 : 0, frame))
  }

  /** Opens and sends the server's routing id: the pipe is made. */
  handshake(routingId: string | number[] = ''): void {
    this.open()
    this.frame(0, routingId)
  }

  /**
   * The connection fails as Node 20's built-in WebSocket reports a refused connection: `error`
   * only, no `close`, `readyState` left at 0.
   */
  refuse(): void {
    this.onerror?.({ type: 'error' })
  }

  /** The connection ends: `close` with this code. */
  drop(code = 1006, wasClean = false): void {
    this.readyState = 3
    this.onclose?.({ code, reason: '', wasClean })
  }

  /** `bytes` of the buffered amount reached the network (all of it by default). */
  flush(bytes = Infinity): void {
    this.bufferedAmount = Math.max(0, this.bufferedAmount - bytes)
  }
}

/** A `WebSocket` class making {@link FakeWebSocket}s, and the list of those it made. */
export function fakeWebSocketClass(): {
  WebSocket: WebSocketConstructor
  sockets: FakeWebSocket[]
} {
  const sockets: FakeWebSocket[] = []
  class Fake extends FakeWebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols)
      sockets.push(this)
    }
  }
  return { WebSocket: Fake, sockets }
}
