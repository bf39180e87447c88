import { inspect } from 'node:util'
import { zmq } from '../transport/native/zeromq'
import { InvalidKeyError } from '../errors/InvalidKeyError'
import { checkCurveKey } from './checkCurveKey'
import { publicKeyOf } from './internal/publicKeyOf'

/**
 * A CURVE key pair, both keys Z85-encoded (40 characters). Logging it is safe: `console.log`,
 * `util.inspect` and `JSON.stringify` show the public key and `'[redacted]'` for the secret
 * one. To store the secret key, write `keys.secretKey` itself.
 */
export interface CurveKeyPair {
  /** The long-term public key: give it to peers. */
  readonly publicKey: string
  /** The long-term secret key: keep it on this host. */
  readonly secretKey: string
}

/**
 * Makes a CURVE key pair: a new one from libzmq's generator (`curveKeyPair()`), or the pair
 * of a secret key you already have (`curveKeyPair(secretKey)`, deriving its public key).
 * Throws an {@link InvalidKeyError} (which never quotes the key) for a bad secret key.
 *
 * ## Example
 * ```ts
 * const server = curveKeyPair()                        // new
 * const same = curveKeyPair(process.env.SERVER_SECRET)  // from a stored secret key
 * console.log(server)  // { publicKey: '<40 Z85 characters>', secretKey: '[redacted]' }
 * ```
 * @see {@link curveServer}
 * @see {@link curveClient}
 * @see The example dist/examples/security/curve-server.js in the package (`npx rxzmq example security/curve-server`)
 */
export function curveKeyPair(secretKey?: string): CurveKeyPair {
  if (secretKey === undefined) {
    const pair = zmq.curveKeyPair()
    return redacted(pair.publicKey, pair.secretKey)
  }
  const secret = checkCurveKey(secretKey, 'secretKey')
  let publicKey: string
  try {
    publicKey = publicKeyOf(secret)
  } catch {
    throw new InvalidKeyError('secretKey: not a usable X25519 secret key', 'secretKey')
  }
  return redacted(publicKey, secret)
}

function redacted(publicKey: string, secretKey: string): CurveKeyPair {
  const pair = { publicKey, secretKey }
  const shown = { publicKey, secretKey: '[redacted]' }
  Object.defineProperties(pair, {
    toJSON: { value: () => shown },
    [inspect.custom]: { value: () => shown },
  })
  return Object.freeze(pair)
}
