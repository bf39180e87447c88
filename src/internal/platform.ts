// The little rxzmq needs from its platform, on Node and in browsers alike.

interface NodeProcess {
  emitWarning(message: string, options: { type: string; code?: string }): void
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
