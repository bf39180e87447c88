import { checkCurveKey } from './checkCurveKey'
import type { ZapPolicy } from './ZapPolicy'
import { mismatch } from './internal/mismatch'
import { requireRequest } from './internal/requireRequest'
import { readIterable } from '../internal/args'

/**
 * A ZAP policy that lets in CURVE clients whose long-term public key is in `keys`, and
 * refuses everyone else (400), including peers not using CURVE. Each key is checked when the
 * policy is made: a bad one throws an {@link InvalidKeyError} naming its index, never its value.
 *
 * ## Example
 * ```ts
 * zapRequests().pipe(authorize(allowPublicKeys([alice.publicKey, bob.publicKey]))).subscribe()
 * ```
 * @see {@link authorize}
 */
export function allowPublicKeys(keys: Iterable<string>): ZapPolicy {
  const allowed = new Set<string>()
  let index = 0
  for (const key of readIterable(keys, 'allowPublicKeys', 'keys')) {
    allowed.add(checkCurveKey(key, `allowPublicKeys[${index++}]`))
  }
  return (given) => {
    const request = requireRequest(given, 'allowPublicKeys')
    if (request.mechanism !== 'CURVE') {
      return mismatch.refusal('CURVE required')
    }
    return allowed.has(request.publicKey!)
      ? { allow: true }
      : { allow: false, statusText: 'Public key not allowed' }
  }
}
