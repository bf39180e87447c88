// Child processes for the example tests: spawn, wait for output lines (never sleep), and kill
// whatever is still running when a test ends, pass or fail.
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

export const ROOT = join(__dirname, '..', '..')
export const SEED = join(__dirname, 'seed')
export const PYTHON = '/usr/bin/python3'

/** tsx's ES module loader, for `node --import`. */
export const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href

export interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
}

export interface WaitOptions {
  /** Which output to watch. Default: stdout. */
  stream?: 'stdout' | 'stderr'
  /** How many matches to wait for. Default 1. */
  count?: number
  /** Milliseconds before the wait fails with the output so far. Default 20000. */
  timeout?: number
}

export class Proc {
  readonly child: ChildProcess
  stdout = ''
  stderr = ''
  readonly exited: Promise<Exit>
  private exit: Exit | undefined
  private readonly waiters = new Set<() => void>()

  constructor(
    readonly name: string,
    command: string,
    args: readonly string[],
    options: { env?: Record<string, string>; cwd?: string } = {},
  ) {
    // detached: its own process group, so kill() reaches the grandchildren too (npm, tsx).
    this.child = spawn(command, args, {
      cwd: options.cwd ?? ROOT,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONUNBUFFERED: '1', FORCE_COLOR: '0', ...options.env },
    })
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk
      this.notify()
    })
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk
      this.notify()
    })
    this.child.stdin!.on('error', () => {}) // EPIPE when the process is gone
    this.exited = new Promise<Exit>((resolve) => {
      this.child.on('error', (error) => {
        this.stderr += `\n[spawn error] ${error.message}`
        this.exit = { code: null, signal: null }
        this.notify()
        resolve(this.exit)
      })
      this.child.on('close', (code, signal) => {
        this.exit = { code, signal }
        this.notify()
        resolve(this.exit)
      })
    })
  }

  get running(): boolean {
    return this.exit === undefined
  }

  /** Both outputs, for failure messages. */
  describe(): string {
    const state =
      this.exit === undefined
        ? 'still running'
        : `exited with code ${this.exit.code} signal ${this.exit.signal}`
    return `--- ${this.name} (${state})\n[stdout]\n${this.stdout}\n[stderr]\n${this.stderr}`
  }

  /** Resolves with the matches once `pattern` matched `count` times; fails with the output. */
  waitFor(pattern: RegExp, options: WaitOptions = {}): Promise<string[]> {
    const { stream = 'stdout', count = 1, timeout = 20000 } = options
    const global = new RegExp(
      pattern.source,
      pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
    )
    const matches = (): string[] => [...this[stream].matchAll(global)].map((m) => m[0])
    return new Promise<string[]>((resolve, reject) => {
      const check = (): void => {
        const found = matches()
        if (found.length >= count) {
          done()
          resolve(found)
        } else if (this.exit !== undefined) {
          done()
          reject(
            this.failure(
              `exited before ${stream} matched ${pattern} ${count} time(s) (${found.length})`,
            ),
          )
        }
      }
      const timer = setTimeout(() => {
        done()
        reject(
          this.failure(
            `${stream} did not match ${pattern} ${count} time(s) within ${timeout} ms (${matches().length})`,
          ),
        )
      }, timeout)
      const done = (): void => {
        clearTimeout(timer)
        this.waiters.delete(check)
      }
      this.waiters.add(check)
      check()
    })
  }

  /** Resolves with the exit status; fails with the output if the process runs past `timeout`. */
  async waitForExit(timeout = 20000): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(this.failure(`did not exit within ${timeout} ms`)), timeout)
    })
    try {
      return await Promise.race([this.exited, late])
    } finally {
      clearTimeout(timer)
    }
  }

  write(text: string): void {
    this.child.stdin!.write(text)
  }

  /** Closes the process's stdin (end of input). */
  end(text?: string): void {
    this.child.stdin!.end(text)
  }

  /** Sends a signal to the process alone (to test its own handling). */
  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal)
  }

  /** Kills the whole process group and waits until the process is gone. */
  async kill(): Promise<void> {
    // The group too when the leader is gone: a grandchild may still hold a port.
    if (this.child.pid !== undefined) {
      try {
        process.kill(-this.child.pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
    await this.exited
  }

  private failure(what: string): Error {
    return new Error(`${this.name} ${what}\n${this.describe()}`)
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter()
  }
}

const started = new Set<Proc>()

/** Starts a process that `killAll()` will clean up. */
export function start(
  name: string,
  command: string,
  args: readonly string[],
  options?: { env?: Record<string, string>; cwd?: string },
): Proc {
  const proc = new Proc(name, command, args, options)
  started.add(proc)
  return proc
}

/** The transport `example()` runs the examples on: their default (native), or ZMTP. */
let exampleTransport: 'native' | 'zmtp' = 'native'

/** Makes `example()` run the examples on `transport` (for a describe block's beforeAll). */
export function runExamplesOn(transport: 'native' | 'zmtp'): void {
  exampleTransport = transport
}

/** Runs `examples/<example>.ts` with tsx, e.g. `example('hello-world/server')`. */
export function example(name: string, ...args: string[]): Proc {
  const preload =
    exampleTransport === 'zmtp'
      ? ['--import', pathToFileURL(join(__dirname, 'zmtpDefault.ts')).href]
      : []
  return start(`rxzmq ${name} (${exampleTransport})`, process.execPath, [
    '--import',
    TSX,
    ...preload,
    join(ROOT, 'examples', `${name}.ts`),
    ...args,
  ])
}

/** Runs one of the seed's Python programs, unchanged, with Debian's python3-zmq. */
export function seed(program: string, ...args: string[]): Proc {
  return start(`python ${program}`, PYTHON, [join(SEED, program), ...args])
}

/** Kills every process started since the last call; for afterEach. */
export async function killAll(): Promise<void> {
  const procs = [...started]
  started.clear()
  await Promise.all(procs.map((p) => p.kill()))
}

/** Everything the processes printed, for a failed assertion's message. */
export function outputs(...procs: Proc[]): string {
  return procs.map((p) => p.describe()).join('\n')
}

/** Fails with a clear message if a TCP port is taken (the seed's ports are fixed). */
export function checkPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `port ${port} is in use (${error.code}): the seed's programs need it; stop whatever listens there`,
        ),
      ),
    )
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve()))
  })
}
