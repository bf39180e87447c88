/**
 * rxzmq/web: rxzmq in browsers (and in Node with a WebSocket), over ZWS 2.0 to native sockets
 * bound on ws://. The same socket classes, contract and operators as the main entry; no
 * Node API and no native module. The WebSocket transport is the default transport here.
 *
 * @module rxzmq/web
 */
import { setDefaultTransport } from '../core/defaultTransport'
import { wsTransport } from '../transport/ws/wsTransport'

setDefaultTransport(wsTransport())

export type { Message, Frame, MessageLike } from '../message'
export type { SocketEvent, SocketEventType, OverflowPolicy, QueueEvent } from '../events'
export type { QueueConfig } from '../core/BoundedQueue'
export type { BaseSocketConfig } from '../core/SocketCore'
export type { NativeConfig } from '../core/behaviours'
export { setDefaultTransport }
export { wsTransport }
export { wsNetwork, type WsNetworkOptions, type PeerTypeOption } from '../transport/ws/wsNetwork'
export type {
  WebSocketConstructor,
  WebSocketLike,
  WebSocketMessageEventLike,
  WebSocketCloseEventLike,
} from '../transport/ws/WebSocketApi'
export type { Transport } from '../transport/Transport'
export type { SocketType } from '../transport/SocketType'

// errors
export { ZmqError, type ZmqErrorDetails } from '../errors/ZmqError'
export { InvalidEndpointError } from '../errors/InvalidEndpointError'
export { InvalidOptionError } from '../errors/InvalidOptionError'
export { InvalidFrameError } from '../errors/InvalidFrameError'
export { QueueFullError } from '../errors/QueueFullError'
export { SocketClosedError } from '../errors/SocketClosedError'
export { SocketStateError } from '../errors/SocketStateError'
export { DecodeError } from '../errors/DecodeError'
export { EncodeError } from '../errors/EncodeError'
export { ProtocolError } from '../errors/ProtocolError'
export { ConnectionError } from '../errors/ConnectionError'
export { MessageTooLargeError } from '../errors/MessageTooLargeError'
export { RequestTimeoutError } from '../errors/RequestTimeoutError'

// sockets (those pipe transports have)
export { PublisherSocket, type PublisherConfig } from '../sockets/PublisherSocket'
export { SubscriberSocket, type SubscriberConfig } from '../sockets/SubscriberSocket'
export { XPublisherSocket, type XPublisherConfig } from '../sockets/XPublisherSocket'
export { XSubscriberSocket, type XSubscriberConfig } from '../sockets/XSubscriberSocket'
export { RequestSocket, type RequestConfig } from '../sockets/RequestSocket'
export { ReplySocket, type ReplyConfig } from '../sockets/ReplySocket'
export { DealerSocket, type DealerConfig } from '../sockets/DealerSocket'
export { RouterSocket, type RouterConfig } from '../sockets/RouterSocket'
export { PushSocket, type PushConfig } from '../sockets/PushSocket'
export { PullSocket, type PullConfig } from '../sockets/PullSocket'
export { PairSocket, type PairConfig } from '../sockets/PairSocket'
export { ClientSocket, type ClientConfig } from '../sockets/ClientSocket'

// cold creation functions
export { fromSocket } from '../observables/fromSocket'
export { fromSubscriber } from '../observables/fromSubscriber'
export { fromPull } from '../observables/fromPull'

// codecs and operators
export type { Codec } from '../codecs/Codec'
export { framesCodec } from '../codecs/framesCodec'
export { textCodec, type TextCodecOptions } from '../codecs/textCodec'
export { jsonCodec, type JsonCodecOptions } from '../codecs/jsonCodec'
export { decode } from '../operators/decode'
export { encode } from '../operators/encode'
export { text } from '../operators/text'
export { json } from '../operators/json'
export { sendTo, type Sendable, type SendToConfig } from '../operators/sendTo'
export { topics } from '../operators/topics'
export { topicsFrom } from '../operators/topicsFrom'
export type { TopicChange } from '../operators/TopicChange'
export { fairQueue } from '../operators/fairQueue'
export { roundRobin } from '../operators/roundRobin'
export { roundRobinTo, type RoundRobinToConfig } from '../operators/roundRobinTo'
export { loadBalance, type LoadBalanceConfig } from '../operators/loadBalance'
export { consume, type ConsumeConfig, type ConsumeEvent } from '../operators/consume'
