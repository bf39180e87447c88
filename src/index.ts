/**
 * rxzmq: every ZeroMQ socket as an RxJS Observable/Observer, the patterns as operators.
 *
 * @module rxzmq
 */

export type { Message, Frame, MessageLike, ReplyInput } from './message'
export type { QueueConfig } from './core/BoundedQueue'
export type {
  SocketEvent,
  SocketEventType,
  OverflowPolicy,
  RequestErrorEvent,
  RequestRetryEvent,
  RequestFailedEvent,
  QueueEvent,
} from './events'
export type { BaseSocketConfig } from './core/SocketCore'
export type { NativeConfig } from './core/behaviours'

// transports: the native one (zeromq.js over libzmq) is the default on Node
import './transport/native/register'
export { nativeTransport } from './transport/native/NativeTransport'
export { zmtpTransport, type ZmtpTransportOptions } from './transport/zmtp/zmtpTransport'
export type { ZmtpAuthenticate, ZmtpAuthRequest } from './transport/zmtp/options'
export { wsTransport } from './transport/ws/wsTransport'
export type { WsNetworkOptions } from './transport/ws/wsNetwork'
export type {
  WebSocketConstructor,
  WebSocketLike,
  WebSocketMessageEventLike,
  WebSocketCloseEventLike,
} from './transport/ws/WebSocketApi'
export { setDefaultTransport } from './core/defaultTransport'
export type {
  Transport,
  TransportSocket,
  TransportHost,
  OpenSpec,
  Bytes,
  OutgoingFrame,
  ReceiveMeta,
  SendDone,
} from './transport/Transport'
export type { SocketType } from './transport/SocketType'
export { supportedTransports } from './transport/native/endpoint'

// errors
export { ZmqError, type ZmqErrorDetails } from './errors/ZmqError'
export { InvalidEndpointError } from './errors/InvalidEndpointError'
export { InvalidOptionError } from './errors/InvalidOptionError'
export { InvalidFrameError } from './errors/InvalidFrameError'
export { QueueFullError } from './errors/QueueFullError'
export { SocketClosedError } from './errors/SocketClosedError'
export { SocketStateError } from './errors/SocketStateError'
export { DecodeError } from './errors/DecodeError'
export { EncodeError } from './errors/EncodeError'
export { InvalidKeyError } from './errors/InvalidKeyError'
export { ZapHandlerInUseError } from './errors/ZapHandlerInUseError'
export { HandshakeError } from './errors/HandshakeError'
export {
  ProtocolError,
  type ProtocolErrorCode,
  type ProtocolViolation,
} from './errors/ProtocolError'
export { ConnectionError, type ConnectionErrorCode } from './errors/ConnectionError'
export { MessageTooLargeError } from './errors/MessageTooLargeError'
export { AuthenticationError } from './errors/AuthenticationError'
export { PeerTimeoutError } from './errors/PeerTimeoutError'
export { RequestTimeoutError } from './errors/RequestTimeoutError'
export { RequestRetriesExhaustedError } from './errors/RequestRetriesExhaustedError'
export { RequestHandlerError } from './errors/RequestHandlerError'
export { InvalidArgumentError } from './errors/InvalidArgumentError'

// sockets
export { ReceiverSocket } from './sockets/ReceiverSocket'
export { SenderSocket } from './sockets/SenderSocket'
export { DuplexSocket } from './sockets/DuplexSocket'
export { PublisherSocket, type PublisherConfig } from './sockets/PublisherSocket'
export { SubscriberSocket, type SubscriberConfig } from './sockets/SubscriberSocket'
export { XPublisherSocket, type XPublisherConfig } from './sockets/XPublisherSocket'
export { XSubscriberSocket, type XSubscriberConfig } from './sockets/XSubscriberSocket'
export { RequestSocket, type RequestConfig, type RequestOptions } from './sockets/RequestSocket'
export { ReplySocket, type ReplyConfig, type ReplyServeConfig } from './sockets/ReplySocket'
export { DealerSocket, type DealerConfig } from './sockets/DealerSocket'
export { RouterSocket, type RouterConfig, type RouterServeConfig } from './sockets/RouterSocket'
export { PushSocket, type PushConfig } from './sockets/PushSocket'
export { PullSocket, type PullConfig } from './sockets/PullSocket'
export { PairSocket, type PairConfig } from './sockets/PairSocket'
export { StreamSocket, type StreamConfig } from './sockets/StreamSocket'
export { ServerSocket, type ServerConfig, type ServerMessage } from './sockets/ServerSocket'
export { ClientSocket, type ClientConfig } from './sockets/ClientSocket'
export { RadioSocket, type RadioConfig, type GroupMessage } from './sockets/RadioSocket'
export { DishSocket, type DishConfig } from './sockets/DishSocket'
export { ScatterSocket, type ScatterConfig } from './sockets/ScatterSocket'
export { GatherSocket, type GatherConfig } from './sockets/GatherSocket'

// cold creation functions
export { fromSocket } from './observables/fromSocket'
export { fromSubscriber } from './observables/fromSubscriber'
export { fromPull } from './observables/fromPull'
export { fromDish } from './observables/fromDish'
export { fromGather } from './observables/fromGather'

// codecs
export type { Codec } from './codecs/Codec'
export { framesCodec } from './codecs/framesCodec'
export { textCodec, type TextCodecOptions } from './codecs/textCodec'
export { jsonCodec, type JsonCodecOptions } from './codecs/jsonCodec'

// operators
export { decode } from './operators/decode'
export { encode } from './operators/encode'
export { text } from './operators/text'
export { json } from './operators/json'
export { sendTo, type Sendable, type SendToConfig } from './operators/sendTo'

// pattern semantics as operators (pure RxJS, no I/O)
export type { TopicLike } from './internal/toTopic'
export { topics } from './operators/topics'
export { topicsFrom } from './operators/topicsFrom'
export type { TopicChange } from './operators/TopicChange'
export { fairQueue } from './operators/fairQueue'
export { roundRobin } from './operators/roundRobin'
export { roundRobinTo, type RoundRobinToConfig } from './operators/roundRobinTo'
export type { Peer, PeerChange } from './operators/Peer'
export { loadBalance, type LoadBalanceConfig } from './operators/loadBalance'
export type { Assignment } from './operators/Assignment'
export { correlate, type CorrelateConfig } from './operators/correlate'
export type { Correlator, CorrelatorEvent } from './operators/Correlator'
export type { Envelope } from './operators/Envelope'
export { splitEnvelope } from './operators/splitEnvelope'
export { joinEnvelope } from './operators/joinEnvelope'
export { respond, type RespondConfig } from './operators/respond'
export { batch, type BatchConfig } from './operators/batch'
export { unbatch } from './operators/unbatch'

// reliability
export { waitForSubscribers, type WaitForSubscribersConfig } from './operators/waitForSubscribers'
export { lastValueCache, type LastValueCacheConfig } from './operators/lastValueCache'
export {
  heartbeat,
  PPP_HEARTBEAT,
  type HeartbeatConfig,
  type HeartbeatEvent,
  type PeerId,
} from './operators/heartbeat'
export { consume, type ConsumeConfig, type ConsumeEvent } from './operators/consume'
export { reliableDispatch, type ReliableDispatchConfig } from './operators/reliableDispatch'
export type { WorkerSignal } from './operators/WorkerSignal'
export type { DispatchEvent } from './operators/DispatchEvent'
export { dedupe, type DedupeConfig } from './operators/dedupe'

// security
export { Secret } from './security/Secret'
export { curveKeyPair, type CurveKeyPair } from './security/curveKeyPair'
export { checkCurveKey } from './security/checkCurveKey'
export { curveServer, type CurveServerKeys, type CurveServerOptions } from './security/curveServer'
export {
  curveClient,
  type CurveClientConfig,
  type CurveClientOptions,
} from './security/curveClient'
export { plainServer, type PlainServerOptions } from './security/plainServer'
export type { ZapDomainOptions } from './security/internal/zapOptions'
export { plainClient, type PlainCredentials, type PlainClientOptions } from './security/plainClient'
export { zapRequests, type ZapConfig } from './security/zapRequests'
export { ZapRequest } from './security/ZapRequest'
export type { ZapDecision } from './security/ZapDecision'
export type { ZapPolicy, ZapVerdict } from './security/ZapPolicy'
export { authorize } from './security/authorize'
export { allowPublicKeys } from './security/allowPublicKeys'
export { allowAddresses } from './security/allowAddresses'
export { denyAddresses } from './security/denyAddresses'
export { allowPlain } from './security/allowPlain'
export { allOf } from './security/allOf'
export { anyOf } from './security/anyOf'

// devices
export { proxy, type ProxyConfig, type ProxySocket, type ProxyCaptureSocket } from './proxy/proxy'
export type {
  ProxyCommand,
  ProxyEvent,
  ProxyMode,
  ProxySide,
  ProxySideStatistics,
  ProxyStatistics,
} from './proxy/ProxyEvent'

// versions
export { versions } from './versions'
