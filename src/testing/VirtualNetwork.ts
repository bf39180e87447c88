import { VirtualCore, type VirtualKind } from './internal/VirtualCore'
import { VirtualNetworkCore, type VirtualNetworkConfig } from './internal/VirtualNetworkCore'
import { toTopic } from '../internal/toTopic'
import { VirtualDuplexSocket } from './VirtualDuplexSocket'
import { VirtualReceiverSocket } from './VirtualReceiverSocket'
import { VirtualRequest } from './VirtualRequest'
import { VirtualSenderSocket } from './VirtualSenderSocket'
import type { VirtualSocketConfig } from './VirtualSocketConfig'
import { VirtualSubscriber } from './VirtualSubscriber'

/**
 * An in-memory ZeroMQ network driven by a scheduler: sockets with the native sockets' surface
 * (bind/connect, Observable of received messages, Observer of sent ones, `send`, `events$`,
 * `close`) and the patterns' semantics, built on rxzmq's operators' engines:
 *
 * - PUB/XPUB fan out to the subscribers whose topics match the first frame (the prefix trie of
 *   {@link topics}); at a subscriber's high-water mark the message is dropped for it.
 * - PUSH, DEALER, REQ and PAIR send round-robin to the next ready peer (the engine of
 *   {@link roundRobinTo}); with no ready peer messages wait in the bounded send queue.
 * - Every socket reads its peers in turn (fair queuing, as {@link fairQueue}).
 * - ROUTER prepends and routes by the peer's identity; REQ adds and REP keeps the envelope;
 *   XPUB receives `[1|0, ...topic]` subscription messages, XSUB sends them.
 * - A connection is up `connectDelay` virtual ms after `connect()`; what a publisher sends
 *   before is lost to that subscriber (the slow joiner). Closing the bound side and binding
 *   again reconnects.
 *
 * Messages travel synchronously: a message sent at virtual time t is received at t.
 *
 * ## Example
 * ```ts
 * new TestScheduler(assert).run(({ cold, expectObservable }) => {
 *   const net = new VirtualNetwork()
 *   const pub = net.publisher({ bind: 'inproc://weather' })
 *   const sub = net.subscriber({ connect: 'inproc://weather', topics: ['10001 '] })
 *   expectObservable(sub.pipe(text())).toBe('--a--', { a: '10001 20' })
 *   feed(pub, '-b-a-', { a: '10001 20', b: '20002 30' })
 * })
 * ```
 * @see feed
 */
export class VirtualNetwork {
  private readonly core: VirtualNetworkCore

  constructor(config: VirtualNetworkConfig = {}) {
    this.core = new VirtualNetworkCore(config)
  }

  /** A PUB socket. */
  publisher(config: VirtualSocketConfig = {}): VirtualSenderSocket {
    return new VirtualSenderSocket(this.make('PUB', 'Publisher', config))
  }

  /** A SUB socket; `topics` are subscribed for its whole life. */
  subscriber(config: VirtualSocketConfig = {}): VirtualSubscriber {
    const { topics = [], ...rest } = config
    const core = this.make('SUB', 'Subscriber', rest)
    for (const topic of topics) core.subscribe(toTopic(topic, 'Subscriber'))
    return new VirtualSubscriber(core)
  }

  /** An XPUB socket: receives `[1|0, ...topic]` (un)subscriptions, publishes like PUB. */
  xpublisher(config: VirtualSocketConfig = {}): VirtualDuplexSocket {
    return new VirtualDuplexSocket(this.make('XPUB', 'XPublisher', config))
  }

  /** An XSUB socket: subscribes by sending `[1, ...topic]`, receives what publishers send. */
  xsubscriber(config: VirtualSocketConfig = {}): VirtualDuplexSocket {
    return new VirtualDuplexSocket(this.make('XSUB', 'XSubscriber', config))
  }

  /** A PUSH socket. */
  push(config: VirtualSocketConfig = {}): VirtualSenderSocket {
    return new VirtualSenderSocket(this.make('PUSH', 'Push', config))
  }

  /** A PULL socket. */
  pull(config: VirtualSocketConfig = {}): VirtualReceiverSocket {
    return new VirtualReceiverSocket(this.make('PULL', 'Pull', config))
  }

  /** A REQ socket. */
  request(config: VirtualSocketConfig = {}): VirtualRequest {
    return new VirtualRequest(this.make('REQ', 'Request', config))
  }

  /** A REP socket. */
  reply(config: VirtualSocketConfig = {}): VirtualDuplexSocket {
    return new VirtualDuplexSocket(this.make('REP', 'Reply', config))
  }

  /** A DEALER socket. */
  dealer(config: VirtualSocketConfig = {}): VirtualDuplexSocket {
    return new VirtualDuplexSocket(this.make('DEALER', 'Dealer', config))
  }

  /** A ROUTER socket. */
  router(config: VirtualSocketConfig = {}): VirtualDuplexSocket {
    return new VirtualDuplexSocket(this.make('ROUTER', 'Router', config))
  }

  /** A PAIR socket. */
  pair(config: VirtualSocketConfig = {}): VirtualDuplexSocket {
    return new VirtualDuplexSocket(this.make('PAIR', 'Pair', config))
  }

  private make(kind: VirtualKind, type: string, config: VirtualSocketConfig): VirtualCore {
    const core = new VirtualCore(this.core, kind, type, config)
    for (const endpoint of list(config.bind)) core.bind(endpoint)
    for (const endpoint of list(config.connect)) core.connect(endpoint)
    return core
  }
}

function list(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return []
  return typeof value === 'string' ? [value] : value
}
