import { InvalidEndpointError } from '../../errors/InvalidEndpointError'
import type { ZmqError } from '../../errors/ZmqError'
import { toZmqError } from '../../internal/toZmqError'

/** The codes of a bind, connect, unbind or disconnect that refused the endpoint. */
const endpointCodes = new Set([
  'EADDRINUSE',
  'EADDRNOTAVAIL',
  'EINVAL',
  'EPROTONOSUPPORT',
  'ENAMETOOLONG',
  'ENODEV',
  'ENOCOMPATPROTO',
  'EACCES',
  'ENOENT',
])

/** What libzmq's endpoint codes mean, in words. */
const explain: Readonly<Record<string, string>> = {
  EADDRINUSE: 'the address is already in use',
  EADDRNOTAVAIL: 'the address is not available on this host',
  EPROTONOSUPPORT: 'the transport is not supported',
  ENAMETOOLONG: 'the ipc path is too long',
  ENODEV: 'no such network interface',
  ENOCOMPATPROTO: 'the transport does not fit this socket type',
}

const ENDPOINT_OPERATIONS = new Set(['bind', 'connect', 'unbind', 'disconnect'])

/**
 * {@link toZmqError} for what zeromq.js throws, which may concern an endpoint: the code
 * explained in words, and an endpoint libzmq refused (in use, not available, a transport it
 * does not have...) as an {@link InvalidEndpointError}.
 */
export function nativeError(
  error: unknown,
  socketType: string,
  operation: string,
  endpoint?: string,
): ZmqError {
  const converted = toZmqError(error, socketType, operation, endpoint, explain)
  if (
    converted === error ||
    converted.endpoint === undefined ||
    !ENDPOINT_OPERATIONS.has(operation) ||
    !endpointCodes.has(converted.code)
  ) {
    return converted
  }
  return new InvalidEndpointError(converted.message, {
    code: converted.code,
    errno: converted.errno,
    endpoint: converted.endpoint,
    socketType,
    cause: error,
  })
}
