/**
 * The key Node's `util.inspect` looks for, made with `Symbol.for` so that no code that also
 * runs in browsers imports `node:util`.
 */
export const INSPECT: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never

/** What Node's `util.inspect` passes to an `[INSPECT]` method (only what rxzmq uses). */
export interface InspectOptions {
  readonly depth?: number | null
}

/** The `inspect` function Node passes as the third argument of an `[INSPECT]` method. */
export type Inspect = (value: unknown, options: object) => string

/**
 * Formats an object for `util.inspect` as its class name followed by `shown`, an object of
 * plain values, formatted with the caller's options one level deeper.
 */
export function inspectAs(
  name: string,
  shown: object,
  depth: number,
  options: InspectOptions,
  inspect: Inspect | undefined,
): string {
  if (depth < 0 || inspect === undefined) return `[${name}]`
  const nested = { ...options, depth: options.depth == null ? options.depth : options.depth - 1 }
  return `${name} ${inspect(shown, nested)}`
}
