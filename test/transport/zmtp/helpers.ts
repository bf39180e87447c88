// Helpers for the ZMTP pipe tests: a sink that records pipes and events, a tap that reads a
// pipe, waiting on conditions (never sleeping), a pyzmq peer driven over JSON lines, and
// cleanup of everything a test opened.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ZmqError } from '../../../src/errors/ZmqError'
import type { SocketEvent } from '../../../src/events'
import type { DialSink, Pipe } from '../../../src/transport/pipes/Pipe'

export const PYTHON = '/usr/bin/python3'

const waiters = new Set<() => void>()

/** Wakes every `until` so that it checks its condition again. */
export function changed(): void {
  for (const waiter of [...waiters]) waiter()
}

/**
 * Resolves with `check()`'s value once it is neither undefined nor false, re-checking on every
 * `changed()`; fails after `timeout` ms saying what it waited for.
 */
export function until<T>(
  what: string,
  check: () => T | undefined | false,
  timeout = 5000,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const test = (): void => {
      let value: T | undefined | false
      try {
        value = check()
      } catch (error) {
        done()
        reject(error)
        return
      }
      if (value !== undefined && value !== false) {
        done()
        resolve(value)
      }
    }
    const timer = setTimeout(() => {
      done()
      reject(new Error(`timed out after ${timeout} ms waiting for ${what}`))
    }, timeout)
    const done = (): void => {
      clearTimeout(timer)
      waiters.delete(test)
    }
    waiters.add(test)
    test()
  })
}

/** Reads a pipe: every message it delivers, whether it closed and why. */
export class Tap {
  readonly messages: Buffer[][] = []
  closed: { error: ZmqError | undefined } | undefined
  closedCalls = 0
  writableCalls = 0
  reading: boolean

  constructor(
    readonly pipe: Pipe,
    options: { read?: boolean } = {},
  ) {
    this.reading = options.read ?? true
    pipe.handler = {
      readable: () => {
        if (this.reading) this.drain()
        changed()
      },
      writable: () => {
        this.writableCalls++
        changed()
      },
      closed: (_, error) => {
        this.closedCalls++
        this.closed = { error }
        if (this.reading) this.drain()
        changed()
      },
    }
  }

  /** Reads every message waiting. */
  drain(): void {
    for (let m = this.pipe.read(); m !== undefined; m = this.pipe.read()) {
      this.messages.push(m.map((f) => Buffer.from(f)))
    }
  }

  /** Starts reading (and reads what waits). */
  resume(): void {
    this.reading = true
    this.drain()
    changed()
  }

  /** The `n`th message (from 0), once it came. */
  message(n: number, timeout?: number): Promise<Buffer[]> {
    return until(`message ${n}`, () => this.messages[n], timeout)
  }

  /** The messages as strings, frames joined by '|'. */
  texts(): string[] {
    return this.messages.map((m) => m.map((f) => f.toString()).join('|'))
  }

  /** Resolves with the close's error once the pipe closed. */
  whenClosed(timeout?: number): Promise<ZmqError | undefined> {
    return until('the pipe to close', () => this.closed, timeout).then((c) => c.error)
  }
}

/** Every probe made since the last cleanup: their pipes are closed after each test. */
const probes = new Set<Probe>()

/** A sink that records pipes, events and failures; pipes get a {@link Tap}. */
export class Probe implements DialSink {
  readonly taps: Tap[] = []
  readonly events: SocketEvent[] = []
  readonly failures: ZmqError[] = []

  constructor(private readonly read = true) {
    probes.add(this)
  }

  pipe(pipe: Pipe): void {
    this.taps.push(new Tap(pipe, { read: this.read }))
    changed()
  }

  event(event: SocketEvent): void {
    this.events.push(event)
    changed()
  }

  failed(error: ZmqError): void {
    this.failures.push(error)
    changed()
  }

  /** The `n`th pipe's tap, once it came. */
  tap(n = 0, timeout?: number): Promise<Tap> {
    return until(`pipe ${n}`, () => this.taps[n], timeout)
  }

  /** The first event of `type` (after `skip` of them). */
  event$(type: SocketEvent['type'], skip = 0, timeout?: number): Promise<SocketEvent> {
    return until(`event ${type}`, () => this.events.filter((e) => e.type === type)[skip], timeout)
  }

  /** The first failure, once it came. */
  failure(timeout?: number): Promise<ZmqError> {
    return until('a failure', () => this.failures[0], timeout)
  }

  types(): string[] {
    return this.events.map((e) => e.type)
  }
}

/** Anything a test opens. */
export interface Closable {
  close(): unknown
}

/**
 * Collects what a test opens and closes it in afterEach, pass or fail; also gives each test a
 * temp directory for its ipc paths, removed afterwards.
 */
export function cleanup(): {
  track: <T extends Closable>(thing: T) => T
  dir: () => string
} {
  const open: Closable[] = []
  let directory: string | undefined
  afterEach(async () => {
    for (const probe of probes) for (const tap of probe.taps) tap.pipe.close(0)
    probes.clear()
    for (const thing of open.splice(0).reverse()) {
      try {
        await thing.close()
      } catch {
        // closed already
      }
    }
    if (directory !== undefined) rmSync(directory, { recursive: true, force: true })
    directory = undefined
  })
  return {
    track: (thing) => {
      open.push(thing)
      return thing
    },
    dir: () => (directory ??= mkdtempSync(join(tmpdir(), 'rxzmq-zmtp-'))),
  }
}

interface Reply {
  seq: number
  error?: string
  endpoint?: string | null
  frames?: string[]
  last?: string[]
}

/** A pyzmq (libzmq 4.3.4) process running test/transport/zmtp/peer.py. */
export class PythonPeer {
  readonly process: ChildProcess
  stderr = ''
  private seq = 0
  private nextId = 0
  private partial: string[] = []
  private readonly pending = new Map<
    number,
    { resolve: (r: Reply) => void; reject: (e: Error) => void }
  >()
  private readonly exited: Promise<void>

  constructor() {
    this.process = spawn(PYTHON, [join(__dirname, 'peer.py')], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONUNBUFFERED: '1' },
    })
    this.process.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      // Only the new chunk is searched: a 1 MiB frame comes as a 2 MiB line in many chunks.
      let start = 0
      for (let newline = chunk.indexOf('\n'); newline >= 0; newline = chunk.indexOf('\n', start)) {
        this.partial.push(chunk.slice(start, newline))
        const line = this.partial.join('')
        this.partial = []
        start = newline + 1
        const reply = JSON.parse(line) as Reply
        const waiter = this.pending.get(reply.seq)
        this.pending.delete(reply.seq)
        if (reply.error !== undefined) waiter?.reject(new Error(`python: ${reply.error}`))
        else waiter?.resolve(reply)
      }
      if (start < chunk.length) this.partial.push(chunk.slice(start))
    })
    this.process.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk))
    this.process.stdin!.on('error', () => {})
    this.exited = new Promise<void>((resolve) => {
      this.process.on('close', () => {
        for (const waiter of this.pending.values()) {
          waiter.reject(new Error(`python exited\n${this.stderr}`))
        }
        this.pending.clear()
        resolve()
      })
    })
  }

  request(op: string, fields: Record<string, unknown> = {}): Promise<Reply> {
    const seq = ++this.seq
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(seq, { resolve, reject })
      this.process.stdin!.write(JSON.stringify({ seq, op, ...fields }) + '\n')
    })
  }

  /** Makes a socket; resolves with its id and, when bound, its endpoint. */
  async socket(
    type: string,
    where: { bind?: string; connect?: string },
    options: Record<string, string | number> = {},
  ): Promise<{ id: number; endpoint: string }> {
    const id = ++this.nextId
    const reply = await this.request('socket', { id, type, options, ...where })
    return { id, endpoint: reply.endpoint ?? '' }
  }

  async send(id: number, frames: (string | Buffer)[]): Promise<void> {
    await this.request('send', { id, frames: frames.map(hexOf) })
  }

  async sendMany(id: number, frames: (string | Buffer)[], count: number, numbered = false) {
    await this.request('sendMany', { id, frames: frames.map(hexOf), count, numbered })
  }

  async recv(id: number, timeout = 5000): Promise<Buffer[]> {
    const reply = await this.request('recv', { id, timeout })
    return reply.frames!.map((f) => Buffer.from(f, 'hex'))
  }

  async recvMany(id: number, count: number, timeout = 5000): Promise<Buffer[]> {
    const reply = await this.request('recvMany', { id, count, timeout })
    return reply.last!.map((f) => Buffer.from(f, 'hex'))
  }

  async subscribe(id: number, topic: string): Promise<void> {
    await this.request('subscribe', { id, topic: hexOf(topic) })
  }

  async unsubscribe(id: number, topic: string): Promise<void> {
    await this.request('unsubscribe', { id, topic: hexOf(topic) })
  }

  async poke(id: number): Promise<void> {
    await this.request('poke', { id })
  }

  async closeSocket(id: number, linger = 0): Promise<void> {
    await this.request('close', { id, linger })
  }

  async plainAuth(passwords: Record<string, string>): Promise<void> {
    await this.request('plainAuth', { passwords })
  }

  /** Stops the process (SIGKILL, after a SIGCONT in case a test stopped it). */
  async close(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      this.process.kill('SIGCONT')
      this.process.kill('SIGKILL')
    }
    await this.exited
  }
}

function hexOf(frame: string | Buffer): string {
  return (typeof frame === 'string' ? Buffer.from(frame) : frame).toString('hex')
}
