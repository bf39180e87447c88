import { ZmqError } from './ZmqError'

/**
 * A CURVE key that is not a key: not 40 Z85 characters, a Z85 group that overflows 32 bits, or
 * a public key that does not belong to the secret key it came with. `option` names where the
 * key was given (`curveServerKey`, `allowPublicKeys[2]`...). The message says what is wrong
 * with the key and never quotes the key, not even a part of it.
 *
 * ## Example
 * ```ts
 * try {
 *   new SubscriberSocket({ connect: 'tcp://127.0.0.1:5556', ...curveClient({ serverKey: 'not a key' }) })
 * } catch (err) {
 *   if (err instanceof InvalidKeyError) console.error(err.option, err.message)
 * }
 * ```
 */
export class InvalidKeyError extends ZmqError {
  declare readonly option: string
  constructor(message: string, option: string) {
    super(message, { code: 'ERR_INVALID_KEY', option })
  }
}
