import { InvalidKeyError } from '../../errors/InvalidKeyError'

/**
 * The named fields of a key pair or credentials object, read once. A getter that throws, and
 * a value that is not an object, are an InvalidKeyError naming the helper (never the value:
 * it may be a key).
 */
export function readKeys<K extends string>(
  value: unknown,
  helper: string,
  names: readonly K[],
): Partial<Record<K, unknown>> {
  if (typeof value !== 'object' || value === null) {
    throw new InvalidKeyError(`${helper}: expected an object with ${names.join(', ')}`, names[0]!)
  }
  const read: Partial<Record<K, unknown>> = {}
  for (const name of names) {
    try {
      const field = (value as Record<string, unknown>)[name]
      if (field !== undefined) read[name] = field
    } catch {
      throw new InvalidKeyError(`${helper}: '${name}' cannot be read`, name)
    }
  }
  return read
}
