import type { ZapVerdict } from '../ZapPolicy'

const marked = new WeakSet<object>()

/**
 * Refusals that only say "this policy is for another mechanism" (allowPublicKeys seeing a
 * PLAIN peer). anyOf reports another policy's refusal in preference, as more telling.
 */
export const mismatch = {
  /** A refusal marked as a mechanism mismatch. */
  refusal(statusText: string): ZapVerdict {
    const verdict = { allow: false as const, statusText }
    marked.add(verdict)
    return verdict
  },
  /** True for a verdict made by `refusal()`. */
  is(verdict: unknown): boolean {
    return typeof verdict === 'object' && verdict !== null && marked.has(verdict)
  },
}
