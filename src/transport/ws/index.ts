/**
 * ZWS 2.0 (ZeroMQ over WebSocket, RFC 45) for browsers: pipes to native sockets bound on
 * `ws://`, over nothing but the browser's WebSocket API. No Node API, no libzmq; no module here
 * does anything when imported. Start with {@link wsNetwork}.
 *
 * What a native libzmq 4.3.5 socket (zeromq 6.8) bound on `ws://` does with a browser, measured:
 *
 * - It accepts the sub-protocol `ZWS2.0`, the only ZWS one a browser can offer (`ZWS2.0/NULL`
 *   has a `/`, which a sub-protocol token cannot): no mechanism, so no READY command, no
 *   socket-type check either way, no CURVE or PLAIN. A pipe's `peerType` is configured or
 *   assumed (see `PeerTypeOption`).
 * - Each side's first message is its routing id; until the client's arrives, the server ignores
 *   the client (a subscription sent first is lost). The pipes send theirs at once.
 * - Frames are one binary WebSocket message each: flags byte (0x00 last, 0x01 more, 0x02
 *   command), then the body. Subscriptions are messages `00 01 <topic>`, cancels `00 00 <topic>`;
 *   the publisher filters. REQ's empty delimiter is a frame like any other here.
 * - Text, empty or fragmented messages from the client stall the connection; a request header
 *   line over 2,048 bytes (a big `Cookie`!) makes it close the connection without an answer,
 *   which the browser reports as a failed connection; the URL path is not checked; the `Origin`
 *   header is not checked (any page may connect: put a proxy that checks it in front, or keep
 *   the endpoint private). `wss://` is not in the bundled libzmq: terminate TLS in a proxy.
 * - It does not answer a WebSocket close frame (close frames are handled only under a
 *   mechanism): after `pipe.close()` the native side keeps the connection until the browser
 *   gives up its closing handshake and drops TCP. The pipe reports `closed` without waiting.
 * - It closes connections without a close frame: the browser sees code 1006, so a native socket
 *   closing reaches the pipe as `ConnectionError` `ECONNRESET`.
 * - **Heartbeats crash it**: with `heartbeatInterval` set, libzmq aborts the whole process
 *   (`Assertion failed: _mechanism != NULL`) soon after a `ZWS2.0` peer connects. Never set
 *   heartbeats on a native socket that browsers connect to. (Its heartbeats are WebSocket pings,
 *   which browsers would answer by themselves.)
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
  type ProtocolViolation,
} from '../../errors/ProtocolError'
export { ConnectionError, type ConnectionErrorCode } from '../../errors/ConnectionError'
export { MessageTooLargeError } from '../../errors/MessageTooLargeError'
