import { readKeys } from './internal/readKeys'
import { InvalidOptionError } from '../errors/InvalidOptionError'
import { Secret } from './Secret'

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
  /** ZMQ_PLAIN_PASSWORD, as a {@link Secret}: logging or spreading the options never shows it */
  readonly plainPassword: Secret
}

/**
 * The socket options of a PLAIN client (RFC 24): the user name and password it presents to
 * the server's ZAP handler. Throws an {@link InvalidOptionError} for credentials PLAIN cannot
 * carry; the message never quotes them. The password is a {@link Secret}: logging the
 * result, or a config it was spread into, shows `[redacted]`.
 *
 * ## Example
 * ```ts
 * const req = new RequestSocket({ connect: 'tcp://localhost:5555', ...plainClient({ username: 'admin', password }) })
 * ```
 * @see {@link plainServer}
 * @see The example dist/examples/security/zap.js in the package (`npx rxzmq example security/zap`)
 */
export function plainClient(credentials: PlainCredentials): PlainClientOptions {
  const read = readKeys(credentials, 'plainClient', ['username', 'password'])
  const username = check(read.username, 'plainUsername')
  const password = check(read.password, 'plainPassword')
  return Object.freeze({ plainUsername: username, plainPassword: new Secret(password) })
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
