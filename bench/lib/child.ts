import { fork, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'

interface Reply {
  id: number
  event: string
  data: Record<string, unknown>
}

/** A job running in the worker process: wait for its events by name. */
export class Job {
  private readonly events: Reply[] = []
  private readonly waiting: {
    event: string
    resolve: (d: Record<string, unknown>) => void
    reject: (e: Error) => void
  }[] = []

  constructor(
    readonly id: number,
    private readonly worker: WorkerProcess,
  ) {}

  /** @internal */
  deliver(reply: Reply): void {
    this.events.push(reply)
    for (let i = 0; i < this.waiting.length; i++) {
      const w = this.waiting[i]!
      if (reply.event === 'error') w.reject(new Error(`worker: ${String(reply.data.message)}`))
      else if (w.event === reply.event) w.resolve(reply.data)
      else continue
      this.waiting.splice(i--, 1)
    }
  }

  /** Resolves with the data of the first event of that name. */
  event<T = Record<string, unknown>>(name: string, ms = 120000): Promise<T> {
    const seen = this.events.find((e) => e.event === name || e.event === 'error')
    if (seen !== undefined) {
      return seen.event === 'error'
        ? Promise.reject(new Error(`worker: ${String(seen.data.message)}`))
        : Promise.resolve(seen.data as T)
    }
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker: no '${name}' after ${ms} ms`)), ms)
      this.waiting.push({
        event: name,
        resolve: (d) => {
          clearTimeout(timer)
          resolve(d as T)
        },
        reject: (e) => {
          clearTimeout(timer)
          reject(e)
        },
      })
    })
  }

  /** Tells a long-running job (a server) to stop. */
  stop(): void {
    this.worker.send({ id: this.id, op: 'stop', args: {} })
  }
}

/** The worker process (bench/worker.ts), forked with the same TypeScript loader as this one. */
export class WorkerProcess {
  private readonly child: ChildProcess
  private readonly jobs = new Map<number, Job>()
  private next = 1
  readonly up: Promise<void>

  constructor() {
    this.child = fork(join(__dirname, '..', 'worker.ts'), [], {
      execArgv: process.execArgv.length > 0 ? process.execArgv : ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    this.up = new Promise((resolve, reject) => {
      this.child.once('message', () => resolve())
      this.child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)))
    })
    this.child.on('message', (reply: Reply) => this.jobs.get(reply.id)?.deliver(reply))
  }

  /** Starts a job in the worker. */
  run(op: string, args: Record<string, unknown>): Job {
    const job = new Job(this.next++, this)
    this.jobs.set(job.id, job)
    this.send({ id: job.id, op, args })
    return job
  }

  /** @internal */
  send(message: object): void {
    this.child.send(message)
  }

  /** Ends the worker and resolves once it has exited. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve()
      this.child.once('exit', () => resolve())
      this.child.disconnect()
      setTimeout(() => this.child.kill('SIGKILL'), 3000).unref()
    })
  }
}
