import type { ZapVerdict } from '../ZapPolicy'

/** A verdict in its long form, or undefined when the value is no verdict at all. */
export type FullVerdict =
  | { allow: true; userId?: string }
  | { allow: false; statusCode?: 300 | 400 | 500; statusText?: string }

/** Reads what a policy returned; anything that is not a {@link ZapVerdict} gives undefined. */
export function toVerdict(value: unknown): FullVerdict | undefined {
  if (value === true) return { allow: true }
  if (value === false) return { allow: false }
  if (typeof value !== 'object' || value === null) return undefined
  const verdict = value as Exclude<ZapVerdict, boolean>
  if (verdict.allow === true) return verdict
  if (verdict.allow === false) return verdict
  return undefined
}
