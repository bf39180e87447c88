import { ZmqError } from './ZmqError'

/**
 * A peer sent a message larger than the socket's `maxMessageSize`: the connection is closed, as
 * libzmq closes it (`code` is its errno name, `EMSGSIZE`). `size` is how many bytes had arrived
 * when the limit was passed (at least `limit + 1`), `limit` the option's value.
 */
export class MessageTooLargeError extends ZmqError {
  declare readonly endpoint: string
  readonly size: number
  readonly limit: number
  constructor(message: string, details: { endpoint: string; size: number; limit: number }) {
    super(message, { code: 'EMSGSIZE', endpoint: details.endpoint })
    this.size = details.size
    this.limit = details.limit
  }
}
