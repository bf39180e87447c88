import { randomBytes } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import type { Socket } from 'node:net'
import type {
  WebSocketCloseEventLike,
  WebSocketLike,
  WebSocketMessageEventLike,
} from '../../../../src/transport/ws'
import { acceptKey, encodeWireFrame, OPCODE, WireFrameReader } from './rfc6455'

/** How long `close()` waits for the server's close frame before dropping TCP, in ms. */
const CLOSING_TIMEOUT = 500

/**
 * A test-only WebSocket client with the browser's API (the subset `WebSocketLike` names), for
 * Node 20 when it runs without `--experimental-websocket`, as Jest does here: the built-in
 * `WebSocket` cannot be switched on once the process runs, and the project adds no WebSocket
 * package. It behaves as browsers do: a failed connection fires `error` then `close` (1006);
 * binary messages arrive as `ArrayBuffer`s, text as strings; pings are answered;
 * `bufferedAmount` counts bytes given to `send` and not yet written to the socket. `ws://` only.
 */
export class NodeWebSocket implements WebSocketLike {
  binaryType = 'blob'
  readyState = 0
  protocol = ''
  bufferedAmount = 0
  onopen: ((event: unknown) => void) | null = null
  onmessage: ((event: WebSocketMessageEventLike) => void) | null = null
  onclose: ((event: WebSocketCloseEventLike) => void) | null = null
  onerror: ((event: unknown) => void) | null = null

  private socket: Socket | undefined
  private readonly abort: () => void
  private ended = false
  private fragments: Buffer[] = []
  private fragmentOpcode = 0

  constructor(url: string, protocols?: string | string[]) {
    const parsed = new URL(url)
    if (parsed.protocol !== 'ws:') throw new SyntaxError(`NodeWebSocket: ws:// only, not ${url}`)
    const offered = protocols === undefined ? [] : [protocols].flat()
    for (const p of offered)
      if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(p))
        throw new SyntaxError(`Invalid Sec-WebSocket-Protocol value: ${p}`)
    const key = randomBytes(16).toString('base64')
    const req = httpRequest({
      host: parsed.hostname,
      port: parsed.port === '' ? 80 : Number(parsed.port),
      path: parsed.pathname + parsed.search,
      headers: {
        Upgrade: 'websocket',
        Connection: 'Upgrade',
        'Sec-WebSocket-Key': key,
        'Sec-WebSocket-Version': '13',
        ...(offered.length > 0 ? { 'Sec-WebSocket-Protocol': offered.join(', ') } : {}),
      },
    })
    this.abort = () => req.destroy()
    req.on('error', () => this.failConnection())
    req.on('response', (res) => {
      res.resume()
      this.failConnection()
    })
    req.on('upgrade', (res, socket: Socket, head: Buffer) => {
      const chosen = res.headers['sec-websocket-protocol']
      if (
        res.headers['sec-websocket-accept'] !== acceptKey(key) ||
        (offered.length > 0 && (chosen === undefined || !offered.includes(String(chosen)))) ||
        (offered.length === 0 && chosen !== undefined)
      ) {
        socket.destroy()
        this.failConnection()
        return
      }
      if (this.readyState !== 0) {
        socket.destroy()
        return
      }
      this.socket = socket
      this.protocol = chosen === undefined ? '' : String(chosen)
      this.readyState = 1
      socket.setNoDelay(true)
      const reader = new WireFrameReader()
      socket.on('data', (chunk: Buffer) => {
        for (const frame of reader.push(chunk)) this.onFrame(frame.fin, frame.opcode, frame.payload)
      })
      socket.on('error', () => undefined)
      // A connection that ends without a closing handshake is closed uncleanly: browsers fire
      // `error`, then `close` with 1006.
      socket.on('close', () => this.failConnection())
      this.onopen?.({ type: 'open' })
      if (head.length > 0) socket.emit('data', head)
    })
    req.end()
  }

  send(data: Uint8Array): void {
    if (this.readyState === 0) throw new Error('InvalidStateError: still connecting')
    if (this.readyState !== 1 || this.socket === undefined) return
    const size = data.byteLength
    this.bufferedAmount += size
    this.socket.write(encodeWireFrame(data, OPCODE.binary, { mask: true }), () => {
      this.bufferedAmount -= size
    })
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState >= 2) return
    if (this.readyState === 0) {
      this.abort()
      this.failConnection()
      return
    }
    this.readyState = 2
    const payload = Buffer.concat([Buffer.from([code >> 8, code & 255]), Buffer.from(reason)])
    this.socket?.write(encodeWireFrame(payload, OPCODE.close, { mask: true }))
    // Browsers give up on a server that does not answer the close frame (libzmq without a
    // mechanism does not) and drop the connection: here after a short closing timeout.
    setTimeout(() => this.end(1006, '', false), CLOSING_TIMEOUT).unref()
  }

  private onFrame(fin: boolean, opcode: number, payload: Buffer): void {
    if (this.ended) return
    switch (opcode) {
      case OPCODE.ping:
        this.socket?.write(encodeWireFrame(payload, OPCODE.pong, { mask: true }))
        return
      case OPCODE.pong:
        return
      case OPCODE.close: {
        const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005
        if (this.readyState === 1)
          this.socket?.write(encodeWireFrame(payload, OPCODE.close, { mask: true }))
        this.socket?.end()
        this.end(code, payload.subarray(2).toString(), true)
        return
      }
      case OPCODE.continuation:
        this.fragments.push(payload)
        break
      case OPCODE.text:
      case OPCODE.binary:
        this.fragmentOpcode = opcode
        this.fragments = [payload]
        break
      default:
        // An opcode RFC 6455 does not define: fail the connection, as browsers do.
        this.socket?.destroy()
        this.failConnection()
        return
    }
    if (!fin) return
    const whole = Buffer.concat(this.fragments)
    this.fragments = []
    if (this.readyState !== 1) return
    if (this.fragmentOpcode === OPCODE.text) this.onmessage?.({ data: whole.toString('utf8') })
    else {
      const data = new ArrayBuffer(whole.length)
      new Uint8Array(data).set(whole)
      this.onmessage?.({ data })
    }
  }

  /** Fails the connection as browsers do: `error`, then `close` with 1006. */
  private failConnection(): void {
    if (this.ended) return
    this.onerror?.({ type: 'error' })
    this.end(1006, '', false)
  }

  private end(code: number, reason: string, wasClean: boolean): void {
    if (this.ended) return
    this.ended = true
    this.readyState = 3
    this.socket?.destroy()
    this.onclose?.({ code, reason, wasClean })
  }
}
