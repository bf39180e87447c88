// What the rxzmq command does with the terminal: lines in from stdin, lines out to stdout, one
// line of progress on stderr (only when stderr is a terminal), and signals.

/**
 * The lines of a stream, without their line ends. Reads as it is consumed, so a slow consumer
 * (a socket that cannot send) holds the producer back through the pipe.
 */
export async function* readLines(input: NodeJS.ReadableStream): AsyncGenerator<string> {
  input.setEncoding('utf8')
  let rest = ''
  for await (const chunk of input as AsyncIterable<string>) {
    const parts = (rest + chunk).split('\n')
    rest = parts.pop()!
    for (const part of parts) yield part.endsWith('\r') ? part.slice(0, -1) : part
  }
  if (rest !== '') yield rest.endsWith('\r') ? rest.slice(0, -1) : rest
}

/** Lines to stdout; the progress line, if any, is cleared first when both share a terminal. */
export class Output {
  /** True once stdout is gone (the reader of a pipe exited: `rxzmq sub ... | head -1`). */
  closed = false
  private readonly closedHandlers: (() => void)[] = []
  progress: Progress | undefined

  constructor(private readonly stream: NodeJS.WriteStream = process.stdout) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
        this.closed = true
        for (const handler of this.closedHandlers.splice(0)) handler()
      } else {
        throw error
      }
    })
  }

  /** Called once when stdout closes under the command. */
  onClosed(handler: () => void): void {
    if (this.closed) handler()
    else this.closedHandlers.push(handler)
  }

  line(text: string): void {
    if (this.closed) return
    if (this.stream.isTTY === true) this.progress?.clear()
    this.stream.write(`${text}\n`)
  }
}

/** One line to stderr, for notes and errors (clearing the progress line first). */
export function note(text: string, progress?: Progress): void {
  progress?.clear()
  process.stderr.write(`${text}\n`)
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 })
const grouped = new Intl.NumberFormat('en-US')

/** 1234567 as 1.2M. */
export function short(n: number): string {
  return compact.format(n)
}

/** 1234567 as 1,234,567. */
export function full(n: number): string {
  return grouped.format(n)
}

/**
 * A progress line on stderr, redrawn in place at most ten times a second: a bar when the total
 * is known, a count and a rate otherwise. Only on a terminal; piped, it draws nothing.
 */
export class Progress {
  private done = 0
  private extra = ''
  private shown = false
  private last = 0
  private readonly started = performance.now()
  private readonly timer: ReturnType<typeof setInterval>

  private constructor(
    private readonly label: string,
    private readonly total: number | undefined,
    private readonly unit: string,
  ) {
    this.timer = setInterval(() => this.draw(), 250)
    this.timer.unref()
  }

  /** A progress line, or undefined when stderr is not a terminal. */
  static start(label: string, total?: number, unit = 'msg'): Progress | undefined {
    if (process.stderr.isTTY !== true) return undefined
    return new Progress(label, total, unit)
  }

  update(done: number, extra = ''): void {
    this.done = done
    this.extra = extra
    const now = performance.now()
    if (now - this.last >= 100) this.draw()
  }

  clear(): void {
    if (!this.shown) return
    process.stderr.write('\r\x1b[2K')
    this.shown = false
  }

  stop(): void {
    clearInterval(this.timer)
    this.clear()
  }

  private draw(): void {
    this.last = performance.now()
    const seconds = (this.last - this.started) / 1000
    const rate = seconds > 0 ? `${short(this.done / seconds)} ${this.unit}/s` : ''
    let line: string
    if (this.total !== undefined && this.total > 0) {
      const width = 24
      const fraction = Math.min(1, this.done / this.total)
      const filled = Math.round(fraction * width)
      line = `${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${full(this.done)}/${full(this.total)} ${rate}`
    } else {
      line = `${this.label} ${full(this.done)} ${this.unit} ${rate}`
    }
    if (this.extra !== '') line += ` ${this.extra}`
    const columns = process.stderr.columns ?? 80
    process.stderr.write(`\r\x1b[2K${line.slice(0, columns - 1)}`)
    this.shown = true
  }
}

/**
 * SIGINT and SIGTERM while a command runs: the command's stop handlers run once (closing its
 * sockets), and the exit code becomes 128 + the signal's number. A second signal ends the
 * process at once.
 */
export class Interrupt {
  signal: NodeJS.Signals | undefined
  private readonly handlers: (() => void)[] = []
  private readonly listener = (signal: NodeJS.Signals): void => {
    this.signal = signal
    process.removeListener('SIGINT', this.listener)
    process.removeListener('SIGTERM', this.listener)
    for (const handler of this.handlers.splice(0)) handler()
  }
  /** Resolves when a signal came. */
  readonly stopped: Promise<NodeJS.Signals>
  private resolveStopped!: (signal: NodeJS.Signals) => void

  constructor() {
    this.stopped = new Promise((resolve) => (this.resolveStopped = resolve))
    this.handlers.push(() => this.resolveStopped(this.signal!))
    process.on('SIGINT', this.listener)
    process.on('SIGTERM', this.listener)
  }

  onStop(handler: () => void): void {
    if (this.signal !== undefined) handler()
    else this.handlers.push(handler)
  }

  /** The exit code for the signal received, if any. */
  get exitCode(): number | undefined {
    if (this.signal === 'SIGINT') return 130
    if (this.signal === 'SIGTERM') return 143
    return undefined
  }

  dispose(): void {
    process.removeListener('SIGINT', this.listener)
    process.removeListener('SIGTERM', this.listener)
  }
}

/** Resolves like `promise`, or rejects with `error()` after `ms` (when ms is given). */
export function within<T>(
  promise: Promise<T>,
  ms: number | undefined,
  error: () => Error,
): Promise<T> {
  if (ms === undefined) return promise
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), ms)
  })
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}
