import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

const here = join(__dirname, '..')
const buildDir = join(here, 'results', 'build')
const cSource = join(here, 'native', 'zmqbench.c')
const pySource = join(here, 'native', 'zmqbench.py')

/** One JSON line printed by a baseline program. */
export interface NativeEvent {
  event: 'ready' | 'done'
  endpoint?: string
  count?: number
  seconds?: number
  rate?: number
}

/** Compiles the libzmq C baseline once; undefined (with the reason) when it cannot be built. */
export function buildC(): { binary?: string; reason?: string } {
  const binary = join(buildDir, 'zmqbench')
  if (existsSync(binary) && statSync(binary).mtimeMs >= statSync(cSource).mtimeMs) return { binary }
  if (!existsSync('/usr/include/zmq.h') && !existsSync('/usr/local/include/zmq.h')) {
    return { reason: 'no libzmq headers (apt-get install libzmq3-dev)' }
  }
  const cc = ['cc', 'gcc', 'clang'].find((c) => spawnSync(c, ['--version']).status === 0)
  if (cc === undefined) return { reason: 'no C compiler' }
  mkdirSync(buildDir, { recursive: true })
  const built = spawnSync(cc, ['-O2', '-o', binary, cSource, '-lzmq', '-lpthread'], {
    encoding: 'utf8',
  })
  if (built.status !== 0) return { reason: `${cc} failed: ${built.stderr.trim().split('\n')[0]}` }
  return { binary }
}

/** The Python with pyzmq (Debian's python3-zmq), or undefined with the reason. */
export function findPython(): { python?: string; reason?: string } {
  for (const python of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(python, ['-c', 'import zmq'], { encoding: 'utf8' })
    if (probe.status === 0) return { python }
  }
  return { reason: 'no python3 with pyzmq (apt-get install python3-zmq)' }
}

/** A baseline program running in its own process, its JSON lines as events. */
export class NativeProcess {
  private readonly child: ChildProcess
  private readonly waiting: { event: string; resolve: (e: NativeEvent) => void }[] = []
  private readonly seen: NativeEvent[] = []
  private exitError: Error | undefined
  private stderr = ''

  constructor(command: string, args: string[]) {
    this.child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()))
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      let event: NativeEvent
      try {
        event = JSON.parse(line) as NativeEvent
      } catch {
        return
      }
      this.seen.push(event)
      for (let i = 0; i < this.waiting.length; i++) {
        if (this.waiting[i]!.event === event.event) {
          this.waiting.splice(i, 1)[0]!.resolve(event)
          i--
        }
      }
    })
    this.child.on('exit', (code) => {
      if (code !== 0) this.exitError = new Error(`${command} exited with ${code}: ${this.stderr}`)
    })
  }

  /** Resolves with the first event of that name; rejects if the program fails or takes too long. */
  wait(event: NativeEvent['event'], ms = 60000): Promise<NativeEvent> {
    const found = this.seen.find((e) => e.event === event)
    if (found !== undefined) return Promise.resolve(found)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.kill()
        reject(this.exitError ?? new Error(`no '${event}' from the baseline after ${ms} ms`))
      }, ms)
      const check = setInterval(() => {
        if (this.exitError !== undefined) {
          clearTimeout(timer)
          clearInterval(check)
          reject(this.exitError)
        }
      }, 100)
      this.waiting.push({
        event,
        resolve: (e) => {
          clearTimeout(timer)
          clearInterval(check)
          resolve(e)
        },
      })
    })
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL')
  }
}

/** Runs the pyzmq baseline once and returns its rate. */
export function runPython(python: string, args: string[]): NativeProcess {
  return new NativeProcess(python, [pySource, ...args])
}
