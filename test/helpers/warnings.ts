/** Process warnings captured by {@link captureWarnings}. */
export interface CapturedWarnings {
  /** The messages of the warnings emitted so far, in order. */
  readonly messages: string[]
  /** Puts `process.emitWarning` back. */
  restore(): void
}

/**
 * Captures the process warnings rxzmq emits (`process.emitWarning`) instead of printing them,
 * synchronously and in order. Call `restore()` when done (in a `finally` or `afterEach`).
 */
export function captureWarnings(): CapturedWarnings {
  const messages: string[] = []
  const spy = jest.spyOn(process, 'emitWarning').mockImplementation((warning: string | Error) => {
    messages.push(typeof warning === 'string' ? warning : warning.message)
  })
  return { messages, restore: () => spy.mockRestore() }
}
