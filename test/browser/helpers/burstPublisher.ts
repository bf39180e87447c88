import { createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { XPublisher } from 'zeromq'

/** What one burst publishes. */
export interface BurstOptions {
  /** The topic the page subscribes to; every message's first frame starts with it. */
  readonly topic: string
  /** How many messages. */
  readonly messages: number
  /**
   * 1: one frame per message, a weather line (`<topic><seq> <temperature> <humidity>`, about
   * 20 bytes); 2: that line, then a second frame of `body` bytes. Default 1.
   */
  readonly frames?: 1 | 2
  /** The second frame's size in bytes, with `frames: 2`. Default 16. */
  readonly body?: number
}

/** One burst: a fresh XPUB, its subscriber, the messages queued for it, the page's gate. */
export interface Burst {
  /** `ws://127.0.0.1:<port>`. */
  readonly endpoint: string
  /** The URL the page requests synchronously once subscribed: answered on `release()`. */
  readonly gate: string
  /** Resolves once every message is queued in libzmq, with the seconds that took. */
  readonly filled: Promise<number>
  /** Resolves once the page's gate request arrived: the page is blocked, reading nothing. */
  readonly atGate: Promise<void>
  /** Answers the gate: the page starts reading. */
  release(): void
  /** Closes the XPUB at once (linger 0): its connections drop. */
  close(): void
}

/** The message `seq` of a burst on `topic`, as its frames' text: the same for every reader. */
export function burstMessage(topic: string, seq: number): string {
  return `${topic}${String(seq).padStart(7, '0')} ${(seq * 7919) % 215} ${(seq * 104729) % 50}`
}

/**
 * A native publisher (zeromq.js over libzmq) that can outrun a browser: for each burst a fresh
 * XPUB bound on ws://127.0.0.1 with no send high-water mark waits for its subscription, then
 * queues all the burst's messages as fast as it can (libzmq keeps what TCP does not take) while
 * the page waits at a gate, a synchronous request to this HTTP server that `release()`
 * answers. A browser cannot pause a WebSocket, but a page blocked in a synchronous request
 * reads nothing: Chromium's buffers and then TCP's fill, and the rest waits in libzmq. Once
 * released, the page takes the whole backlog, and the publisher has nothing left to do: the
 * page's rate is its own, not the publisher's.
 *
 * A fresh XPUB per burst also closes the connections of the one before: libzmq does not answer
 * a ZWS 2.0 client's close frame, so without that a closed page connection would linger.
 */
export class BurstPublisher {
  private readonly gates = new Map<string, { arrived(): void; answer?: () => void }>()
  private readonly sockets = new Set<Socket>()
  private count = 0

  private constructor(
    private readonly server: Server,
    private readonly origin: string,
  ) {
    server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
    server.on('request', (req, res) => {
      const gate = this.gates.get(new URL(req.url ?? '/', origin).pathname)
      if (gate === undefined) {
        res.writeHead(404, { 'Access-Control-Allow-Origin': '*' }).end()
        return
      }
      gate.answer = () =>
        res
          .writeHead(204, { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' })
          .end()
      gate.arrived()
    })
  }

  /** Starts the gate server on 127.0.0.1 (a port the kernel picks). */
  static async start(): Promise<BurstPublisher> {
    const server = createServer()
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
    const { port } = server.address() as AddressInfo
    return new BurstPublisher(server, `http://127.0.0.1:${port}`)
  }

  /** Binds a fresh XPUB and arms a burst; the page then connects, subscribes and waits. */
  async burst(options: BurstOptions): Promise<Burst> {
    const { topic, messages, frames = 1, body = 16 } = options
    const pub = new XPublisher({ sendHighWaterMark: 0, linger: 0 })
    await pub.bind('ws://127.0.0.1:*')
    const endpoint = pub.lastEndpoint!.replace(/\/$/, '')
    const path = `/gate/${++this.count}`
    let arrived!: () => void
    const atGate = new Promise<void>((resolve) => (arrived = resolve))
    const gate: { arrived(): void; answer?: () => void } = { arrived }
    this.gates.set(path, gate)

    const wanted = Buffer.from(topic)
    const filled = (async (): Promise<number> => {
      // The subscription first: what is sent before it reaches no one.
      for (;;) {
        const [event] = await pub.receive()
        if (event![0] === 1 && event!.subarray(1).equals(wanted)) break
      }
      const started = performance.now()
      const second = Buffer.alloc(body, 0x2a)
      for (let seq = 0; seq < messages; seq++) {
        const line = Buffer.from(burstMessage(topic, seq))
        await pub.send(frames === 2 ? [line, second] : line)
      }
      return (performance.now() - started) / 1000
    })()
    filled.catch(() => undefined) // reported to whoever awaits it; close() may end it early

    return {
      endpoint,
      gate: `${this.origin}${path}`,
      filled,
      atGate,
      release: () => {
        if (gate.answer === undefined) throw new Error(`release(): the page is not at ${path}`)
        gate.answer()
        this.gates.delete(path)
      },
      close: () => {
        this.gates.delete(path)
        pub.close()
      },
    }
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
