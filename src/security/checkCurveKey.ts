import { InvalidKeyError } from '../errors/InvalidKeyError'
import { z85 } from './internal/z85'

/**
 * Checks that a value is a CURVE key as libzmq takes it: 40 Z85 characters (RFC 32) encoding
 * 32 octets. Returns the key; throws an {@link InvalidKeyError} naming `option` and what is
 * wrong, never the key itself.
 *
 * ## Example
 * ```ts
 * const serverKey = checkCurveKey(process.env.SERVER_KEY, 'SERVER_KEY')
 * // InvalidKeyError: SERVER_KEY: a CURVE key is 40 Z85 characters, got 39 characters
 * ```
 * @see {@link curveKeyPair}
 */
export function checkCurveKey(key: unknown, given: string = 'key'): string {
  const option = typeof given === 'string' ? given : 'key'
  if (typeof key !== 'string') {
    throw new InvalidKeyError(
      `${option}: a CURVE key is a string of 40 Z85 characters, got ${describe(key)}`,
      option,
    )
  }
  if (key.length !== 40) {
    throw new InvalidKeyError(
      `${option}: a CURVE key is 40 Z85 characters, got ${key.length} characters`,
      option,
    )
  }
  const why = z85.problem(key)
  if (why !== undefined) {
    throw new InvalidKeyError(`${option}: not a Z85-encoded CURVE key: ${why}`, option)
  }
  return key
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Buffer.isBuffer(value)) return `a Buffer of ${value.length} bytes (encode it as Z85)`
  if (typeof value === 'object') return 'an object'
  return typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`
}
