import { createHash, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/**
 * Just enough RFC 6455 for the tests: frame coding both ways, the accept key, and a raw
 * WebSocket server whose every byte the test decides (to play servers that are not ZWS, or
 * that break it).
 */

export const OPCODE = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const

/** Sec-WebSocket-Accept for a Sec-WebSocket-Key. */
export function acceptKey(key: string): string {
  return createHash('sha1')
    .update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11')
    .digest('base64')
}

/** One frame on the wire: unmasked (server to client) unless `mask`. */
export function encodeWireFrame(
  payload: Uint8Array,
  opcode: number = OPCODE.binary,
  options: { fin?: boolean; mask?: boolean } = {},
): Buffer {
  const fin = options.fin ?? true
  const len = payload.length
  const head: number[] = [(fin ? 0x80 : 0) | opcode]
  const maskBit = options.mask ? 0x80 : 0
  if (len < 126) head.push(maskBit | len)
  else if (len < 65536) head.push(maskBit | 126, len >> 8, len & 255)
  else {
    head.push(maskBit | 127, 0, 0, 0, 0)
    head.push((len >>> 24) & 255, (len >>> 16) & 255, (len >>> 8) & 255, len & 255)
  }
  if (!options.mask) return Buffer.concat([Buffer.from(head), payload])
  const key = randomBytes(4)
  const body = Buffer.alloc(len)
  for (let i = 0; i < len; i++) body[i] = payload[i] ^ key[i % 4]
  return Buffer.concat([Buffer.from(head), key, body])
}

/** A frame as read from the wire, unmasked. */
export interface WireFrame {
  fin: boolean
  opcode: number
  payload: Buffer
}

/** Reads frames from a byte stream, in whatever chunks it comes. */
export class WireFrameReader {
  private buffer = Buffer.alloc(0)

  /** Adds bytes; returns the frames they complete. */
  push(chunk: Uint8Array): WireFrame[] {
    this.buffer =
      this.buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffer, chunk])
    const frames: WireFrame[] = []
    for (;;) {
      const b = this.buffer
      if (b.length < 2) break
      const masked = (b[1] & 0x80) !== 0
      let len = b[1] & 0x7f
      let offset = 2
      if (len === 126) {
        if (b.length < 4) break
        len = b.readUInt16BE(2)
        offset = 4
      } else if (len === 127) {
        if (b.length < 10) break
        len = Number(b.readBigUInt64BE(2))
        offset = 10
      }
      const keyAt = offset
      if (masked) offset += 4
      if (b.length < offset + len) break
      const payload = Buffer.from(b.subarray(offset, offset + len))
      if (masked) for (let i = 0; i < len; i++) payload[i] ^= b[keyAt + (i % 4)]
      frames.push({ fin: (b[0] & 0x80) !== 0, opcode: b[0] & 0x0f, payload })
      this.buffer = b.subarray(offset + len)
    }
    return frames
  }
}

/** The payloads of the binary frames in a server's wire bytes (after the HTTP response). */
export function wirePayloads(hex: string): Uint8Array[] {
  return new WireFrameReader()
    .push(Buffer.from(hex, 'hex'))
    .map((frame) => new Uint8Array(frame.payload))
}

/** One connection on a {@link RawWsServer}, as the scenario drives it. */
export interface RawConnection {
  readonly request: IncomingMessage
  readonly socket: Socket
  /** Completes the upgrade, naming `protocol` (none when undefined). */
  accept(protocol?: string, extraHeaders?: string[]): void
  /** Sends a binary message. */
  binary(payload: Uint8Array | number[]): void
  /** Sends a text message. */
  text(payload: string): void
  /** Sends a raw frame. */
  frame(opcode: number, payload: Uint8Array, fin?: boolean): void
  /** Sends a close frame, then ends the TCP connection. */
  closeFrame(code?: number): void
  /** Frames the client sent so far (unmasked). */
  readonly received: WireFrame[]
  /** Resolves once the client sent `count` frames in all. */
  receivedAtLeast(count: number): Promise<WireFrame[]>
}

/**
 * A raw WebSocket server on 127.0.0.1 (a free port): `onUpgrade` decides what each upgrade
 * request gets. Requests without an upgrade get a 404 from `onRequest` (or the default).
 */
export class RawWsServer {
  private readonly server: Server
  private readonly sockets = new Set<Socket>()
  port = 0

  constructor(onUpgrade: (connection: RawConnection) => void) {
    this.server = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' })
      res.end('not a WebSocket endpoint')
    })
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
    this.server.on('upgrade', (request: IncomingMessage, socket: Socket) => {
      socket.on('error', () => undefined)
      onUpgrade(rawConnection(request, socket))
    })
  }

  /** Listens on 127.0.0.1 and a port the kernel picks. */
  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.port = (this.server.address() as AddressInfo).port
    return this
  }

  /** `ws://127.0.0.1:<port><path>`. */
  url(path = '/'): string {
    return `ws://127.0.0.1:${this.port}${path}`
  }

  /** Stops listening and destroys every connection. */
  close(): void {
    for (const socket of this.sockets) socket.destroy()
    this.server.close()
  }
}

function rawConnection(request: IncomingMessage, socket: Socket): RawConnection {
  const received: WireFrame[] = []
  const reader = new WireFrameReader()
  const waiters: (() => void)[] = []
  socket.on('data', (chunk: Buffer) => {
    received.push(...reader.push(chunk))
    for (const wake of waiters.splice(0)) wake()
  })
  const write = (bytes: Uint8Array): void => {
    if (!socket.destroyed) socket.write(bytes)
  }
  return {
    request,
    socket,
    received,
    accept(protocol, extraHeaders = []) {
      const key = String(request.headers['sec-websocket-key'])
      const lines = [
        'HTTP/1.1 101 Switching Protocols',
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Accept: ${acceptKey(key)}`,
        ...(protocol === undefined ? [] : [`Sec-WebSocket-Protocol: ${protocol}`]),
        ...extraHeaders,
      ]
      write(Buffer.from(lines.join('\r\n') + '\r\n\r\n'))
    },
    binary(payload) {
      write(encodeWireFrame(Uint8Array.from(payload)))
    },
    text(payload) {
      write(encodeWireFrame(Buffer.from(payload), OPCODE.text))
    },
    frame(opcode, payload, fin = true) {
      write(encodeWireFrame(payload, opcode, { fin }))
    },
    closeFrame(code = 1000) {
      write(encodeWireFrame(Buffer.from([code >> 8, code & 255]), OPCODE.close))
      socket.end()
    },
    receivedAtLeast(count) {
      return new Promise((resolve) => {
        const check = (): void => {
          if (received.length >= count) resolve(received)
          else waiters.push(check)
        }
        check()
      })
    },
  }
}
