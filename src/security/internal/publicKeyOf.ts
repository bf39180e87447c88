import { createPrivateKey, createPublicKey } from 'node:crypto'
import { z85 } from './z85'

// The DER prefix of a PKCS#8 X25519 private key (RFC 8410); the 32 secret octets follow.
const PKCS8_X25519 = Buffer.from('302e020100300506032b656e04220420', 'hex')

/**
 * The CURVE public key that belongs to a Z85 secret key (what libzmq's zmq_curve_public
 * computes: X25519 of the base point), by Node's own crypto. The key must be checked first.
 */
export function publicKeyOf(secretKey: string): string {
  const der = Buffer.concat([PKCS8_X25519, z85.decode(secretKey)])
  const secret = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
  const jwk = createPublicKey(secret).export({ format: 'jwk' })
  der.fill(0)
  return z85.encode(Buffer.from(jwk.x as string, 'base64url'))
}
