import { InvalidOptionError } from '../../errors/InvalidOptionError'
import { revealed } from '../../security/Secret'
import type { MechanismName } from './codec'

/** What a PLAIN server's authenticator is asked (see {@link ZmtpAuthenticate}). */
export interface ZmtpAuthRequest {
  /** The user name the client sent (UTF-8). */
  readonly username: string
  /** The password the client sent (UTF-8). */
  readonly password: string
  /** The client's IP address for tcp (as ZAP's `Address`), `''` for ipc. */
  readonly address: string
  /** The endpoint the connection came in on. */
  readonly endpoint: string
}

/**
 * A PLAIN server's authenticator, given as the internal `zmtpAuthenticate` option of the
 * local socket: true lets the client in, false (or a promise of false) refuses it with an
 * ERROR "400"; throwing or rejecting refuses it with "500". Without one a PLAIN server
 * refuses every client, as libzmq does when no ZAP handler is bound.
 */
export type ZmtpAuthenticate = (request: ZmtpAuthRequest) => boolean | Promise<boolean>

/** A local socket's options as the ZMTP transport uses them, checked and defaulted. */
export interface ZmtpConfig {
  /** Messages written and not yet handed to the kernel before `write()` says no; 0: no limit. */
  readonly sendHighWaterMark: number
  /** Messages received and not yet read before the connection stops reading; 0: no limit. */
  readonly receiveHighWaterMark: number
  /** The largest message taken from a peer, in bytes; -1: no limit. */
  readonly maxMessageSize: number
  /** ms between PINGs; 0: no heartbeats. */
  readonly heartbeatInterval: number
  /** ms to wait for traffic after a PING (heartbeatTimeout, or the interval when -1). */
  readonly heartbeatTimeout: number
  /** The time-to-live sent in PINGs, in deciseconds (heartbeatTimeToLive / 100). */
  readonly heartbeatTtlDeciseconds: number
  /** ms for a handshake to finish; 0: no limit. */
  readonly handshakeInterval: number
  /** The security mechanism. */
  readonly mechanism: MechanismName
  /** PLAIN: this side is the server. */
  readonly plainServer: boolean
  /** PLAIN client: the user name, UTF-8. */
  readonly plainUsername: Buffer
  /** PLAIN client: the password, UTF-8. */
  readonly plainPassword: Buffer
  /** PLAIN server: the authenticator, if any. */
  readonly authenticate: ZmtpAuthenticate | undefined
}

/** Options that ask for security this transport does not have: refused, never ignored. */
const UNSUPPORTED = [
  'curveServer',
  'curveServerKey',
  'curvePublicKey',
  'curveSecretKey',
  'gssapiServer',
  'gssapiPrincipal',
  'gssapiServicePrincipal',
] as const

/**
 * Reads the options of a `LocalSocket` the ZMTP transport needs, by their zeromq.js names,
 * with libzmq's defaults: `sendHighWaterMark`/`receiveHighWaterMark` 1000,
 * `maxMessageSize` -1, `heartbeatInterval` 0, `heartbeatTimeout` -1 (the interval),
 * `heartbeatTimeToLive` 0, `handshakeInterval` 30000, and the PLAIN options. Throws an
 * {@link InvalidOptionError} for a value of the wrong kind or range, and for CURVE or GSSAPI
 * options (this transport has neither; it does not fall back to plain text).
 */
export function zmtpConfig(options: Readonly<Record<string, unknown>>): ZmtpConfig {
  for (const name of UNSUPPORTED) {
    const value = options[name]
    if (value !== undefined && value !== null && value !== false) {
      throw new InvalidOptionError(
        `'${name}': the zmtp transport has no CURVE or GSSAPI; use the native transport for them`,
        { option: name, code: 'EINVAL' },
      )
    }
  }
  const interval = integer(options, 'heartbeatInterval', 0, 0)
  const timeout = integer(options, 'heartbeatTimeout', -1, -1)
  const ttl = integer(options, 'heartbeatTimeToLive', 0, 0, 6553599)
  const plainServer = options.plainServer === true
  if (options.plainServer !== undefined && typeof options.plainServer !== 'boolean') {
    throw new InvalidOptionError(`'plainServer' must be a boolean`, {
      option: 'plainServer',
      code: 'EINVAL',
    })
  }
  const username = credential(options, 'plainUsername')
  const password = credential(options, 'plainPassword')
  const authenticate = options.zmtpAuthenticate
  if (authenticate !== undefined && typeof authenticate !== 'function') {
    throw new InvalidOptionError(`'zmtpAuthenticate' must be a function`, {
      option: 'zmtpAuthenticate',
      code: 'EINVAL',
    })
  }
  const plainClient = username !== undefined || password !== undefined
  return {
    sendHighWaterMark: integer(options, 'sendHighWaterMark', 1000, 0),
    receiveHighWaterMark: integer(options, 'receiveHighWaterMark', 1000, 0),
    maxMessageSize: integer(options, 'maxMessageSize', -1, -1),
    heartbeatInterval: interval,
    heartbeatTimeout: timeout === -1 ? interval : timeout,
    heartbeatTtlDeciseconds: Math.floor(ttl / 100),
    handshakeInterval: integer(options, 'handshakeInterval', 30000, 0),
    mechanism: plainServer || plainClient ? 'PLAIN' : 'NULL',
    plainServer,
    plainUsername: username ?? Buffer.alloc(0),
    plainPassword: password ?? Buffer.alloc(0),
    authenticate: authenticate as ZmtpAuthenticate | undefined,
  }
}

function integer(
  options: Readonly<Record<string, unknown>>,
  name: string,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const value = options[name]
  if (value === undefined || value === null) return fallback
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const shown = typeof value === 'number' ? String(value) : typeof value
    throw new InvalidOptionError(
      `'${name}' must be an integer from ${min} to ${max}, got ${shown}`,
      { option: name, code: 'EINVAL' },
    )
  }
  return value
}

function credential(
  options: Readonly<Record<string, unknown>>,
  name: 'plainUsername' | 'plainPassword',
): Buffer | undefined {
  const value = revealed(options[name])
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') {
    throw new InvalidOptionError(`'${name}' must be a string`, { option: name, code: 'EINVAL' })
  }
  const bytes = Buffer.from(value, 'utf8')
  if (bytes.length > 255) {
    throw new InvalidOptionError(
      `'${name}' is ${bytes.length} bytes long; PLAIN carries 0 to 255`,
      {
        option: name,
        code: 'EINVAL',
      },
    )
  }
  return bytes
}
