import { ZmqError, type ZmqErrorDetails } from './ZmqError'

/**
 * A socket option rxzmq or libzmq refused: an unknown name, a value of the wrong type, or a value
 * libzmq rejects. `option` names it. Values of key and password options are never quoted.
 *
 * ## Example
 * ```ts
 * try {
 *   new PushSocket(JSON.parse(configText)) // e.g. { "sendHighWaterMarc": 10 }: did you mean...?
 * } catch (err) {
 *   if (err instanceof InvalidOptionError) console.error(`${err.option}: ${err.message}`)
 * }
 * ```
 */
export class InvalidOptionError extends ZmqError {
  declare readonly option: string
  constructor(
    message: string,
    details: Omit<ZmqErrorDetails, 'code'> & { option: string; code?: string },
  ) {
    super(message, { code: 'ERR_INVALID_OPTION', ...details })
  }
}
