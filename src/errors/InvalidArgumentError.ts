import { ZmqError } from './ZmqError'

/**
 * An argument a function or method cannot take: a handler that is not a function, a topic
 * that is not a string or bytes, a timeout that is not a number of ms... A programming error,
 * thrown at once (an Observable-returning function delivers it on its error channel instead).
 * `argument` names the parameter at fault.
 *
 * ## Example
 * ```ts
 * const rep = new ReplySocket({ bind: 'tcp://*:5555' })
 * try {
 *   rep.serve(handlers[name]) // undefined for an unknown name
 * } catch (err) {
 *   if (err instanceof InvalidArgumentError) console.error(err.argument, err.message)
 * }
 * ```
 */
export class InvalidArgumentError extends ZmqError {
  readonly argument: string
  constructor(
    message: string,
    details: { argument: string; socketType?: string; cause?: unknown },
  ) {
    super(message, {
      code: 'ERR_INVALID_ARG',
      socketType: details.socketType,
      cause: details.cause,
    })
    this.argument = details.argument
  }
}
