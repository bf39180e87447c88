import type { ZmqError } from '../../src/errors/ZmqError'
import { nativeTransport } from '../../src/transport/native/NativeTransport'
import { PipeSocket } from '../../src/transport/pipes/PipeSocket'
import type {
  OpenSpec,
  OutgoingFrame,
  SendDone,
  Transport,
  TransportSocket,
} from '../../src/transport/Transport'
import { wsTransport } from '../../src/transport/ws/wsTransport'
import { TestWebSocket } from '../transport/ws/helpers/pipes'

/** Which transport a {@link WsOrNativeSocket} runs on now. */
export type Carrier = 'ws' | 'native'

/**
 * A test-only transport for running the shared scenarios (test/contract, test/conformance) over
 * ZWS 2.0 against libzmq. A ws socket cannot bind (a browser cannot listen), and the scenarios
 * make a socket first and bind or connect it after, so each socket decides by what it does:
 *
 * - It starts as a real ws socket (`wsTransport({ WebSocket: TestWebSocket })`, a `PipeSocket`
 *   over the ws network): a socket that connects, or never binds, is a ws socket throughout.
 * - At its first `bind()`, if it has not connected anywhere, it becomes a native socket (the
 *   native transport, libzmq): the ws socket is closed (it had no connection), a native socket
 *   of the same type is opened with the same host and the options as they are now, and what the
 *   core asked of the ws socket is asked of it again: the monitor, the subscriptions in order,
 *   `resume()`, and a message the ws socket was still holding. Then it binds. The scenarios of
 *   the ws entry bind `ws://127.0.0.1:*`, so the native socket listens for ZWS peers.
 *
 * So in a scenario the socket that binds is libzmq on `ws://` and the one that connects is the
 * same rxzmq class over the ws transport. `check()` asserts it for every socket made.
 */
export class WsAgainstNative implements Transport {
  readonly name = 'ws'
  private readonly ws = wsTransport({ WebSocket: TestWebSocket })
  private readonly made: WsOrNativeSocket[] = []

  open(spec: OpenSpec): TransportSocket {
    const socket = new WsOrNativeSocket(spec, this.ws)
    this.made.push(socket)
    return socket
  }

  /**
   * Throws unless every socket made since the last check ran where it should: a socket that
   * bound on libzmq (the native transport), every other one on the ws transport's pipe sockets.
   * Returns how many ran on each.
   */
  check(): Record<Carrier, number> {
    const counts: Record<Carrier, number> = { ws: 0, native: 0 }
    for (const socket of this.made.splice(0)) {
      const problem = socket.problem()
      if (problem !== undefined) throw new Error(`ws conformance entry: ${problem}`)
      counts[socket.carrier]++
    }
    return counts
  }
}

/** One socket of {@link WsAgainstNative}: a ws socket until its first bind, then native. */
export class WsOrNativeSocket implements TransportSocket {
  carrier: Carrier = 'ws'
  inner: TransportSocket
  private options: Record<string, unknown>
  private connected = false
  private resumed = false
  private monitoring = false
  private readonly subscriptions: ['subscribe' | 'unsubscribe', Uint8Array][] = []
  /** A message the inner socket has not taken yet, and the core's `done` for it. */
  private waiting:
    { frames: readonly OutgoingFrame[]; options: unknown; done: SendDone } | undefined

  constructor(
    private readonly spec: OpenSpec,
    ws: Transport,
  ) {
    this.options = { ...spec.options }
    this.inner = ws.open(spec)
  }

  /**
   * Why this socket did not run where it should, or undefined. A native one became native at
   * its bind; any other must be a pipe socket over the ws network.
   */
  problem(): string | undefined {
    if (this.carrier === 'native') return undefined
    const network = (this.inner as unknown as { network?: { name?: string } }).network?.name
    if (!(this.inner instanceof PipeSocket) || network !== 'ws')
      return `${this.spec.name} did not bind but is not a pipe socket over ws (${String(network)})`
    return undefined
  }

  bind(endpoint: string): string | Promise<string> {
    // a socket that connected first stays ws: its bind is refused as the ws transport refuses it
    if (this.carrier === 'ws' && !this.connected) this.becomeNative()
    return this.inner.bind(endpoint)
  }

  private becomeNative(): void {
    const waiting = this.waiting
    this.waiting = undefined
    // The ws socket has no connection: closing it loses nothing but a message it held, which is
    // sent again below (the `done` it was given ignores the close's refusal: `waiting` is gone).
    void this.inner.close(0)
    this.inner = nativeTransport.open({ ...this.spec, options: this.options })
    this.carrier = 'native'
    if (this.monitoring) this.inner.monitor()
    for (const [what, topic] of this.subscriptions) this.inner[what](topic)
    if (this.resumed) this.inner.resume()
    if (waiting !== undefined) {
      const { frames, options, done } = waiting
      if (this.send(frames, options as Record<string, unknown> | undefined, done)) done()
    }
  }

  unbind(endpoint: string): Promise<void> {
    return this.inner.unbind(endpoint)
  }

  connect(endpoint: string, options?: Readonly<Record<string, unknown>>): void {
    this.connected = true
    this.inner.connect(endpoint, options)
  }

  disconnect(endpoint: string): void {
    this.inner.disconnect(endpoint)
  }

  send(
    frames: readonly OutgoingFrame[],
    options: Readonly<Record<string, unknown>> | undefined,
    done: SendDone,
  ): boolean {
    const inner = this.inner
    const entry = { frames, options, done }
    const taken = inner.send(frames, options, (error?: ZmqError) => {
      if (this.waiting !== entry) return // replaced by the native socket: sent again there
      this.waiting = undefined
      done(error)
    })
    if (!taken) this.waiting = entry
    return taken
  }

  /** The native socket's promise send, once this socket is native (as the core uses it there). */
  get sendPromise():
    | ((
        frames: readonly OutgoingFrame[],
        options: Readonly<Record<string, unknown>> | undefined,
      ) => Promise<void>)
    | undefined {
    const inner = this.inner
    if (inner.sendPromise === undefined) return undefined
    return (frames, options) => inner.sendPromise!(frames, options)
  }

  resume(): void {
    this.resumed = true
    this.inner.resume()
  }

  pause(): void {
    this.resumed = false
    this.inner.pause()
  }

  monitor(): void {
    this.monitoring = true
    this.inner.monitor()
  }

  unmonitor(): void {
    this.monitoring = false
    this.inner.unmonitor?.()
  }

  subscribe(topic: Uint8Array): void {
    this.inner.subscribe(topic)
    this.subscriptions.push(['subscribe', topic])
  }

  unsubscribe(topic: Uint8Array): void {
    this.inner.unsubscribe(topic)
    this.subscriptions.push(['unsubscribe', topic])
  }

  getOption(name: string): unknown {
    return this.inner.getOption(name)
  }

  setOption(name: string, value: unknown): void {
    this.inner.setOption(name, value)
    this.options[name] = value
  }

  close(linger: number): Promise<boolean> | void {
    return this.inner.close(linger)
  }

  get busy(): boolean {
    return this.inner.busy ?? false
  }
}
