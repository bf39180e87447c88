import type { ZapPolicy } from './ZapPolicy'
import { addressList, matches } from './internal/addressList'
import { requireRequest } from './internal/requireRequest'

/**
 * A ZAP policy that refuses peers whose IP address is in `addresses` (single addresses or CIDR
 * ranges) with 400 and lets the others in: a block list, to put first in {@link allOf}.
 *
 * ## Example
 * ```ts
 * zapRequests().pipe(authorize(allOf(denyAddresses(['203.0.113.0/24']), allowPublicKeys(trusted)))).subscribe()
 * ```
 * @see {@link allowAddresses}
 */
export function denyAddresses(addresses: Iterable<string>): ZapPolicy {
  const list = addressList(addresses, 'denyAddresses')
  return (request) =>
    matches(list, requireRequest(request, 'denyAddresses').address)
      ? { allow: false, statusText: 'Address denied' }
      : { allow: true }
}
