import { HandshakeError } from './HandshakeError'

/**
 * The codes of a {@link ProtocolError}: libzmq's `ZMQ_PROTOCOL_ERROR_*` values under the names
 * zeromq.js gives them in `handshake:error:protocol` events.
 */
export type ProtocolErrorCode =
  | 'ERR_ZMTP_UNSPECIFIED'
  | 'ERR_ZMTP_UNEXPECTED_COMMAND'
  | 'ERR_ZMTP_INVALID_SEQUENCE'
  | 'ERR_ZMTP_KEY_EXCHANGE'
  | 'ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED'
  | 'ERR_ZMTP_MALFORMED_COMMAND_MESSAGE'
  | 'ERR_ZMTP_MALFORMED_COMMAND_HELLO'
  | 'ERR_ZMTP_MALFORMED_COMMAND_INITIATE'
  | 'ERR_ZMTP_MALFORMED_COMMAND_ERROR'
  | 'ERR_ZMTP_MALFORMED_COMMAND_READY'
  | 'ERR_ZMTP_MALFORMED_COMMAND_WELCOME'
  | 'ERR_ZMTP_INVALID_METADATA'
  | 'ERR_ZMTP_CRYPTOGRAPHIC'
  | 'ERR_ZMTP_MECHANISM_MISMATCH'
  | 'ERR_ZAP_UNSPECIFIED'
  | 'ERR_ZAP_MALFORMED_REPLY'
  | 'ERR_ZAP_BAD_REQUEST_ID'
  | 'ERR_ZAP_BAD_VERSION'
  | 'ERR_ZAP_INVALID_STATUS_CODE'
  | 'ERR_ZAP_INVALID_METADATA'

/**
 * What exactly a peer got wrong, finer than the libzmq {@link ProtocolErrorCode}.
 *
 * ZMTP (tcp, ipc): `'signature'` (not a ZMTP greeting), `'version'` (ZMTP 1.0 or 2.0),
 * `'mechanism'` (not the mechanism this side uses), `'frame'` (reserved flag bits, a command
 * with MORE, a size beyond 2^53), `'command'` (a malformed or unexpected command),
 * `'metadata'` (a malformed READY/INITIATE property list, no Socket-Type), `'socket-type'` (a
 * peer type this socket cannot talk to).
 *
 * ZWS (ws): `'subprotocol'` (the server did not pick `ZWS2.0`: not a ZeroMQ peer, or one with a
 * mechanism a browser cannot do), `'not-binary'` (a text WebSocket message), `'empty-frame'` (a
 * WebSocket message without its flags byte), `'flags'` (undefined flag bits), `'command'`,
 * `'routing-id'` (a first message that is not a valid routing id), `'truncated'` (the
 * connection ended in the middle of a multipart message).
 */
export type ProtocolViolation =
  | 'signature'
  | 'version'
  | 'mechanism'
  | 'frame'
  | 'command'
  | 'metadata'
  | 'socket-type'
  | 'subprotocol'
  | 'not-binary'
  | 'empty-frame'
  | 'flags'
  | 'routing-id'
  | 'truncated'

/**
 * A peer broke the ZeroMQ wire protocol (ZMTP, RFC 23/37; ZWS, RFC 45): a greeting that is not
 * ZMTP 3.x, a mechanism other than ours, a malformed frame or command, a command out of turn, a
 * peer socket type this one cannot talk to, a server that is not a ZeroMQ WebSocket endpoint.
 * The connection is dropped; other connections go on, and a connecting socket tries again after
 * its reconnect interval. `code` is libzmq's (as zeromq.js names it), `violation` says more
 * precisely what was wrong, `endpoint` names the connection's endpoint.
 *
 * ## Example
 * ```ts
 * socket.events$.subscribe((event) => {
 *   if ('error' in event && event.error instanceof ProtocolError)
 *     console.error(`${event.error.endpoint}: ${event.error.violation}`)
 * })
 * ```
 */
export class ProtocolError extends HandshakeError {
  declare readonly code: ProtocolErrorCode
  declare readonly errno: number
  readonly violation: ProtocolViolation
  constructor(
    message: string,
    details: { code: ProtocolErrorCode; violation: ProtocolViolation; endpoint?: string },
  ) {
    super(message, { code: details.code, errno: 71, endpoint: details.endpoint })
    this.violation = details.violation
  }
}
