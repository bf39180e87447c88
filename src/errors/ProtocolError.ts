import { ZmqError } from './ZmqError'

/**
 * The ZMTP error codes a {@link ProtocolError} carries: the subset of libzmq's
 * `ZMQ_PROTOCOL_ERROR_ZMTP_*` names (as zeromq.js spells them) that a peer breaking a wire
 * protocol can cause. They are the codes of zeromq.js's `handshake:error:protocol` event, so a
 * `ProtocolError` can travel in that event.
 */
export type ProtocolErrorCode =
  | 'ERR_ZMTP_UNSPECIFIED'
  | 'ERR_ZMTP_UNEXPECTED_COMMAND'
  | 'ERR_ZMTP_INVALID_SEQUENCE'
  | 'ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED'
  | 'ERR_ZMTP_MALFORMED_COMMAND_MESSAGE'
  | 'ERR_ZMTP_INVALID_METADATA'
  | 'ERR_ZMTP_MECHANISM_MISMATCH'

/**
 * What exactly the peer did wrong, finer than the code:
 *
 * - `subprotocol`: the server did not pick the protocol offered (ZWS: `ZWS2.0`), so it is not a
 *   ZeroMQ peer, or one with a security mechanism the client cannot do;
 * - `not-binary`: a text WebSocket message (or any other kind than binary), where only binary
 *   ones are allowed;
 * - `empty-frame`: a WebSocket message without even the flags byte;
 * - `flags`: a flags byte with bits the protocol does not define;
 * - `command`: a command the pipe does not understand, or a command in the middle of a message;
 * - `routing-id`: the peer's first message is not a valid routing id (more than one frame,
 *   longer than 255 bytes);
 * - `truncated`: the connection ended in the middle of a multipart message.
 *
 * Other transports may add their own.
 */
export type ProtocolErrorReason =
  | 'subprotocol'
  | 'not-binary'
  | 'empty-frame'
  | 'flags'
  | 'command'
  | 'routing-id'
  | 'truncated'
  | (string & {})

/**
 * A peer broke the wire protocol: it is not a ZeroMQ peer, or it sent something malformed. The
 * connection is closed; a connecting socket tries again after its reconnect interval. `code` is
 * libzmq's name for the fault (`ERR_ZMTP_UNSPECIFIED`, `ERR_ZMTP_UNEXPECTED_COMMAND`...),
 * `reason` says which rule was broken, `endpoint` which connection.
 *
 * ## Example
 * ```ts
 * if (err instanceof ProtocolError && err.reason === 'subprotocol')
 *   console.error(`${err.endpoint} is not a ZeroMQ ws:// endpoint`)
 * ```
 */
export class ProtocolError extends ZmqError {
  declare readonly code: ProtocolErrorCode
  readonly reason: ProtocolErrorReason
  constructor(
    message: string,
    details: { code: ProtocolErrorCode; reason: ProtocolErrorReason; endpoint?: string },
  ) {
    super(message, { code: details.code, endpoint: details.endpoint })
    this.reason = details.reason
  }
}
