import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
}

export interface StaticServer {
  /** `http://127.0.0.1:<port>`, the page's origin. */
  readonly origin: string
  readonly port: number
  /** Stops listening and drops open connections. */
  close(): Promise<void>
}

export interface StaticOptions {
  /** A file served for paths that name no file and have no extension (a single-page app). */
  fallback?: string
}

/**
 * Serves a folder over HTTP on 127.0.0.1, on a port the kernel picks. GET and HEAD only, no
 * caching, nothing outside the folder.
 */
export async function serveStatic(
  root: string,
  options: StaticOptions = {},
): Promise<StaticServer> {
  const base = normalize(root + sep)
  const sockets = new Set<Socket>()
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end()
        return
      }
      let path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
      if (path.endsWith('/')) path += 'index.html'
      let file = normalize(join(base, path))
      if (!file.startsWith(base)) {
        res.writeHead(403).end()
        return
      }
      let info = await stat(file).catch(() => undefined)
      if (
        (info === undefined || !info.isFile()) &&
        options.fallback !== undefined &&
        extname(path) === ''
      ) {
        file = join(base, options.fallback)
        info = await stat(file).catch(() => undefined)
      }
      if (info === undefined || !info.isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found')
        return
      }
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': info.size,
        'Cache-Control': 'no-store',
      })
      if (req.method === 'HEAD') res.end()
      else createReadStream(file).pipe(res)
    })().catch((error: Error) => {
      if (!res.headersSent) res.writeHead(500).end(error.message)
      else res.destroy()
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
