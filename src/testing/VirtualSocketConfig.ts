import type { OverflowPolicy } from '../events'

/**
 * Options of a virtual socket: the subset of a native socket's options the virtual transport
 * models, under the same names, so one config object fits either transport.
 */
export interface VirtualSocketConfig {
  /** Endpoints to bind, e.g. `'inproc://a'` or `'tcp://127.0.0.1:*'` (a port is made up). */
  bind?: string | readonly string[]
  /** Endpoints to connect to; a connection completes after the network's `connectDelay`. */
  connect?: string | readonly string[]
  /** ZMQ_SNDHWM: messages one pipe holds on the sending side. Default 1000; 0 is no limit. */
  sendHighWaterMark?: number
  /** ZMQ_RCVHWM: messages one pipe holds on the receiving side. Default 1000; 0 is no limit. */
  receiveHighWaterMark?: number
  /** ZMQ_ROUTING_ID: this socket's identity as a ROUTER peer sees it. Default: made up. */
  routingId?: string
  /** Subscriber only: topics subscribed for the socket's whole life. */
  topics?: readonly (string | Uint8Array)[]
  /**
   * Messages waiting for a ready peer (PUSH, DEALER, REQ, PAIR). `limit` default 1000,
   * `overflow` default `'error'`, as for native sockets.
   */
  sendQueue?: { limit?: number; overflow?: OverflowPolicy }
  /** ZMQ_LINGER: how long `complete()` waits for waiting messages to go, in virtual ms. Default 1000. */
  linger?: number
}
