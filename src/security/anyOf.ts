import type { ZapPolicy, ZapVerdict } from './ZapPolicy'
import { requireRequest } from './internal/requireRequest'
import { requireFunction } from '../internal/args'
import { ZmqError } from '../errors/ZmqError'
import { mismatch } from './internal/mismatch'
import { toVerdict } from './internal/toVerdict'

/**
 * A ZAP policy that lets a peer in if one of the policies does, asking them in order and
 * stopping at the first that allows. When all refuse, it returns the first refusal, preferring
 * one that is not just "this policy is for another mechanism" (so a CURVE peer refused by
 * `anyOf(allowPublicKeys(...), allowPlain(...))` reads "Public key not allowed"). A policy
 * that throws or gives no verdict refuses (through {@link authorize}): it is not skipped.
 *
 * ## Example
 * ```ts
 * authorize(anyOf(allowPublicKeys(trusted), allowPlain({ admin: password })))
 * ```
 * @see {@link allOf}
 */
export function anyOf(...policies: ZapPolicy[]): ZapPolicy {
  policies.forEach((policy, i) => requireFunction(policy, 'anyOf', `policies[${i}]`))
  return async (given): Promise<ZapVerdict> => {
    const request = requireRequest(given, 'anyOf')
    let refusal: ZapVerdict | undefined
    for (const policy of policies) {
      const result = await policy(request)
      const verdict = toVerdict(result)
      if (verdict === undefined) throw ZapPolicyError('anyOf: a policy gave no verdict')
      if (verdict.allow) return verdict
      if (refusal === undefined || (mismatch.is(refusal) && !mismatch.is(result))) refusal = verdict
    }
    return refusal ?? { allow: false, statusText: 'No policy' }
  }
}

/** A policy that gave no verdict (authorize() refuses the peer then, failing closed). */
function ZapPolicyError(message: string): ZmqError {
  return new ZmqError(message, { code: 'EINVAL' })
}
