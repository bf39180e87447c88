import { readKeys } from './internal/readKeys'
import { InvalidKeyError } from '../errors/InvalidKeyError'
import { checkCurveKey } from './checkCurveKey'
import { publicKeyOf } from './internal/publicKeyOf'
import { Secret } from './Secret'
import { zapOptions, type ZapDomainOptions } from './internal/zapOptions'

/** What {@link curveServer} needs of the server's key pair: the secret key at least. */
export interface CurveServerKeys {
  /** The server's long-term secret key (Z85). */
  readonly secretKey: string
  /** The server's public key (Z85); when given, it is checked against the secret key. */
  readonly publicKey?: string
}

/** The zeromq.js options that make a socket a CURVE server. */
export interface CurveServerOptions {
  /** ZMQ_CURVE_SERVER */
  readonly curveServer: true
  /** ZMQ_CURVE_SECRETKEY, as a {@link Secret}: logging or spreading the options never shows it */
  readonly curveSecretKey: Secret
  /** ZMQ_ZAP_DOMAIN */
  readonly zapDomain?: string
  /** ZMQ_ZAP_ENFORCE_DOMAIN */
  readonly zapEnforceDomain?: boolean
}

/**
 * The socket options of a CURVE server (RFC 26): every connection is encrypted and the
 * server proves it holds the secret key of the public key its clients were given. Spread
 * them into any socket's config. Throws an {@link InvalidKeyError} (never quoting a key).
 *
 * Which clients get in: with no ZAP handler in the process, libzmq lets in every client that
 * knows the server's public key. To choose clients by their public key (or address), run a
 * ZAP handler ({@link zapRequests} + {@link authorize}) and give a `zapDomain`: the server then
 * also refuses everyone while no handler is bound (`zapEnforceDomain`, on by default here).
 *
 * ```
 * client (curveClient, server's public key) ──CURVE──▶ server (curveServer, secret key)
 *                                                       └─ ZAP handler: allowPublicKeys([...])
 * ```
 *
 * ## Example
 * ```ts
 * const keys = curveKeyPair()
 * const rep = new ReplySocket({ bind: 'tcp://*:5555', ...curveServer(keys, { zapDomain: 'global' }) })
 * ```
 * @see {@link curveClient}
 * @see The example dist/examples/security/curve-server.js in the package (`npx rxzmq example security/curve-server`)
 */
export function curveServer(keys: CurveServerKeys, options?: ZapDomainOptions): CurveServerOptions {
  if (typeof keys !== 'object' || keys === null) {
    throw new InvalidKeyError(
      'curveServer: expected a key pair ({ secretKey, publicKey? }), see curveKeyPair()',
      'curveSecretKey',
    )
  }
  const read = readKeys(keys, 'curveServer', ['secretKey', 'publicKey'])
  const secretKey = checkCurveKey(read.secretKey, 'curveSecretKey')
  if (read.publicKey !== undefined) {
    const publicKey = checkCurveKey(read.publicKey, 'curvePublicKey')
    if (publicKeyOf(secretKey) !== publicKey) {
      throw new InvalidKeyError(
        'curveServer: the public key does not belong to the secret key',
        'curvePublicKey',
      )
    }
  }
  return Object.freeze({
    curveServer: true as const,
    curveSecretKey: new Secret(secretKey),
    ...zapOptions(options, 'curveServer'),
  })
}
