import { BlockList, isIP } from 'node:net'
import { InvalidOptionError } from '../../errors/InvalidOptionError'
import { readIterable } from '../../internal/args'

/**
 * Node's BlockList from IP addresses and CIDR ranges (`'10.0.0.0/8'`, `'::1'`), checking each
 * entry; `helper` names the caller in errors. An IPv4 rule also matches the IPv4-mapped IPv6
 * form of its addresses.
 */
export function addressList(addresses: Iterable<string>, helper: string): BlockList {
  const list = new BlockList()
  let index = 0
  for (const entry of readIterable(addresses, helper, 'addresses')) {
    const where = `${helper}[${index++}]`
    if (typeof entry !== 'string') {
      throw new InvalidOptionError(`${where}: expected an IP address or CIDR range string`, {
        option: where,
        code: 'EINVAL',
      })
    }
    const [address, prefix, extra] = entry.split('/')
    const family = isIP(address)
    const bits = prefix === undefined ? undefined : Number(prefix)
    const max = family === 6 ? 128 : 32
    if (
      family === 0 ||
      extra !== undefined ||
      (bits !== undefined && !(prefix !== '' && Number.isInteger(bits) && bits >= 0 && bits <= max))
    ) {
      throw new InvalidOptionError(
        `${where}: '${entry}' is not an IP address or CIDR range (e.g. '192.168.1.7', '10.0.0.0/8', '::1')`,
        { option: where, code: 'EINVAL' },
      )
    }
    const type = family === 6 ? 'ipv6' : 'ipv4'
    if (bits === undefined) list.addAddress(address, type)
    else list.addSubnet(address, bits, type)
  }
  return list
}

/** True when an address (as libzmq reports it) matches the list. */
export function matches(list: BlockList, address: string): boolean {
  const family = isIP(address)
  if (family === 0) return false
  return list.check(address, family === 6 ? 'ipv6' : 'ipv4')
}
