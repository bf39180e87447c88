import type { ZmqError } from '../errors/ZmqError'
import { emitWarning } from './platform'

/**
 * Process warnings for one source of many similar errors (a server's failed requests): the
 * first is emitted at once, those of the next `intervalMs` are counted and summed up in one
 * warning when it ends. A server fed garbage says so without flooding stderr. The timer never
 * keeps the process alive.
 */
export class CoalescedWarning {
  private windowOpen = false
  private suppressed = 0
  private last: ZmqError | undefined

  constructor(
    private readonly who: string,
    private readonly what: string,
    private readonly intervalMs = 1000,
  ) {}

  report(error: ZmqError): void {
    if (this.windowOpen) {
      this.suppressed++
      this.last = error
      return
    }
    emit(`${this.who}: ${this.what}: ${shown(error)}`, error.code)
    this.openWindow()
  }

  private openWindow(): void {
    this.windowOpen = true
    const timer = setTimeout(() => {
      this.windowOpen = false
      const count = this.suppressed
      const last = this.last
      this.suppressed = 0
      this.last = undefined
      if (count > 0 && last !== undefined) {
        emit(
          `${this.who}: ${count} more ${count === 1 ? 'time' : 'times'} in the last ${this.intervalMs} ms: ${this.what}; the last: ${shown(last)}`,
          last.code,
        )
        this.openWindow()
      }
    }, this.intervalMs)
    timer.unref?.()
  }
}

function shown(error: ZmqError): string {
  return `${error.name}: ${error.message}`
}

function emit(message: string, code: string): void {
  emitWarning(message, code)
}
