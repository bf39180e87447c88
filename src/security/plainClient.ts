import { InvalidOptionError } from '../errors/InvalidOptionError'
import { redact } from './internal/redact'

/** A PLAIN client's credentials. */
export interface PlainCredentials {
  /** The user name: 1 to 255 bytes (UTF-8). */
  readonly username: string
  /** The password: 1 to 255 bytes (UTF-8); libzmq refuses an empty one. */
  readonly password: string
}

/** The zeromq.js options that make a socket a PLAIN client. */
export interface PlainClientOptions {
  /** ZMQ_PLAIN_USERNAME */
  readonly plainUsername: string
  /** ZMQ_PLAIN_PASSWORD */
  readonly plainPassword: string
}

/**
 * The socket options of a PLAIN client (RFC 24): the user name and password it presents to
 * the server's ZAP handler. Throws an {@link InvalidOptionError} for credentials PLAIN cannot
 * carry; the message never quotes them. Logging the result shows the password as
 * `'[redacted]'`.
 *
 * ## Example
 * ```ts
 * const req = request({ connect: 'tcp://localhost:5555', ...plainClient({ username: 'admin', password }) })
 * ```
 * @see plainServer
 * @see examples/security/zap.ts
 */
export function plainClient(credentials: PlainCredentials): PlainClientOptions {
  const username = check(credentials?.username, 'plainUsername')
  const password = check(credentials?.password, 'plainPassword')
  return redact({ plainUsername: username, plainPassword: password }, ['plainPassword'])
}

function check(value: unknown, option: string): string {
  if (typeof value !== 'string') {
    throw new InvalidOptionError(`plainClient: '${option}' must be a string`, {
      option,
      code: 'EINVAL',
    })
  }
  const bytes = Buffer.byteLength(value)
  if (bytes === 0 || bytes > 255) {
    throw new InvalidOptionError(
      `plainClient: '${option}' is ${bytes} bytes long; PLAIN carries 1 to 255`,
      { option, code: 'EINVAL' },
    )
  }
  return value
}
