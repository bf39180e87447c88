// The little rxzmq needs from its platform, on Node and in browsers alike.

interface NodeProcess {
  emitWarning(message: string, options: { type: string; code?: string }): void
  on(event: 'beforeExit' | 'exit', listener: () => void): unknown
  readonly pid: number
  readonly stderr: { write(text: string): unknown }
}

const nodeProcess = (globalThis as { process?: Partial<NodeProcess> }).process

/**
 * Reports something that went wrong where nobody was listening: a process warning on Node
 * (`RxZmqWarning`, shown once per message by Node's default handler), `console.warn` in a
 * browser. Never throws.
 */
export function emitWarning(message: string, code?: string): void {
  if (typeof nodeProcess?.emitWarning === 'function') {
    nodeProcess.emitWarning(message, { type: 'RxZmqWarning', code })
  } else {
    console.warn(`RxZmqWarning: ${message}`)
  }
}

/** Runs `task` after the current turn of the event loop (setImmediate on Node). */
export const soon: (task: () => void) => void =
  typeof setImmediate === 'function'
    ? (task) => void setImmediate(task)
    : (task) => void setTimeout(task, 0)

/**
 * A warning given as the process ends (Node's `exit` event), where `emitWarning` would never be
 * printed: written to stderr at once, in the form of Node's own warnings. Never throws.
 */
export function warnNow(message: string, code?: string): void {
  try {
    if (typeof nodeProcess?.stderr?.write === 'function') {
      const tag = code === undefined ? '' : `[${code}] `
      nodeProcess.stderr.write(`(node:${nodeProcess.pid}) ${tag}RxZmqWarning: ${message}\n`)
    } else {
      console.warn(`RxZmqWarning: ${message}`)
    }
  } catch {
    // stderr closed: nothing left to tell
  }
}

interface ProcessEnd {
  readonly idle: () => void
  readonly exiting: () => void
}

/**
 * Calls `idle` whenever nothing else keeps Node running (`beforeExit`: work it starts keeps the
 * process alive, and `idle` comes again once that is done) and `exiting` as the process ends
 * (`exit`, also after `process.exit()`: synchronous work only). One pair of listeners per
 * process, however many copies of rxzmq are loaded (a test runner's module registries). Does
 * nothing outside Node.
 */
export function atProcessEnd(idle: () => void, exiting: () => void): void {
  if (typeof nodeProcess?.on !== 'function') return
  const key = Symbol.for('rxzmq.processEnd')
  const holder = nodeProcess as unknown as Record<symbol, ProcessEnd[] | undefined>
  let hooks = holder[key]
  if (hooks === undefined) {
    const all: ProcessEnd[] = []
    hooks = holder[key] = all
    nodeProcess.on('beforeExit', () => {
      for (const hook of all) hook.idle()
    })
    nodeProcess.on('exit', () => {
      for (const hook of all) hook.exiting()
    })
  }
  hooks.push({ idle, exiting })
}
