import { ZmqError } from './ZmqError'

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
 * What exactly a peer got wrong, finer than the libzmq {@link ProtocolErrorCode}:
 * `'signature'` (not a ZMTP greeting), `'version'` (ZMTP 1.0 or 2.0), `'mechanism'` (not the
 * mechanism this side uses), `'frame'` (reserved flag bits, a command with MORE, a size
 * beyond 2^53), `'command'` (a malformed or unexpected command), `'metadata'` (a malformed
 * READY/INITIATE property list, no Socket-Type), `'socket-type'` (a peer type this socket
 * cannot talk to).
 */
export type ProtocolViolation =
  'signature' | 'version' | 'mechanism' | 'frame' | 'command' | 'metadata' | 'socket-type'

/**
 * A peer broke the ZeroMQ wire protocol (ZMTP, RFC 23/37): a greeting that is not ZMTP 3.x, a
 * mechanism other than ours, a malformed frame or command, a command out of turn, a peer socket
 * type this one cannot talk to. The connection is dropped; other connections go on. `code` is
 * libzmq's (as zeromq.js names it), `violation` says more precisely what was wrong, `endpoint`
 * names the connection's endpoint.
 */
export class ProtocolError extends ZmqError {
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
