import { inspect } from 'node:util'

/**
 * Freezes a plain object of options and makes `console.log`, `util.inspect` and
 * `JSON.stringify` show `'[redacted]'` for the named fields. The redaction is not enumerable,
 * so spreading the object (`{ ...options }`) copies the real values and nothing else.
 */
export function redact<T extends object>(options: T, secrets: readonly (keyof T)[]): T {
  const shown: Record<string, unknown> = { ...(options as Record<string, unknown>) }
  for (const name of secrets) {
    if (shown[name as string] !== undefined) shown[name as string] = '[redacted]'
  }
  Object.defineProperties(options, {
    toJSON: { value: () => shown },
    [inspect.custom]: { value: () => shown },
  })
  return Object.freeze(options)
}
