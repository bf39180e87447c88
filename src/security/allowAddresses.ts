import type { ZapPolicy } from './ZapPolicy'
import { addressList, matches } from './internal/addressList'
import { requireRequest } from './internal/requireRequest'

/**
 * A ZAP policy that lets in peers whose IP address is in `addresses` (single addresses or
 * CIDR ranges, IPv4 or IPv6) and refuses the others (400), whatever their mechanism. Alone it
 * checks the address only: combine it with {@link allOf} to check a key or password too. For
 * NULL-mechanism servers, libzmq asks the handler only when the server has a `zapDomain`.
 *
 * ## Example
 * ```ts
 * zapRequests()
 *   .pipe(authorize(allOf(allowAddresses(['127.0.0.1', '10.0.0.0/8']), allowPublicKeys(trusted))))
 *   .subscribe()
 * ```
 * @see {@link denyAddresses}
 * @see {@link authorize}
 */
export function allowAddresses(addresses: Iterable<string>): ZapPolicy {
  const list = addressList(addresses, 'allowAddresses')
  return (request) =>
    matches(list, requireRequest(request, 'allowAddresses').address)
      ? { allow: true }
      : { allow: false, statusText: 'Address not allowed' }
}
