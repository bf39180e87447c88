import type { ZapPolicy, ZapVerdict } from './ZapPolicy'
import { requireRequest } from './internal/requireRequest'
import { requireFunction } from '../internal/args'
import { ZmqError } from '../errors/ZmqError'
import { toVerdict } from './internal/toVerdict'

/**
 * A ZAP policy that lets a peer in only if every policy does, asking them in order and
 * stopping at the first refusal, which it returns. The user id is the last one given. A policy
 * that throws or gives no verdict refuses (through {@link authorize}).
 *
 * ## Example
 * ```ts
 * authorize(allOf(allowAddresses(['10.0.0.0/8']), allowPublicKeys(trusted)))
 * ```
 * @see {@link anyOf}
 */
export function allOf(...policies: ZapPolicy[]): ZapPolicy {
  policies.forEach((policy, i) => requireFunction(policy, 'allOf', `policies[${i}]`))
  return async (given): Promise<ZapVerdict> => {
    const request = requireRequest(given, 'allOf')
    if (policies.length === 0) return { allow: false, statusText: 'No policy' }
    let userId: string | undefined
    for (const policy of policies) {
      const verdict = toVerdict(await policy(request))
      if (verdict === undefined) throw ZapPolicyError('allOf: a policy gave no verdict')
      if (!verdict.allow) return verdict
      userId = verdict.userId ?? userId
    }
    return { allow: true, userId }
  }
}

/** A policy that gave no verdict (authorize() refuses the peer then, failing closed). */
function ZapPolicyError(message: string): ZmqError {
  return new ZmqError(message, { code: 'EINVAL' })
}
