import { InvalidEndpointError } from '../errors/InvalidEndpointError'

/** An {@link InvalidEndpointError} saying what is wrong with `endpoint`. */
export function invalidEndpoint(
  endpoint: string,
  socketType: string,
  code: string,
  reason: string,
): InvalidEndpointError {
  return new InvalidEndpointError(`${socketType}: invalid endpoint '${endpoint}': ${reason}`, {
    code,
    endpoint,
    socketType,
  })
}

/**
 * The first check of every transport's endpoints: a string of the form `scheme://address`.
 * Returns the scheme (lower case) and the address; throws an {@link InvalidEndpointError}
 * otherwise. What the address must look like is each transport's business.
 */
export function splitEndpoint(
  endpoint: unknown,
  socketType: string,
): { text: string; scheme: string; address: string } {
  if (typeof endpoint !== 'string') {
    const shown = endpoint === null ? 'null' : typeof endpoint
    throw invalidEndpoint(
      `(${shown})`,
      socketType,
      'EINVAL',
      `an endpoint must be a string, got ${shown}`,
    )
  }
  const match = /^([a-z0-9+.-]+):\/\/(.+)$/i.exec(endpoint)
  if (match === null) {
    throw invalidEndpoint(
      endpoint,
      socketType,
      'EINVAL',
      'expected transport://address, e.g. tcp://127.0.0.1:5555',
    )
  }
  return { text: endpoint, scheme: match[1].toLowerCase(), address: match[2] }
}
