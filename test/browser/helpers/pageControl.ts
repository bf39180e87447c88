import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

interface Pending {
  readonly task: unknown
  resolve(value: unknown): void
  reject(error: Error): void
}

const CORS = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' }

/**
 * Drives a page that has no DevTools client attached, over plain HTTP on 127.0.0.1: the page
 * asks `GET /next` for its next task (the answer waits until there is one), does it, and posts
 * the outcome to `/result/<id>`; what it logs and throws goes to `/log`. For measurements: a
 * page driven through the DevTools protocol (Playwright) is instrumented, and Chromium then
 * reports every WebSocket frame to the client, which costs more than taking the frame.
 */
export class PageControl {
  /** What the page logged, oldest first. */
  readonly logs: string[] = []
  private readonly tasks: { id: number; pending: Pending }[] = []
  private readonly calls = new Map<number, Pending>()
  private poll: ServerResponse | undefined
  private readonly sockets = new Set<Socket>()
  private count = 0

  private constructor(
    private readonly server: Server,
    /** `http://127.0.0.1:<port>`: the page's `?control=`. */
    readonly origin: string,
  ) {
    server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
    server.on('request', (req, res) => void this.handle(req, res))
  }

  static async start(): Promise<PageControl> {
    const server = createServer()
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
    const { port } = server.address() as AddressInfo
    return new PageControl(server, `http://127.0.0.1:${port}`)
  }

  /** Gives the page a task; resolves with its result, rejects with its error or after `timeout`. */
  call<T>(task: unknown, timeout = 300000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const id = ++this.count
      const timer = setTimeout(() => {
        this.calls.delete(id)
        reject(new Error(`the page did not answer ${JSON.stringify(task)} within ${timeout} ms`))
      }, timeout)
      const pending: Pending = {
        task,
        resolve: (value) => {
          clearTimeout(timer)
          resolve(value as T)
        },
        reject: (error) => {
          clearTimeout(timer)
          reject(error)
        },
      }
      this.calls.set(id, pending)
      this.tasks.push({ id, pending })
      this.hand()
    })
  }

  private hand(): void {
    const res = this.poll
    if (res === undefined || this.tasks.length === 0) return
    const { id, pending } = this.tasks.shift()!
    this.poll = undefined
    res
      .writeHead(200, { ...CORS, 'Content-Type': 'application/json' })
      .end(JSON.stringify({ id, task: pending.task }))
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.origin).pathname
    if (req.method === 'GET' && path === '/next') {
      this.poll = res
      this.hand()
      return
    }
    let body = ''
    for await (const chunk of req) body += String(chunk)
    res.writeHead(204, CORS).end()
    if (path === '/log') this.logs.push(body)
    const id = /^\/result\/(\d+)$/.exec(path)?.[1]
    const pending = id === undefined ? undefined : this.calls.get(Number(id))
    if (pending === undefined) return
    this.calls.delete(Number(id))
    const outcome = JSON.parse(body) as { ok: boolean; value?: unknown; error?: string }
    if (outcome.ok) pending.resolve(outcome.value)
    else pending.reject(new Error(`the page: ${outcome.error ?? 'failed'}`))
  }

  async close(): Promise<void> {
    for (const pending of this.calls.values()) pending.reject(new Error('the page control closed'))
    this.calls.clear()
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
