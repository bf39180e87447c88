import { filter, firstValueFrom, type Observable, take, timeout, toArray } from 'rxjs'
import type { Message } from '../../src/message'
import { nativeSockets } from '../../src/testing/nativeSockets'
import type { SocketFactory, SocketLike } from '../../src/testing/SocketFactory'
import { VirtualNetwork } from '../../src/testing/VirtualNetwork'

/** One transport the conformance scenarios run against. */
export interface ConformanceTransport {
  readonly name: string
  /** Makes sockets; every socket made is closed by `closeAll()`. */
  readonly sockets: SocketFactory
  /** An endpoint to bind (read the real one back from `bind()`). */
  endpoint(): string
  /**
   * An inproc endpoint, for clauses whose outcome depends on messages having arrived at the
   * peer before it reads: over inproc a message is in the peer's queue once `send()` resolved.
   */
  inproc(): string
  /**
   * Resolves once `n` peers have connected to `binder` and can exchange messages. Call it
   * before connecting the peers: it listens to the binder's events.
   */
  peers(binder: SocketLike, n: number): Promise<void>
  closeAll(): void
}

const KINDS = [
  'publisher',
  'subscriber',
  'xpublisher',
  'xsubscriber',
  'push',
  'pull',
  'request',
  'reply',
  'dealer',
  'router',
  'pair',
] as const

/** A factory that makes sockets with `current()` and remembers each one for closing. */
function tracked(current: () => SocketFactory, open: SocketLike[]): SocketFactory {
  const wrapped: Record<string, unknown> = {}
  for (const kind of KINDS) {
    wrapped[kind] = (config?: object) => {
      const factory = current()
      const socket = (factory[kind] as (c?: object) => SocketLike).call(factory, config)
      open.push(socket)
      return socket
    }
  }
  return wrapped as unknown as SocketFactory
}

let counter = 0

function waitFor(binder: SocketLike, type: string, n: number): Promise<void> {
  if (n === 0) return Promise.resolve()
  return firstValueFrom(
    binder.events$.pipe(
      filter((e) => e.type === type),
      take(n),
      toArray(),
      timeout(5000),
    ),
  ).then(() => undefined)
}

/** The native transport over tcp on the loopback, and the virtual transport. */
export function conformanceTransports(): ConformanceTransport[] {
  const nativeOpen: SocketLike[] = []
  const virtualOpen: SocketLike[] = []
  let network = new VirtualNetwork()
  return [
    {
      name: 'native (tcp)',
      sockets: tracked(() => nativeSockets, nativeOpen),
      endpoint: () => 'tcp://127.0.0.1:*',
      inproc: () => `inproc://conformance-native-${process.pid}-${++counter}`,
      peers: (binder, n) => waitFor(binder, 'handshake', n),
      closeAll: () => {
        for (const socket of nativeOpen.splice(0)) socket.close()
      },
    },
    {
      name: 'virtual',
      sockets: tracked(() => network, virtualOpen),
      endpoint: () => `inproc://conformance-${++counter}`,
      inproc: () => `inproc://conformance-${++counter}`,
      peers: (binder, n) => waitFor(binder, 'accept', n),
      closeAll: () => {
        for (const socket of virtualOpen.splice(0)) socket.close()
        network = new VirtualNetwork()
      },
    },
  ]
}

/** The first `n` messages a socket receives (fails after 5 s rather than hanging). */
export function receive(socket: Observable<Message>, n: number): Promise<Message[]> {
  return firstValueFrom(socket.pipe(take(n), toArray(), timeout(5000)))
}

/** A message's frames as text. */
export function texts(message: Message): string[] {
  return message.map((frame) => frame.toString('utf8'))
}
