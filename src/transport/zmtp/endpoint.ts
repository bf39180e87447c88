import { InvalidEndpointError } from '../../errors/InvalidEndpointError'

/** A parsed `tcp://` or `ipc://` endpoint, as `net` takes it. */
export type ZmtpAddress =
  | {
      readonly scheme: 'tcp'
      /** The host to bind or dial; `'0.0.0.0'` for `*`, an IPv6 address without brackets. */
      readonly host: string
      /** 0 for `*` or `0` (bind: any free port). */
      readonly port: number
    }
  | {
      readonly scheme: 'ipc'
      /** The socket path; a leading NUL for a Linux abstract socket (`ipc://@name`). */
      readonly path: string
    }

/** Linux's `sun_path` holds 108 octets, the terminating NUL included. */
const MAX_IPC_PATH = 107

/**
 * Reads a `tcp://host:port` or `ipc://path` endpoint. Binding takes `tcp://*:port` (every IPv4
 * interface), port `*` or `0` (any free port); dialing wants a real port. `ipc://@name` is a
 * Linux abstract socket; note that Node 20 (libuv 1.46) pads abstract names with NULs to the
 * whole `sun_path` where libzmq uses the exact length, so such endpoints reach rxzmq's ZMTP
 * pipes but not libzmq's. Throws an {@link InvalidEndpointError}: `EPROTONOSUPPORT` for other
 * transports, `EINVAL` for bad syntax or what this transport does not do (tcp source addresses
 * `src;dst`, `ipc://*`), `ENAMETOOLONG` for an ipc path over 107 octets.
 */
export function parseEndpoint(endpoint: string, action: 'bind' | 'connect'): ZmtpAddress {
  const match = /^([a-zA-Z0-9+.-]+):\/\/(.*)$/s.exec(endpoint)
  if (match === null) {
    throw invalid(endpoint, 'EINVAL', 'expected transport://address, e.g. tcp://127.0.0.1:5555')
  }
  const scheme = match[1].toLowerCase()
  const address = match[2]
  if (scheme === 'ipc') return parseIpc(endpoint, address)
  if (scheme !== 'tcp') {
    throw invalid(
      endpoint,
      'EPROTONOSUPPORT',
      `the zmtp transport does not do '${scheme}' (it does tcp and ipc)`,
    )
  }
  if (address.includes(';')) {
    throw invalid(endpoint, 'EINVAL', 'tcp source addresses (src;dst) are not supported here')
  }
  const colon = address.lastIndexOf(':')
  if (colon <= 0) {
    throw invalid(endpoint, 'EINVAL', 'a tcp address needs host:port, e.g. tcp://127.0.0.1:5555')
  }
  let host = address.slice(0, colon)
  const portText = address.slice(colon + 1)
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1)
  if (host.length === 0 || /[\s/[\]]/.test(host)) {
    throw invalid(endpoint, 'EINVAL', `'${host}' is not a host`)
  }
  if (host === '*') {
    if (action === 'connect') {
      throw invalid(endpoint, 'EINVAL', "'*' (every interface) can be bound, not dialed")
    }
    host = '0.0.0.0'
  }
  let port: number
  if (portText === '*' || portText === '0') {
    if (action === 'connect') {
      throw invalid(
        endpoint,
        'EINVAL',
        `port '${portText}' (any free port) can be bound, not dialed`,
      )
    }
    port = 0
  } else if (/^\d{1,5}$/.test(portText) && Number(portText) >= 1 && Number(portText) <= 65535) {
    port = Number(portText)
  } else {
    throw invalid(
      endpoint,
      'EINVAL',
      `port '${portText}' is not a port number (1-65535${action === 'bind' ? ", or '*' for any free port" : ''})`,
    )
  }
  return { scheme: 'tcp', host, port }
}

function parseIpc(endpoint: string, address: string): ZmtpAddress {
  if (address.length === 0) throw invalid(endpoint, 'EINVAL', 'an ipc endpoint needs a path')
  if (address === '*') {
    throw invalid(endpoint, 'EINVAL', 'ipc://* (a generated path) is not supported here')
  }
  if (address.includes('\0')) throw invalid(endpoint, 'EINVAL', 'an ipc path cannot hold NUL')
  const path = address.startsWith('@') ? `\0${address.slice(1)}` : address
  if (Buffer.byteLength(path) > MAX_IPC_PATH) {
    throw invalid(
      endpoint,
      'ENAMETOOLONG',
      `the ipc path is ${Buffer.byteLength(path)} octets long (at most ${MAX_IPC_PATH})`,
    )
  }
  return { scheme: 'ipc', path }
}

/** The endpoint of a bound tcp address as libzmq writes it (`tcp://127.0.0.1:5555`). */
export function tcpEndpoint(host: string, port: number): string {
  return `tcp://${host.includes(':') ? `[${host}]` : host}:${port}`
}

const errnos: Record<string, number> = {
  EINVAL: 22,
  EPROTONOSUPPORT: 93,
  ENAMETOOLONG: 36,
  EADDRINUSE: 98,
  EADDRNOTAVAIL: 99,
  EACCES: 13,
  ENOENT: 2,
}

/** An {@link InvalidEndpointError} for `endpoint`, with the errno of `code` when known. */
export function invalid(
  endpoint: string,
  code: string,
  reason: string,
  cause?: unknown,
): InvalidEndpointError {
  return new InvalidEndpointError(`zmtp: endpoint '${endpoint}': ${reason} (${code})`, {
    code,
    errno: errnos[code],
    endpoint,
    cause,
  })
}
