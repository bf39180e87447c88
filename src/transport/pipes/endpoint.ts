import { invalidEndpoint, splitEndpoint } from '../endpointSyntax'

/** An endpoint taken apart, by the rules libzmq applies. */
export interface Endpoint {
  /** As given. */
  readonly text: string
  /** `tcp`, `ipc`, `inproc`, `ws`, `wss`. */
  readonly scheme: string
  /** tcp/ws: the host (`*` binds every interface); ipc: the path; inproc: the name. */
  readonly host: string
  /** tcp/ws: the port, `*` or `0` for any free port (bind only); otherwise undefined. */
  readonly port: string | undefined
  /** ws: the path after the port (`/` when none). */
  readonly path: string
}

/**
 * Checks an endpoint by libzmq's rules and takes it apart: `transport://address`, a transport
 * the network serves, for tcp and ws a `host:port` whose port is a number (or `*`/`0` to bind
 * any free port), and a real host to connect to (`*` binds every interface; it cannot be
 * connected to). Throws an InvalidEndpointError naming what is wrong.
 */
export function parseEndpoint(
  given: unknown,
  socketType: string,
  action: 'bind' | 'connect',
  schemes: readonly string[],
  transport: string,
): Endpoint {
  const { text: endpoint, scheme, address } = splitEndpoint(given, socketType)
  if (!schemes.includes(scheme)) {
    throw invalidEndpoint(
      endpoint,
      socketType,
      'EPROTONOSUPPORT',
      `the ${transport} transport does not serve '${scheme}' (it serves ${schemes.join(', ')})`,
    )
  }
  if (scheme !== 'tcp' && scheme !== 'ws' && scheme !== 'wss') {
    return { text: endpoint, scheme, host: address, port: undefined, path: '/' }
  }
  const slash = scheme === 'tcp' ? -1 : address.indexOf('/', address.lastIndexOf(']') + 1)
  const hostPort = slash < 0 ? address : address.slice(0, slash)
  const path = slash < 0 ? '/' : address.slice(slash)
  const colon = hostPort.lastIndexOf(':')
  if (colon <= 0 || hostPort.endsWith(']')) {
    throw invalidEndpoint(
      endpoint,
      socketType,
      'EINVAL',
      `a ${scheme} address needs host:port, e.g. ${scheme}://127.0.0.1:5555`,
    )
  }
  let host = hostPort.slice(0, colon)
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1)
  const port = hostPort.slice(colon + 1)
  if (action === 'connect' && (host === '*' || host === '0.0.0.0')) {
    throw invalidEndpoint(
      endpoint,
      socketType,
      'EINVAL',
      `'${host}' means every interface: it can be bound, not connected to (connect to 127.0.0.1 or localhost)`,
    )
  }
  if (port === '*' || port === '0') {
    if (action === 'connect') {
      throw invalidEndpoint(
        endpoint,
        socketType,
        'EINVAL',
        `port '${port}' (any free port) can only be bound`,
      )
    }
    return { text: endpoint, scheme, host, port, path }
  }
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    throw invalidEndpoint(
      endpoint,
      socketType,
      'EINVAL',
      `port '${port}' is not a port number (1-65535)`,
    )
  }
  return { text: endpoint, scheme, host, port, path }
}
