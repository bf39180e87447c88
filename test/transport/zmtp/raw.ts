// A hand-driven ZMTP peer over a raw net socket: the test writes the bytes, and reads what
// comes back as a greeting and then frames.
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { FrameReader, GREETING_SIZE, parseCommand } from '../../../src/transport/zmtp/codec'
import { changed, until } from './helpers'

export const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex')

/** A 64-octet greeting: version 3.`minor`, `mechanism`. */
export function greeting(minor = 1, mechanism = 'NULL'): Buffer {
  const bytes = Buffer.alloc(64)
  bytes[0] = 0xff
  bytes[9] = 0x7f
  bytes[10] = 3
  bytes[11] = minor
  bytes.write(mechanism, 12, 'latin1')
  return bytes
}

/** One short command frame. */
export function command(name: string, data: Buffer = Buffer.alloc(0)): Buffer {
  const body = Buffer.concat([Buffer.from([name.length]), Buffer.from(name, 'latin1'), data])
  return Buffer.concat([Buffer.from([0x04, body.length]), body])
}

/** A READY command with Socket-Type (and Identity when given). */
export function ready(type: string, identity?: string): Buffer {
  const property = (name: string, value: string): Buffer => {
    const v = Buffer.from(value, 'latin1')
    const size = Buffer.alloc(4)
    size.writeUInt32BE(v.length)
    return Buffer.concat([Buffer.from([name.length]), Buffer.from(name, 'latin1'), size, v])
  }
  const props = [property('Socket-Type', type)]
  if (identity !== undefined) props.push(property('Identity', identity))
  return command('READY', Buffer.concat(props))
}

/** One short message frame (`more`: the MORE flag). */
export function frame(body: string | Buffer, more = false): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'latin1') : body
  return Buffer.concat([Buffer.from([more ? 1 : 0, bytes.length]), bytes])
}

export interface RawFrame {
  command: boolean
  /** The command's name, for commands. */
  name?: string
  /** The body (a command's data, for commands). */
  data: Buffer
}

/** One raw connection. */
export class RawPeer {
  received = Buffer.alloc(0)
  ended = false
  readonly frames: RawFrame[] = []
  private parsed = 0
  private readonly reader = new FrameReader({
    message: (frames) => {
      for (const f of frames) this.frames.push({ command: false, data: Buffer.from(f) })
      return true
    },
    command: (body) => {
      const { name, data } = parseCommand(body)
      this.frames.push({ command: true, name, data: Buffer.from(data) })
      return true
    },
  })

  constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk])
      if (this.received.length > GREETING_SIZE) {
        const from = Math.max(GREETING_SIZE, this.parsed)
        this.reader.read(Buffer.from(this.received.subarray(from)), 0)
        this.parsed = this.received.length
      }
      changed()
    })
    socket.on('error', () => {})
    socket.on('close', () => {
      this.ended = true
      changed()
    })
  }

  /** Connects to `tcp://host:port` or `ipc://path`. */
  static connect(endpoint: string): Promise<RawPeer> {
    return new Promise((resolve, reject) => {
      const tcp = /^tcp:\/\/(.+):(\d+)$/.exec(endpoint)
      const socket = tcp
        ? connect(Number(tcp[2]), tcp[1])
        : connect(endpoint.replace(/^ipc:\/\//, '').replace(/^@/, '\0'))
      socket.once('connect', () => resolve(new RawPeer(socket)))
      socket.once('error', reject)
    })
  }

  write(...parts: Buffer[]): void {
    this.socket.write(Buffer.concat(parts))
  }

  /** The peer's greeting, once it came whole. */
  greeting(): Promise<Buffer> {
    return until('a greeting', () => this.received.length >= 64 && this.received.subarray(0, 64))
  }

  /** The `n`th frame after the greeting (from 0), once it came. */
  frame(n: number, timeout?: number): Promise<RawFrame> {
    return until(`raw frame ${n}`, () => this.frames[n], timeout)
  }

  /** Resolves once the other side closed the connection. */
  whenEnded(timeout?: number): Promise<void> {
    return until('the connection to end', () => this.ended, timeout).then(() => undefined)
  }

  close(): void {
    this.socket.destroy()
  }
}

/** A raw listener taking one connection at a time, for the pipe to dial. */
export class RawServer {
  readonly peers: RawPeer[] = []
  private constructor(
    readonly server: Server,
    readonly endpoint: string,
  ) {}

  static async listen(): Promise<RawServer> {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const raw = new RawServer(server, `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`)
    server.on('connection', (socket) => {
      raw.peers.push(new RawPeer(socket))
      changed()
    })
    return raw
  }

  peer(n = 0): Promise<RawPeer> {
    return until(`raw connection ${n}`, () => this.peers[n])
  }

  close(): void {
    for (const peer of this.peers) peer.close()
    this.server.close()
  }
}
