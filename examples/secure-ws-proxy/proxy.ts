// A TLS-terminating reverse proxy in front of libzmq's ws:// (ZWS 2.0) endpoint, which checks
// the browser's Origin before anything reaches libzmq. libzmq's ws:// checks no Origin and has
// no TLS (wss:// is not in the libzmq bundled with zeromq.js), so any page a user opens could
// talk to a ws:// endpoint their machine reaches; behind this proxy only pages of the allowed
// origins can, over wss://. No dependency: node:https and node:net.
//
//   npm run example -- secure-ws-proxy/proxy --cert cert.pem --key key.pem \
//     --listen 127.0.0.1:8443 --target ws://127.0.0.1:8556 \
//     --allow-origin https://weather.example.com [--allow-origin ...]
//
// An allowed WebSocket upgrade is passed on as it came (its Sec-WebSocket-Protocol: ZWS2.0
// header included), then the bytes both ways untouched: the WebSocket handshake and the ZWS
// frames are libzmq's. A refused one gets 403 before any upgrade, and libzmq never sees it.
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import type { IncomingMessage } from 'node:http'
import { connect, Socket } from 'node:net'
import type { Duplex } from 'node:stream'

export interface ZwsProxyOptions {
  /** The TLS private key and certificate (chain), PEM. */
  readonly key: string | Buffer
  readonly cert: string | Buffer
  /**
   * The origins whose pages may connect, as browsers send them in `Origin`: a scheme, a host
   * and a port when it is not the default (`https://weather.example.com`,
   * `http://127.0.0.1:4200`). A request without `Origin`, or with `Origin: null`, is refused.
   */
  readonly allowedOrigins: readonly string[]
  /** libzmq's ws:// endpoint, on loopback: `ws://127.0.0.1:8556`. */
  readonly target: string
  /** Where to say what was refused and why (default: nowhere). */
  readonly log?: (line: string) => void
}

export interface ZwsProxy {
  /** The https server: `listen()` it. */
  readonly server: Server
  /** Stops listening and ends every connection, upgraded or not. */
  close(): Promise<void>
}

/** `scheme://host[:port]`, lowercased, without a default port; undefined if not an origin. */
export function normalizeOrigin(origin: string): string | undefined {
  try {
    const url = new URL(origin)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
    if (url.pathname !== '/' || url.search !== '' || url.hash !== '') return undefined
    if (url.username !== '' || url.password !== '') return undefined
    return url.origin
  } catch {
    return undefined
  }
}

/** Headers that name the connection itself, set anew for the hop to libzmq. */
const HOP_HEADERS = new Set(['host', 'x-forwarded-for', 'x-forwarded-proto', 'forwarded'])

/** Ends a connection that was not upgraded with a short HTTP answer. */
function refuse(socket: Duplex, status: number, reason: string, extra = ''): void {
  if (!socket.writable) {
    socket.destroy()
    return
  }
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
      `Content-Length: ${Buffer.byteLength(reason)}\r\n${extra}\r\n${reason}`,
  )
}

/** The request line and headers to send to libzmq: as they came, `Host` set to the target. */
function upstreamRequest(req: IncomingMessage, target: URL): string {
  const lines = [`GET ${target.pathname}${target.search} HTTP/1.1`, `Host: ${target.host}`]
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!
    if (!HOP_HEADERS.has(name.toLowerCase())) lines.push(`${name}: ${req.rawHeaders[i + 1]}`)
  }
  const address = req.socket.remoteAddress
  if (address !== undefined) lines.push(`X-Forwarded-For: ${address}`)
  return `${lines.join('\r\n')}\r\n\r\n`
}

/** Whether the request is a WebSocket upgrade offering the ZWS2.0 sub-protocol. */
function isZwsUpgrade(req: IncomingMessage): boolean {
  const upgrade = req.headers.upgrade?.toLowerCase()
  const protocols = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim())
  return req.method === 'GET' && upgrade === 'websocket' && protocols.includes('ZWS2.0')
}

/** Makes the proxy (not yet listening). Throws on an allowed origin that is no origin. */
export function createZwsProxy(options: ZwsProxyOptions): ZwsProxy {
  const target = new URL(options.target)
  if (target.protocol !== 'ws:')
    throw new Error(`target must be a ws:// endpoint: ${options.target}`)
  const allowed = new Set(
    options.allowedOrigins.map((origin) => {
      const normalized = normalizeOrigin(origin)
      if (normalized === undefined) throw new Error(`not an origin: '${origin}'`)
      return normalized
    }),
  )
  const log = options.log ?? (() => {})
  const open = new Set<Duplex>()
  const track = (socket: Duplex): void => {
    open.add(socket)
    socket.once('close', () => open.delete(socket))
  }

  const server = createServer({ key: options.key, cert: options.cert, minVersion: 'TLSv1.2' })

  // Plain HTTP requests: this endpoint serves WebSocket upgrades only.
  server.on('request', (_req, res) => {
    res.writeHead(426, {
      Upgrade: 'websocket',
      Connection: 'Upgrade',
      'Content-Type': 'text/plain',
    })
    res.end('WebSocket (ZWS2.0) only\n')
  })

  server.on('upgrade', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    track(client)
    client.on('error', () => client.destroy())
    const origin = req.headers.origin
    const from = req.socket.remoteAddress ?? '?'
    if (origin === undefined || !allowed.has(normalizeOrigin(origin) ?? '')) {
      log(`403 ${from}: Origin ${origin === undefined ? '(none)' : `'${origin}'`} not allowed`)
      refuse(client, 403, 'Forbidden')
      return
    }
    if (!isZwsUpgrade(req)) {
      log(`400 ${from}: not a WebSocket upgrade offering ZWS2.0`)
      refuse(client, 400, 'Bad Request')
      return
    }

    const upstream = connect({ host: target.hostname, port: Number(target.port || 80) })
    track(upstream)
    let connected = false
    upstream.once('connect', () => {
      connected = true
      upstream.setNoDelay(true)
      if (client instanceof Socket) client.setNoDelay(true)
      upstream.write(upstreamRequest(req, target))
      if (head.length > 0) upstream.write(head)
      // From here on the bytes are libzmq's and the browser's: its 101 answer, the frames.
      client.pipe(upstream)
      upstream.pipe(client)
    })
    upstream.on('error', (error: Error) => {
      if (!connected) {
        log(`502 ${from}: ${options.target}: ${error.message}`)
        refuse(client, 502, 'Bad Gateway')
      } else {
        client.destroy()
      }
    })
    upstream.on('close', () => client.destroy())
    client.on('close', () => upstream.destroy())
  })

  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/** Command line: see the top of this file. */
function main(argv: readonly string[]): void {
  const values = (name: string): string[] =>
    argv.flatMap((arg, i) => (arg === name && argv[i + 1] !== undefined ? [argv[i + 1]!] : []))
  const one = (name: string, fallback?: string): string => {
    const value = values(name)[0] ?? fallback
    if (value === undefined) {
      console.error(
        `secure-ws-proxy: ${name} is required\n` +
          'usage: proxy --cert cert.pem --key key.pem --target ws://127.0.0.1:8556 ' +
          '--allow-origin https://app.example.com [--allow-origin ...] [--listen 127.0.0.1:8443]',
      )
      process.exit(2)
    }
    return value
  }
  const [host, port] = one('--listen', '127.0.0.1:8443').split(/:(?=\d+$)/)
  const origins = values('--allow-origin')
  if (origins.length === 0) one('--allow-origin')
  const proxy = createZwsProxy({
    key: readFileSync(one('--key')),
    cert: readFileSync(one('--cert')),
    target: one('--target'),
    allowedOrigins: origins,
    log: (line) => console.error(`secure-ws-proxy: ${line}`),
  })
  proxy.server.listen(Number(port), host, () => {
    const address = proxy.server.address()
    const bound = typeof address === 'object' && address !== null ? address.port : port
    console.log(
      `secure-ws-proxy: wss://${host}:${bound} -> ${one('--target')}, origins: ${origins.join(' ')}`,
    )
  })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void proxy.close())
  }
}

if (require.main === module) main(process.argv.slice(2))
