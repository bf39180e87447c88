import { ZmqError } from './ZmqError'

/**
 * A CURVE key that is not a key: not 40 Z85 characters, a Z85 group that overflows 32 bits, or
 * a public key that does not belong to the secret key it came with. `option` names where the
 * key was given (`curveServerKey`, `allowPublicKeys[2]`...). The message says what is wrong
 * with the key and never quotes the key, not even a part of it.
 */
export class InvalidKeyError extends ZmqError {
  declare readonly option: string
  constructor(message: string, option: string) {
    super(message, { code: 'ERR_INVALID_KEY', option })
  }
}
