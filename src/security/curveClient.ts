import { readKeys } from './internal/readKeys'
import { InvalidKeyError } from '../errors/InvalidKeyError'
import { checkCurveKey } from './checkCurveKey'
import { curveKeyPair, type CurveKeyPair } from './curveKeyPair'
import { publicKeyOf } from './internal/publicKeyOf'
import { Secret } from './Secret'

/** What {@link curveClient} needs. */
export interface CurveClientConfig {
  /** The server's long-term public key (Z85): the client refuses any other server. */
  readonly serverKey: string
  /**
   * The client's own key pair. A server's ZAP handler can admit clients by its public key.
   * Default: a new pair made for this socket (the client stays anonymous).
   */
  readonly keys?: CurveKeyPair
}

/** The zeromq.js options that make a socket a CURVE client. */
export interface CurveClientOptions {
  /** ZMQ_CURVE_SERVERKEY */
  readonly curveServerKey: string
  /** ZMQ_CURVE_PUBLICKEY */
  readonly curvePublicKey: string
  /** ZMQ_CURVE_SECRETKEY, as a {@link Secret}: logging or spreading the options never shows it */
  readonly curveSecretKey: Secret
}

/**
 * The socket options of a CURVE client: it talks only to the server holding the secret key of
 * `serverKey`, over an encrypted connection, and shows its own public key to the server's ZAP
 * handler. Spread them into any socket's config. Throws an {@link InvalidKeyError} (never
 * quoting a key).
 *
 * A client with the wrong server key is refused during the handshake: the server reports
 * `handshake:error:protocol` (`ERR_ZMTP_CRYPTOGRAPHIC`), the client `handshake:error:other`.
 * A client its server's ZAP handler denies gets `handshake:error:auth` on both sides.
 *
 * ## Example
 * ```ts
 * const keys = curveKeyPair()
 * const req = new RequestSocket({ connect: 'tcp://localhost:5555', ...curveClient({ serverKey, keys }) })
 * req.events$.pipe(filter((e) => e.type === 'handshake:error:auth')).subscribe(() => console.error('refused'))
 * ```
 * @see {@link curveServer}
 * @see The example dist/examples/security/curve-client.js in the package (`npx rxzmq example security/curve-client`)
 */
export function curveClient(config: CurveClientConfig): CurveClientOptions {
  if (typeof config !== 'object' || config === null) {
    throw new InvalidKeyError('curveClient: expected { serverKey, keys? }', 'curveServerKey')
  }
  const read = readKeys(config, 'curveClient', ['serverKey', 'keys'])
  const serverKey = checkCurveKey(read.serverKey, 'curveServerKey')
  const keys = read.keys === undefined ? curveKeyPair() : read.keys
  const pair = readKeys(keys, 'curveClient', ['secretKey', 'publicKey'])
  const secretKey = checkCurveKey(pair.secretKey, 'curveSecretKey')
  const publicKey = checkCurveKey(pair.publicKey, 'curvePublicKey')
  if (read.keys !== undefined && publicKeyOf(secretKey) !== publicKey) {
    throw new InvalidKeyError(
      'curveClient: the public key does not belong to the secret key',
      'curvePublicKey',
    )
  }
  return Object.freeze({
    curveServerKey: serverKey,
    curvePublicKey: publicKey,
    curveSecretKey: new Secret(secretKey),
  })
}
