import { invalidEndpoint, splitEndpoint } from '../endpointSyntax'
import { zmq } from './zeromq'

const transports = [
  'tcp',
  'ipc',
  'inproc',
  'ws',
  'wss',
  'udp',
  'pgm',
  'epgm',
  'norm',
  'tipc',
  'vmci',
] as const

/**
 * The transports this build of libzmq can bind and connect.
 *
 * ## Example
 * ```ts
 * const endpoint = supportedTransports().includes('ipc') ? 'ipc:///tmp/work' : 'tcp://127.0.0.1:5557'
 * const pull = new PullSocket({ bind: endpoint })
 * ```
 */
export function supportedTransports(): string[] {
  const cap = zmq.capability
  return transports.filter((t) => {
    if (t === 'wss') return false // measured: EPROTONOSUPPORT in the bundled libzmq
    if (t === 'pgm' || t === 'epgm') return cap.pgm === true
    if (t === 'norm') return cap.norm === true
    if (t === 'ipc') return cap.ipc === true
    if (t === 'tipc') return cap.tipc === true
    if (t === 'vmci') return false
    return true
  })
}

/**
 * Checks an endpoint before it reaches libzmq, so that a mistake gets an error naming what is
 * wrong rather than a bare EINVAL: the syntax, the transport, and for tcp/ws/udp the port.
 * What it lets through, libzmq checks again.
 */
export function checkEndpoint(
  given: unknown,
  socketType: string,
  action: 'bind' | 'connect',
): string {
  const { text: endpoint, scheme: transport, address } = splitEndpoint(given, socketType)
  if (!(transports as readonly string[]).includes(transport)) {
    throw invalidEndpoint(
      endpoint,
      socketType,
      'EPROTONOSUPPORT',
      `unknown transport '${transport}' (this build supports ${supportedTransports().join(', ')})`,
    )
  }
  if (!supportedTransports().includes(transport)) {
    throw invalidEndpoint(
      endpoint,
      socketType,
      'EPROTONOSUPPORT',
      `transport '${transport}' is not supported by this build of libzmq (it supports ${supportedTransports().join(', ')})`,
    )
  }
  if (transport === 'tcp' || transport === 'ws' || transport === 'udp') {
    checkPort(endpoint, address, transport, socketType, action)
  }
  return endpoint
}

function checkPort(
  endpoint: string,
  address: string,
  transport: string,
  socketType: string,
  action: string,
): void {
  // tcp://[source;]host:port, ws://host:port[/path]
  const hostPort = address.slice(address.lastIndexOf(';') + 1).replace(/\/.*$/, '')
  const colon = hostPort.lastIndexOf(':')
  if (colon <= 0 || hostPort.endsWith(']')) {
    throw invalidEndpoint(
      endpoint,
      socketType,
      'EINVAL',
      `a ${transport} address needs host:port, e.g. ${transport}://127.0.0.1:5555`,
    )
  }
  const port = hostPort.slice(colon + 1)
  if (port === '*' || port === '!') {
    if (action === 'connect') {
      throw invalidEndpoint(
        endpoint,
        socketType,
        'EINVAL',
        `port '${port}' (any free port) can only be bound, not connected to`,
      )
    }
    return
  }
  if (
    !/^\d{1,5}$/.test(port) ||
    Number(port) > 65535 ||
    (Number(port) === 0 && action === 'connect')
  ) {
    throw invalidEndpoint(
      endpoint,
      socketType,
      'EINVAL',
      `port '${port}' is not a port number (1-65535${action === 'bind' ? ", or '*' for any free port" : ''})`,
    )
  }
}
