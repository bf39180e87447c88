/**
 * ZWS 2.0 (ZeroMQ over WebSocket, RFC 45) for browsers: pipes to native sockets bound on
 * `ws://`, over nothing but the browser's WebSocket API. No Node API, no libzmq; no module here
 * does anything when imported.
 *
 * @packageDocumentation
 */
export { wsNetwork, assumedPeerType, type WsNetworkOptions, type PeerTypeOption } from './wsNetwork'
export {
  WebSocketPipe,
  DEFAULT_HIGH_WATER_MARK,
  DEFAULT_MAX_BUFFERED_AMOUNT,
  type WebSocketPipeOptions,
} from './WebSocketPipe'
export type {
  WebSocketLike,
  WebSocketConstructor,
  WebSocketMessageEventLike,
  WebSocketCloseEventLike,
} from './WebSocketApi'
export {
  ZWS_PROTOCOL,
  FLAG_LAST,
  FLAG_MORE,
  FLAG_COMMAND,
  MAX_ROUTING_ID,
  DROPPED,
  encodeFrame,
  encodeMessage,
  ZwsDecoder,
} from './zws'
export {
  ProtocolError,
  type ProtocolErrorCode,
  type ProtocolErrorReason,
} from '../../errors/ProtocolError'
export { ConnectionError, type ConnectionErrorCode } from '../../errors/ConnectionError'
export { MessageTooLargeError } from '../../errors/MessageTooLargeError'
