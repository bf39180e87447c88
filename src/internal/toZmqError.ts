import { InvalidEndpointError } from '../errors/InvalidEndpointError'
import { SocketClosedError } from '../errors/SocketClosedError'
import { describeValue } from '../core/describeValue'
import { ZmqError } from '../errors/ZmqError'

interface NativeError {
  code?: string
  errno?: number
  address?: string
  message?: string
}

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

const explain: Record<string, string> = {
  EADDRINUSE: 'the address is already in use',
  EADDRNOTAVAIL: 'the address is not available on this host',
  EPROTONOSUPPORT: 'the transport is not supported',
  ENAMETOOLONG: 'the ipc path is too long',
  ENODEV: 'no such network interface',
  ENOCOMPATPROTO: 'the transport does not fit this socket type',
  EAGAIN:
    'libzmq could not do it now (a sendTimeout/receiveTimeout expired, or a resource was busy)',
  EHOSTUNREACH: 'the peer is not connected (Router with mandatory)',
  EFSM: 'the socket is not in a state to do this',
}

/** Turns whatever zeromq.js threw into rxzmq's typed error, keeping the native one as `cause`. */
export function toZmqError(
  error: unknown,
  socketType: string,
  operation: string,
  endpoint?: string,
): ZmqError {
  if (error instanceof ZmqError) return error
  const field = (name: string): unknown => readField(error, name)
  const text = (name: string): string | undefined => {
    const value = field(name)
    return typeof value === 'string' ? value : undefined
  }
  const native: NativeError = {
    code: text('code'),
    errno: typeof field('errno') === 'number' ? (field('errno') as number) : undefined,
    address: text('address'),
    message: text('message'),
  }
  const code = native.code ?? 'EUNKNOWN'
  const at = endpoint ?? native.address
  if (code === 'EBADF' || code === 'ENOTSOCK' || code === 'ETERM') {
    return new SocketClosedError(socketType, operation, error)
  }
  const reason = explain[code] ?? native.message ?? describeValue(error)
  const message = `${socketType}: ${operation}${at ? ` '${at}'` : ''} failed: ${reason} (${code})`
  if (
    at !== undefined &&
    (operation === 'bind' ||
      operation === 'connect' ||
      operation === 'unbind' ||
      operation === 'disconnect') &&
    endpointCodes.has(code)
  ) {
    return new InvalidEndpointError(message, {
      code,
      errno: native.errno,
      endpoint: at,
      socketType,
      cause: error,
    })
  }
  return new ZmqError(message, {
    code,
    errno: native.errno,
    endpoint: at,
    socketType,
    cause: error,
  })
}

/** One field of an error of unknown shape, or undefined if it cannot be read. */
function readField(object: unknown, name: string): unknown {
  if (typeof object !== 'object' || object === null) return undefined
  try {
    return (object as Record<string, unknown>)[name]
  } catch {
    return undefined
  }
}
