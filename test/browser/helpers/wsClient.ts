// A minimal WebSocket client (RFC 6455) over node:tls or node:net, for tests that must set the
// Origin header and read a refused upgrade's status, which Node 20's WebSocket (behind
// --experimental-websocket) does not allow. Then a ZWS 2.0 SUB on top of it. Text messages too,
// for the DevTools protocol (helpers/cdp.ts).
import { createHash, randomBytes } from 'node:crypto'
import { connect as connectTcp, type Socket } from 'node:net'
import { connect as connectTls } from 'node:tls'

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'

export interface UpgradeRefused {
  readonly ok: false
  /** The HTTP status line's code: 403, 502... */
  readonly status: number
  readonly head: string
}

export interface WsConnection {
  readonly ok: true
  /** The sub-protocol the server chose. */
  readonly protocol: string | undefined
  /** Sends one binary message (masked, as a client must). */
  send(data: Uint8Array): void
  /** Sends one text message. */
  sendText(text: string): void
  /** Each binary message, in order. */
  onMessage: (data: Buffer) => void
  /** Each text message, in order. */
  onText: (text: string) => void
  /** Called once when the connection ends. */
  onClose: () => void
  close(): void
}

export interface WsOptions {
  readonly origin?: string
  readonly protocols?: readonly string[]
  /** For wss://: the CA to trust (a self-signed certificate's PEM). */
  readonly ca?: string | Buffer
  readonly timeout?: number
}

/** One frame to send: FIN, opcode, masked payload. */
function frame(opcode: number, payload: Uint8Array): Buffer {
  const mask = randomBytes(4)
  const length = payload.length
  const header =
    length < 126
      ? Buffer.from([0x80 | opcode, 0x80 | length])
      : length < 65536
        ? Buffer.from([0x80 | opcode, 0x80 | 126, length >> 8, length & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | 127]), bigLength(length)])
  const body = Buffer.from(payload)
  for (let i = 0; i < body.length; i++) body[i]! ^= mask[i & 3]!
  return Buffer.concat([header, mask, body])
}

function bigLength(length: number): Buffer {
  const b = Buffer.alloc(8)
  b.writeBigUInt64BE(BigInt(length))
  return b
}

/**
 * Opens a WebSocket to `url` (ws:// or wss://). Resolves with the connection after a 101 whose
 * Sec-WebSocket-Accept is right, or with the status of a refused upgrade.
 */
export function openWebSocket(
  url: string,
  options: WsOptions = {},
): Promise<WsConnection | UpgradeRefused> {
  const { origin, protocols = [], ca, timeout = 10000 } = options
  const target = new URL(url)
  const secure = target.protocol === 'wss:'
  const port = Number(target.port || (secure ? 443 : 80))
  const key = randomBytes(16).toString('base64')
  return new Promise((resolve, reject) => {
    const socket: Socket = secure
      ? connectTls({ host: target.hostname, port, ca })
      : connectTcp({ host: target.hostname, port })
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`no answer to the upgrade from ${url} within ${timeout} ms`))
    }, timeout)
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      const headers = [
        `GET ${target.pathname}${target.search} HTTP/1.1`,
        `Host: ${target.host}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${key}`,
        'Sec-WebSocket-Version: 13',
      ]
      if (protocols.length > 0) headers.push(`Sec-WebSocket-Protocol: ${protocols.join(', ')}`)
      if (origin !== undefined) headers.push(`Origin: ${origin}`)
      socket.write(`${headers.join('\r\n')}\r\n\r\n`)
    })
    socket.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    socket.on('close', () => {
      clearTimeout(timer)
      reject(new Error(`connection to ${url} closed before the upgrade's answer`))
    })

    let buffer = Buffer.alloc(0)
    let connection: (WsConnection & { feed(): void }) | undefined
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk])
      if (connection !== undefined) {
        connection.feed()
        return
      }
      const end = buffer.indexOf('\r\n\r\n')
      if (end === -1) return
      clearTimeout(timer)
      const head = buffer.subarray(0, end).toString('latin1')
      buffer = buffer.subarray(end + 4)
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0)
      const header = (name: string): string | undefined =>
        new RegExp(`^${name}: *(.*)$`, 'im').exec(head)?.[1]?.trim()
      if (status !== 101) {
        socket.destroy()
        resolve({ ok: false, status, head })
        return
      }
      const accept = createHash('sha1')
        .update(key + GUID)
        .digest('base64')
      if (header('Sec-WebSocket-Accept') !== accept) {
        socket.destroy()
        reject(new Error(`bad Sec-WebSocket-Accept from ${url}:\n${head}`))
        return
      }
      connection = makeConnection(header('Sec-WebSocket-Protocol'))
      resolve(connection)
      connection.feed()
    })

    function makeConnection(protocol: string | undefined): WsConnection & { feed(): void } {
      let fragments: Buffer[] = []
      let messageOpcode = 0x2
      let closed = false
      const end = (): void => {
        if (closed) return
        closed = true
        conn.onClose()
      }
      socket.on('close', end)
      const conn = {
        ok: true as const,
        protocol,
        onMessage: (_data: Buffer): void => {},
        onText: (_text: string): void => {},
        onClose: (): void => {},
        send: (data: Uint8Array): void => void socket.write(frame(0x2, data)),
        sendText: (text: string): void => void socket.write(frame(0x1, Buffer.from(text))),
        close: (): void => {
          // A close frame (1000), then the connection goes: no waiting for the peer's answer.
          if (!socket.destroyed)
            socket.end(frame(0x8, Buffer.from([0x03, 0xe8])), () => socket.destroy())
        },
        feed: (): void => {
          for (;;) {
            if (buffer.length < 2) return
            const fin = (buffer[0]! & 0x80) !== 0
            const opcode = buffer[0]! & 0x0f
            let length = buffer[1]! & 0x7f
            let offset = 2
            if (length === 126) {
              if (buffer.length < 4) return
              length = buffer.readUInt16BE(2)
              offset = 4
            } else if (length === 127) {
              if (buffer.length < 10) return
              length = Number(buffer.readBigUInt64BE(2))
              offset = 10
            }
            if (buffer.length < offset + length) return
            const payload = buffer.subarray(offset, offset + length)
            buffer = buffer.subarray(offset + length)
            if (opcode === 0x9)
              socket.write(frame(0xa, payload)) // ping: pong
            else if (opcode === 0x8) socket.end()
            else if (opcode === 0x1 || opcode === 0x2 || opcode === 0x0) {
              if (opcode !== 0x0) messageOpcode = opcode // a continuation keeps the first's
              fragments.push(Buffer.from(payload))
              if (fin) {
                const message = Buffer.concat(fragments)
                fragments = []
                if (messageOpcode === 0x1) conn.onText(message.toString('utf8'))
                else conn.onMessage(message)
              }
            }
          }
        },
      }
      return conn
    }
  })
}

/**
 * A ZWS 2.0 SUB over `openWebSocket`: sends its routing id and its subscriptions, and resolves
 * with the first `count` messages' first frames as text. Rejects with the status when the
 * upgrade is refused.
 */
export async function zwsReceive(
  url: string,
  topics: readonly string[],
  count: number,
  options: WsOptions = {},
): Promise<{ protocol: string | undefined; lines: string[] }> {
  const ws = await openWebSocket(url, { ...options, protocols: ['ZWS2.0'] })
  if (!ws.ok) throw Object.assign(new Error(`upgrade refused: ${ws.status}`), { status: ws.status })
  return new Promise((resolve, reject) => {
    const lines: string[] = []
    let routingId = false
    let frames: Buffer[] = []
    ws.onClose = () => reject(new Error(`closed after ${lines.length} of ${count} messages`))
    ws.onMessage = (data) => {
      if (lines.length === count) return // done: what else the last chunk held is dropped
      if (!routingId) {
        routingId = true // the server's routing id, [0x00]
        return
      }
      if ((data[0]! & 0x02) !== 0) return // a command
      frames.push(data.subarray(1))
      if ((data[0]! & 0x01) !== 0) return // more frames follow
      lines.push(frames[0]!.toString('utf8'))
      frames = []
      if (lines.length === count) {
        ws.onClose = () => {}
        ws.close()
        resolve({ protocol: ws.protocol, lines })
      }
    }
    ws.send(Uint8Array.of(0x00))
    for (const topic of topics)
      ws.send(Buffer.concat([Buffer.from([0x00, 0x01]), Buffer.from(topic)]))
  })
}
