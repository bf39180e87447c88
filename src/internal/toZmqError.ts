import { SocketClosedError } from '../errors/SocketClosedError'
import { describeValue } from '../core/describeValue'
import { ZmqError } from '../errors/ZmqError'

/** The fields rxzmq reads of an error of unknown shape (zeromq.js's, Node's). */
export interface NativeError {
  code?: string
  errno?: number
  address?: string
  message?: string
}

/** What the codes a send or a receive may meet at any time mean, in words. */
const explain: Readonly<Record<string, string>> = {
  EAGAIN:
    'libzmq could not do it now (a sendTimeout/receiveTimeout expired, or a resource was busy)',
  EHOSTUNREACH: 'the peer is not connected (Router with mandatory)',
  EFSM: 'the socket is not in a state to do this',
}

/**
 * Turns whatever a transport or a callback threw into rxzmq's typed error, keeping the original
 * as `cause`: a ZmqError as it is, a native "socket is gone" code as a SocketClosedError, and
 * anything else as a ZmqError saying which socket, what it was doing and why. (The native
 * transport types its own endpoint errors first: `transport/native/nativeError.ts`.)
 */
export function toZmqError(
  error: unknown,
  socketType: string,
  operation: string,
  endpoint?: string,
  explained: Readonly<Record<string, string>> = explain,
): ZmqError {
  if (error instanceof ZmqError) return error
  const { code = 'EUNKNOWN', errno, address, message } = readNative(error)
  const at = endpoint ?? address
  if (code === 'EBADF' || code === 'ENOTSOCK' || code === 'ETERM') {
    return new SocketClosedError(socketType, operation, error)
  }
  const reason = explained[code] ?? explain[code] ?? message ?? describeValue(error)
  return new ZmqError(
    `${socketType}: ${operation}${at ? ` '${at}'` : ''} failed: ${reason} (${code})`,
    { code, errno, endpoint: at, socketType, cause: error },
  )
}

/** The fields of an error of unknown shape that are what they should be (never throws). */
export function readNative(error: unknown): NativeError {
  const field = (name: string): unknown => {
    if (typeof error !== 'object' || error === null) return undefined
    try {
      return (error as Record<string, unknown>)[name]
    } catch {
      return undefined
    }
  }
  const text = (name: string): string | undefined => {
    const value = field(name)
    return typeof value === 'string' ? value : undefined
  }
  const errno = field('errno')
  return {
    code: text('code'),
    errno: typeof errno === 'number' ? errno : undefined,
    address: text('address'),
    message: text('message'),
  }
}
