import { ConnectionError } from '../../errors/ConnectionError'
import { InvalidEndpointError } from '../../errors/InvalidEndpointError'
import { InvalidOptionError } from '../../errors/InvalidOptionError'
import { ProtocolError } from '../../errors/ProtocolError'
import type { ZmqError } from '../../errors/ZmqError'
import type { Dial, DialSink, Listener, LocalSocket, PipeNetwork, PipeSink } from '../pipes/Pipe'
import { COMPATIBLE, type SocketType } from '../SocketType'
import {
  DEFAULT_HIGH_WATER_MARK,
  DEFAULT_MAX_BUFFERED_AMOUNT,
  WebSocketPipe,
} from './WebSocketPipe'
import type { WebSocketConstructor, WebSocketLike } from './WebSocketApi'
import {
  commandError,
  emptyFrameError,
  encodeFrame,
  FLAG_COMMAND,
  FLAG_LAST,
  flagsError,
  MAX_ROUTING_ID,
  messageBytes,
  ZWS_PROTOCOL,
} from './zws'

/**
 * Where a ZWS pipe's `peerType` comes from. ZWS 2.0 without a mechanism (the only variant a
 * browser can speak) sends no READY command, so the peer never says its socket type and libzmq
 * checks none: a browser SUB connected to a native PUSH is not refused, it just receives. Give
 * the type the server is known to have, for all connections or per endpoint; `undefined` from
 * the function means "assume", as when this option is left out.
 */
export type PeerTypeOption =
  SocketType | ((endpoint: string, local: SocketType) => SocketType | undefined)

/** Options of {@link wsNetwork}. */
export interface WsNetworkOptions {
  /**
   * The WebSocket class to dial with. Default: `globalThis.WebSocket` (every browser, Node 22,
   * Node 20 run with `--experimental-websocket`).
   */
  readonly WebSocket?: WebSocketConstructor
  /**
   * The peers' socket type (see {@link PeerTypeOption}). Left out, a pipe's `peerType` is
   * assumed from the local type, the usual server for it (`SUB`→`PUB`, `REQ`→`REP`,
   * `DEALER`→`ROUTER`, `PUSH`→`PULL`...): the peer is assumed compatible. A type given here
   * that cannot be a peer of the local socket fails the dial with an `InvalidOptionError`.
   */
  readonly peerType?: PeerTypeOption
  /**
   * The WebSocket's `bufferedAmount` (bytes) at which a pipe stops taking messages, whatever
   * `sendHighWaterMark` says. Default 1 MiB; 0 for no limit.
   */
  readonly maxBufferedAmount?: number
}

/**
 * The socket type a ZWS peer is assumed to have when `peerType` is not configured: the usual
 * server for a browser-side socket of type `local` (`SUB`→`PUB`, `REQ`→`REP`,
 * `DEALER`→`ROUTER`, `PUSH`→`PULL`...). `undefined` for a type with no peer (`STREAM`).
 */
export function assumedPeerType(local: SocketType): SocketType | undefined {
  switch (local) {
    case 'DEALER':
      return 'ROUTER'
    case 'ROUTER':
      return 'DEALER'
    default:
      return COMPATIBLE[local][0]
  }
}

/** libzmq's default `handshakeInterval` (ZMQ_HANDSHAKE_IVL), in ms. */
const DEFAULT_HANDSHAKE_INTERVAL = 30000

/**
 * The ZWS 2.0 network (a `PipeNetwork`, what a pipe transport is made of) (ZeroMQ over WebSocket, RFC 45), for browsers: it dials
 * `ws://host:port/path` endpoints bound by native (libzmq) sockets, and `wss://` ones served
 * through a TLS-terminating proxy (libzmq as bundled has no `wss://` of its own). It uses only
 * the browser's WebSocket API: no Node API, no libzmq.
 *
 * A dial opens a WebSocket with the sub-protocol `ZWS2.0` (browsers cannot offer `ZWS2.0/NULL`:
 * a `/` is not allowed in a sub-protocol token, so no mechanism and no CURVE/PLAIN), sends the
 * local routing id (`LocalSocket.identity`, or empty) as its first message, and hands a
 * `WebSocketPipe` to `sink.pipe` once the server's routing id arrived; the pipe's
 * `peerIdentity` is that routing id when not empty. Events: `connect` when the WebSocket opens,
 * `handshake` when the routing ids were exchanged, `handshake:error:protocol` when the server
 * turns out not to speak ZWS. (`disconnect` is the pipe socket's to report, from
 * `handler.closed`.) Every failure before the handshake reaches `sink.failed` as a typed error:
 * `ConnectionError` (`ECONNREFUSED`: refused, unreachable, not a WebSocket server, TLS
 * failure, which the WebSocket API does not tell apart; `ECONNRESET`; `ETIMEDOUT` after
 * `handshakeInterval`), `ProtocolError`, `InvalidEndpointError`, `InvalidOptionError`.
 *
 * `listen` refuses: a browser cannot accept connections. Bind `ws://` on a native socket.
 *
 * Options read from `LocalSocket.options`: `sendHighWaterMark`, `receiveHighWaterMark`
 * (default 1000, 0 = none), `maxMessageSize` (default -1 = none), `handshakeInterval` (ms,
 * default 30000, 0 = none).
 *
 * ## Example
 * ```ts
 * const network = wsNetwork() // or wsNetwork({ WebSocket: MyWebSocket, peerType: 'PUB' })
 * network.dial('ws://example.com:5556/feed', { type: 'SUB', identity: undefined, options: {} }, {
 *   pipe: (pipe) => { pipe.handler = handler; pipe.write([new Uint8Array([1])]) }, // subscribe all
 *   event: (event) => console.log(event.type),
 *   failed: (error) => console.error(error.code, error.message),
 * })
 * ```
 *
 * @throws InvalidOptionError (`EPROTONOSUPPORT`) when there is no WebSocket class to use.
 */
export function wsNetwork(options: WsNetworkOptions = {}): PipeNetwork {
  const WebSocketClass =
    options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket ?? undefined
  if (typeof WebSocketClass !== 'function') {
    throw new InvalidOptionError(
      'ws transport: no WebSocket class here: pass one as wsNetwork({ WebSocket }), or run where ' +
        'globalThis.WebSocket exists (browsers, Node 22, Node 20 with --experimental-websocket)',
      { option: 'WebSocket', code: 'EPROTONOSUPPORT' },
    )
  }
  const maxBufferedAmount = options.maxBufferedAmount ?? DEFAULT_MAX_BUFFERED_AMOUNT
  if (!isLimit(maxBufferedAmount, 0)) {
    throw new InvalidOptionError(
      `ws transport: maxBufferedAmount must be an integer >= 0, not ${String(maxBufferedAmount)}`,
      { option: 'maxBufferedAmount', code: 'EINVAL' },
    )
  }
  const peerType = options.peerType
  return {
    name: 'ws',
    schemes: ['ws', 'wss'],
    options: ['maxMessageSize', 'handshakeInterval'],
    // A browser reconnecting to a server that went away backs off (libzmq's default interval,
    // doubling up to 5 s) with some jitter, so that many pages do not come back in step.
    defaults: {
      maxMessageSize: -1,
      handshakeInterval: DEFAULT_HANDSHAKE_INTERVAL,
      reconnectMaxInterval: 5000,
    },
    reconnectJitter: 0.2,
    listen(endpoint: string, _local: LocalSocket, _sink: PipeSink): Listener {
      throw new InvalidEndpointError(
        `${endpoint}: a browser cannot listen for connections: bind ws:// on a native (libzmq) ` +
          'socket and connect to it',
        { code: 'EPROTONOSUPPORT', endpoint },
      )
    },
    dial(endpoint: string, local: LocalSocket, sink: DialSink): Dial {
      return dialZws(WebSocketClass, endpoint, local, sink, peerType, maxBufferedAmount)
    },
  }
}

function isLimit(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min
}

/** The limits a dial reads from the local socket's options. */
interface Limits {
  sendHighWaterMark: number
  receiveHighWaterMark: number
  maxMessageSize: number
  handshakeInterval: number
}

function readLimits(options: Readonly<Record<string, unknown>>): Limits | InvalidOptionError {
  const limits: Limits = {
    sendHighWaterMark: DEFAULT_HIGH_WATER_MARK,
    receiveHighWaterMark: DEFAULT_HIGH_WATER_MARK,
    maxMessageSize: -1,
    handshakeInterval: DEFAULT_HANDSHAKE_INTERVAL,
  }
  for (const name of Object.keys(limits) as (keyof Limits)[]) {
    const value = options[name]
    if (value === undefined) continue
    const min = name === 'maxMessageSize' ? -1 : 0
    if (!isLimit(value, min)) {
      return new InvalidOptionError(
        // eslint-disable-next-line @typescript-eslint/no-base-to-string -- reports whatever was passed
        `ws transport: ${name} must be an integer >= ${min}, not ${String(value)}`,
        { option: name, code: 'EINVAL' },
      )
    }
    limits[name] = value
  }
  return limits
}

function resolvePeerType(
  option: PeerTypeOption | undefined,
  endpoint: string,
  local: SocketType,
): SocketType | ZmqError {
  let configured: SocketType | undefined
  try {
    configured = typeof option === 'function' ? option(endpoint, local) : option
  } catch (cause) {
    return new InvalidOptionError(`${endpoint}: the peerType function threw: ${describe(cause)}`, {
      option: 'peerType',
      code: 'EINVAL',
      cause,
    })
  }
  if (configured === undefined) {
    const assumed = assumedPeerType(local)
    if (assumed !== undefined) return assumed
    return new InvalidOptionError(`${endpoint}: a ${local} socket has no ZWS peer type`, {
      option: 'peerType',
      code: 'EPROTONOSUPPORT',
    })
  }
  if (!(configured in COMPATIBLE) || !COMPATIBLE[local].includes(configured)) {
    return new InvalidOptionError(
      `${endpoint}: peerType ${String(configured)} cannot be a peer of a ${local} socket`,
      { option: 'peerType', code: 'EINVAL' },
    )
  }
  return configured
}

/**
 * One connection attempt: the WebSocket handshake, then the routing-id exchange; the pipe to
 * `sink.pipe`, or the typed error to `sink.failed` (never both, never after `cancel()`). What is
 * wrong before the WebSocket exists (the endpoint, the options) is reported after `dial`
 * returned.
 */
function dialZws(
  WebSocketClass: WebSocketConstructor,
  endpoint: string,
  local: LocalSocket,
  sink: DialSink,
  peerTypeOption: PeerTypeOption | undefined,
  maxBufferedAmount: number,
): Dial {
  let ws: WebSocketLike | undefined
  let done = false
  let opened = false
  let timer: ReturnType<typeof setTimeout> | undefined

  /** Stops the handshake timer; detaches from the WebSocket and, when `close`, closes it. */
  const release = (close: boolean): void => {
    done = true
    clearTimeout(timer)
    if (ws === undefined || !close) return
    ws.onopen = ws.onmessage = ws.onerror = ws.onclose = null
    try {
      ws.close(1000)
    } catch {
      // A WebSocket that cannot be closed is closed already, or never opened.
    }
  }
  const fail = (error: ZmqError): void => {
    if (done) return
    release(true)
    if (error instanceof ProtocolError && opened) {
      sink.event({ type: 'handshake:error:protocol', address: endpoint, error })
    }
    sink.failed(error)
  }
  const reset = (what: string): ConnectionError =>
    new ConnectionError(`${endpoint}: ${what}`, { code: 'ECONNRESET', endpoint })
  const dial: Dial = { cancel: () => done || release(true) }
  /** What ended the attempt before its handshake: refused (not opened), or reset. */
  const ended = (what: string): ConnectionError =>
    opened
      ? reset(`the connection ended during the ZWS handshake (${what})`)
      : new ConnectionError(
          `${endpoint}: cannot connect (refused, unreachable, not a WebSocket server ` +
            'or a TLS failure: the WebSocket API does not say which)',
          { code: 'ECONNREFUSED', endpoint },
        )

  const limits = readLimits(local.options)
  const peerType = resolvePeerType(peerTypeOption, endpoint, local.type)
  let problem: ZmqError | undefined =
    checkEndpoint(endpoint) ??
    (limits instanceof InvalidOptionError
      ? limits
      : typeof peerType !== 'string'
        ? peerType
        : undefined)
  if (problem === undefined) {
    try {
      ws = new WebSocketClass(endpoint, ZWS_PROTOCOL)
    } catch (cause) {
      problem = new InvalidEndpointError(
        `${endpoint}: cannot open a WebSocket: ${describe(cause)}`,
        {
          code: 'EINVAL',
          endpoint,
          cause,
        },
      )
    }
  }
  if (problem !== undefined || ws === undefined) {
    const error = problem
    queueMicrotask(() => fail(error!))
    return dial
  }
  const socket = ws
  const { handshakeInterval } = limits as Limits
  socket.binaryType = 'arraybuffer'
  socket.onopen = () => {
    if (done) return
    opened = true
    if (socket.protocol !== ZWS_PROTOCOL) {
      fail(
        new ProtocolError(
          `${endpoint}: the server is not a ZWS 2.0 peer: it chose the sub-protocol ` +
            `${socket.protocol === '' ? '(none)' : JSON.stringify(socket.protocol)}, not ${ZWS_PROTOCOL}`,
          { code: 'ERR_ZMTP_MECHANISM_MISMATCH', violation: 'subprotocol', endpoint },
        ),
      )
      return
    }
    sink.event({ type: 'connect', address: endpoint })
    if (done) return
    try {
      socket.send(encodeFrame(local.identity ?? new Uint8Array(0), false))
    } catch (cause) {
      fail(reset(`cannot send the routing id: ${describe(cause)}`))
    }
  }
  socket.onmessage = (event) => {
    if (done) return
    const bytes = messageBytes(event.data, endpoint)
    if (bytes instanceof ProtocolError) return fail(bytes)
    if (bytes.length === 0) return fail(emptyFrameError(endpoint))
    const flags = bytes[0]
    if (flags === FLAG_COMMAND) return fail(commandError(bytes, false, endpoint))
    if (flags > FLAG_COMMAND) return fail(flagsError(flags, endpoint))
    if (flags !== FLAG_LAST || bytes.length - 1 > MAX_ROUTING_ID) {
      return fail(
        new ProtocolError(
          `${endpoint}: the ZWS peer's routing id ` +
            (flags !== FLAG_LAST
              ? 'has more than one frame'
              : `is ${bytes.length - 1} bytes (255 at most)`),
          {
            code: flags !== FLAG_LAST ? 'ERR_ZMTP_INVALID_SEQUENCE' : 'ERR_ZMTP_INVALID_METADATA',
            violation: 'routing-id',
            endpoint,
          },
        ),
      )
    }
    release(false)
    const { sendHighWaterMark, receiveHighWaterMark, maxMessageSize } = limits as Limits
    const pipe = new WebSocketPipe(socket, {
      endpoint,
      peerType: peerType as SocketType,
      peerIdentity: bytes.length > 1 ? bytes.subarray(1) : undefined,
      sendHighWaterMark,
      receiveHighWaterMark,
      maxMessageSize,
      maxBufferedAmount,
    })
    sink.event({ type: 'handshake', address: endpoint })
    sink.pipe(pipe)
  }
  socket.onerror = () => fail(ended('error'))
  socket.onclose = (event) => fail(ended(`close code ${event.code}`))
  if (handshakeInterval > 0) {
    timer = setTimeout(
      () =>
        fail(
          new ConnectionError(
            `${endpoint}: no ZWS handshake within handshakeInterval (${handshakeInterval} ms)`,
            { code: 'ETIMEDOUT', endpoint },
          ),
        ),
      handshakeInterval,
    )
  }
  return dial
}

function checkEndpoint(endpoint: string): InvalidEndpointError | undefined {
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    return new InvalidEndpointError(`${endpoint}: not a ws:// or wss:// endpoint`, {
      code: 'EINVAL',
      endpoint,
    })
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    return new InvalidEndpointError(
      `${endpoint}: the ws transport dials ws:// and wss:// endpoints only`,
      { code: 'EPROTONOSUPPORT', endpoint },
    )
  }
  if (url.hostname === '' || url.hostname === '*') {
    return new InvalidEndpointError(`${endpoint}: cannot connect to a wildcard address`, {
      code: 'EINVAL',
      endpoint,
    })
  }
  return undefined
}

function describe(cause: unknown): string {
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)
}
