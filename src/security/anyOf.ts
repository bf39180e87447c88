import type { ZapPolicy, ZapVerdict } from './ZapPolicy'
import { toVerdict } from './internal/toVerdict'

/**
 * A ZAP policy that lets a peer in if one of the policies does, asking them in order and
 * stopping at the first that allows; when all refuse, the last refusal is returned. A policy
 * that throws or gives no verdict refuses (through {@link authorize}): it is not skipped.
 *
 * ## Example
 * ```ts
 * authorize(anyOf(allowPublicKeys(trusted), allowPlain({ admin: password })))
 * ```
 * @see allOf
 */
export function anyOf(...policies: ZapPolicy[]): ZapPolicy {
  return async (request): Promise<ZapVerdict> => {
    let refusal: ZapVerdict = { allow: false, statusText: 'No policy' }
    for (const policy of policies) {
      const verdict = toVerdict(await policy(request))
      if (verdict === undefined) throw new TypeError('anyOf: a policy gave no verdict')
      if (verdict.allow) return verdict
      refusal = verdict
    }
    return refusal
  }
}
