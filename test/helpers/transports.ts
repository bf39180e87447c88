import { filter, firstValueFrom, type Observable, take, timeout, toArray } from 'rxjs'
import {
  DealerSocket,
  nativeTransport,
  PairSocket,
  PublisherSocket,
  PullSocket,
  PushSocket,
  ReplySocket,
  RequestSocket,
  RouterSocket,
  SubscriberSocket,
  type Transport,
  XPublisherSocket,
  XSubscriberSocket,
  zmtpTransport,
} from '../../src'
import { CORE } from '../../src/core/members'
import type { Message } from '../../src/message'
import { VirtualNetwork } from '../../src/testing'
import { WsAgainstNative } from './wsAgainstNative'

type Config = Record<string, unknown>

/** The sockets a scenario makes, on the transport under test; each is closed by `closeAll()`. */
export interface Sockets {
  publisher(config?: Config): PublisherSocket
  subscriber(config?: Config): SubscriberSocket
  xpublisher(config?: Config): XPublisherSocket
  xsubscriber(config?: Config): XSubscriberSocket
  push(config?: Config): PushSocket
  pull(config?: Config): PullSocket
  request(config?: Config): RequestSocket
  reply(config?: Config): ReplySocket
  dealer(config?: Config): DealerSocket
  router(config?: Config): RouterSocket
  pair(config?: Config): PairSocket
}

/** Any socket a scenario makes. */
export type AnySocket = ReturnType<Sockets[keyof Sockets]>

/** One transport the conformance scenarios run against. */
export interface ConformanceTransport {
  readonly name: string
  /** The transport itself (for cold Observables and code that takes a `transport`). */
  readonly transport: Transport
  /** Makes sockets on this transport; every socket made is closed by `closeAll()`. */
  readonly sockets: Sockets
  /** An endpoint to bind (read the real one back from `bind()`). */
  endpoint(): string
  /**
   * An inproc endpoint, for clauses whose outcome depends on messages having arrived at the
   * peer before it reads: over inproc a message is in the peer's queue once `send()` resolved.
   */
  inproc(): string
  /**
   * Resolves once `n` messages have reached `socket` and wait there unread (over inproc they
   * do as soon as `send()` resolved; over tcp they are still on their way).
   */
  arrived(socket: AnySocket, n: number): Promise<void>
  /**
   * Whether a pipe holds exactly sendHighWaterMark + receiveHighWaterMark messages (inproc and
   * memory), rather than also what the kernel's socket buffers hold (tcp).
   */
  readonly exactQueues: boolean
  /**
   * Resolves once `n` peers have connected to `binder` and can exchange messages. Call it
   * before connecting the peers: it listens to the binder's events.
   */
  peers(binder: AnySocket, n: number): Promise<void>
  /**
   * Whether `arrived()` works on a socket that binds. False for ws, where the binder is a
   * native socket (libzmq): its queues cannot be counted, and there is no inproc between a ws
   * socket and a native one. Scenarios that need it are skipped there (see {@link itWhen}).
   */
  readonly arrivals: boolean
  /**
   * Whether a binder reports a peer going away with `disconnect` alone. False for ws: libzmq
   * 4.3.5 runs a ZWS2.0 connection with no mechanism, and its `stream_engine_base_t::error`
   * reports HANDSHAKE_FAILED_NO_DETAIL (`handshake:error:other`) before DISCONNECTED whenever
   * such a connection ends (test/transport/ws/sockets.spec.ts asserts that sequence).
   */
  readonly cleanDisconnect: boolean
  /**
   * Whether a ROUTER that binds can route to its peers once `peers()` resolved. False for ws:
   * libzmq 4.3.5's ws engine reports HANDSHAKE_SUCCEEDED as soon as the HTTP upgrade is done
   * (`ws_engine_t::handshake`), before the peer's ZWS routing id has arrived, so the ROUTER may
   * not know the peer's name yet and drops what is routed to it (with `mandatory`, EHOSTUNREACH
   * in about 1 try of 8 right after the event; never over tcp). test/transport/ws/sockets.spec.ts
   * routes by routing id once the ROUTER has heard from its peers.
   */
  readonly routableOnHandshake: boolean
  closeAll(): void
}

/**
 * `it` where the transport has what a scenario needs, `it.skip` where it does not: a skipped
 * scenario shows in Jest's report as skipped, and the capability's doc says why.
 */
export function itWhen(capability: boolean): jest.It {
  return capability ? it : it.skip
}

const CLASSES = {
  publisher: PublisherSocket,
  subscriber: SubscriberSocket,
  xpublisher: XPublisherSocket,
  xsubscriber: XSubscriberSocket,
  push: PushSocket,
  pull: PullSocket,
  request: RequestSocket,
  reply: ReplySocket,
  dealer: DealerSocket,
  router: RouterSocket,
  pair: PairSocket,
} as const

/** Sockets on `transport()`, each remembered in `open` for closing. */
function sockets(transport: () => Transport, open: AnySocket[]): Sockets {
  const made: Record<string, (config?: Config) => AnySocket> = {}
  for (const [kind, Class] of Object.entries(CLASSES)) {
    made[kind] = (config: Config = {}) => {
      const socket = new (Class as new (c: Config) => AnySocket)({
        ...config,
        transport: transport(),
      })
      open.push(socket)
      return socket
    }
  }
  return made as unknown as Sockets
}

let counter = 0

function waitFor(binder: AnySocket, n: number): Promise<void> {
  if (n === 0) return Promise.resolve()
  return firstValueFrom(
    binder.events$.pipe(
      filter((e) => e.type === 'handshake'),
      take(n),
      toArray(),
      timeout(5000),
    ),
  ).then(() => undefined)
}

/**
 * The native and ZMTP transports over tcp on the loopback, the virtual transport, and ws: the
 * socket that binds a native one on `ws://127.0.0.1:*`, the one that connects the same class on
 * the ws transport (see {@link WsAgainstNative}).
 */
export function conformanceTransports(): ConformanceTransport[] {
  const nativeOpen: AnySocket[] = []
  const virtualOpen: AnySocket[] = []
  const zmtpOpen: AnySocket[] = []
  const wsOpen: AnySocket[] = []
  const zmtp = zmtpTransport()
  const ws = new WsAgainstNative()
  let network = new VirtualNetwork()
  return [
    {
      name: 'native (tcp)',
      transport: nativeTransport,
      sockets: sockets(() => nativeTransport, nativeOpen),
      endpoint: () => 'tcp://127.0.0.1:*',
      inproc: () => `inproc://conformance-native-${process.pid}-${++counter}`,
      arrived: async () => undefined,
      exactQueues: true,
      peers: waitFor,
      arrivals: true,
      cleanDisconnect: true,
      routableOnHandshake: true,
      closeAll: () => {
        for (const socket of nativeOpen.splice(0)) socket.close()
      },
    },
    {
      name: 'zmtp (tcp)',
      transport: zmtp,
      sockets: sockets(() => zmtp, zmtpOpen),
      endpoint: () => 'tcp://127.0.0.1:*',
      inproc: () => 'tcp://127.0.0.1:*',
      arrived: (socket, n) => pipesHold(socket, n),
      exactQueues: false,
      peers: waitFor,
      arrivals: true,
      cleanDisconnect: true,
      routableOnHandshake: true,
      closeAll: () => {
        for (const socket of zmtpOpen.splice(0)) socket.close()
      },
    },
    {
      name: 'virtual',
      get transport() {
        return network
      },
      sockets: sockets(() => network, virtualOpen),
      endpoint: () => 'tcp://127.0.0.1:*',
      inproc: () => `inproc://conformance-${++counter}`,
      arrived: async () => undefined,
      exactQueues: true,
      peers: waitFor,
      arrivals: true,
      cleanDisconnect: true,
      routableOnHandshake: true,
      closeAll: () => {
        for (const socket of virtualOpen.splice(0)) socket.close()
        network = new VirtualNetwork()
      },
    },
    {
      name: 'ws (ZWS 2.0 to native)',
      transport: ws,
      sockets: sockets(() => ws, wsOpen),
      endpoint: () => 'ws://127.0.0.1:*',
      // no inproc between a ws socket and a native one; the scenarios that need one are
      // skipped (arrivals, exactQueues)
      inproc: () => 'ws://127.0.0.1:*',
      arrived: () => {
        throw new Error('ws entry: arrived() is not available (arrivals: false)')
      },
      exactQueues: false,
      peers: waitFor,
      arrivals: false,
      cleanDisconnect: false,
      routableOnHandshake: false,
      closeAll: () => {
        for (const socket of wsOpen.splice(0)) socket.close()
        // every socket that bound was native, every other one a ws pipe socket (throws if not)
        ws.check()
      },
    },
  ]
}

/**
 * Resolves once the pipes of a pipe socket (ZMTP) hold `n` messages nobody has read, checking
 * after each turn of the event loop (they arrive as the kernel hands the bytes over); fails
 * after 5 s.
 */
async function pipesHold(socket: AnySocket, n: number): Promise<void> {
  const pipes = (socket[CORE].socket as unknown as { pipes: Set<{ queued: number }> }).pipes
  const deadline = Date.now() + 5000
  for (;;) {
    let queued = 0
    for (const pipe of pipes) queued += pipe.queued
    if (queued >= n) return
    if (Date.now() > deadline) throw new Error(`only ${queued} of ${n} messages arrived`)
    await new Promise((resolve) => setImmediate(resolve))
  }
}

/** The first `n` messages a socket receives (fails after 5 s rather than hanging). */
export function receive(socket: Observable<Message>, n: number): Promise<Message[]> {
  return firstValueFrom(socket.pipe(take(n), toArray(), timeout(5000)))
}

/** A message's frames as text. */
export function texts(message: Message): string[] {
  return message.map((frame) => frame.toString('utf8'))
}
