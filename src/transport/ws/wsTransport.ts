import { pipeTransport } from '../pipes/PipeSocket'
import type { OpenSpec, Transport, TransportSocket } from '../Transport'
import { wsNetwork, type WsNetworkOptions } from './wsNetwork'

/**
 * The WebSocket transport (ZWS 2.0, RFC 45): sockets that connect to native (libzmq) sockets
 * bound on `ws://`, from a browser or from Node, with the pattern semantics of rxzmq's pipe
 * sockets (the same as the virtual and ZMTP transports). The default transport of
 * `rxzmq/web`. The WebSocket class is looked up when the first socket opens, not before.
 *
 * - Connect only (`bind` is refused: a browser cannot listen); several endpoints per socket,
 *   round-robin and fair queuing across them.
 * - Reconnects after `reconnectInterval` (default 100 ms), doubling up to
 *   `reconnectMaxInterval` (default 5000 ms here), ±20 % jitter; live subscriptions are sent
 *   again on each new connection.
 * - No mechanism: browsers cannot offer `ZWS2.0/NULL`, so there is no CURVE or PLAIN and no
 *   socket-type check; authenticate at the application level, and put TLS and an Origin check
 *   in front of the native endpoint (see the README).
 * - Options: `sendHighWaterMark`, `receiveHighWaterMark` (a browser cannot pause a WebSocket:
 *   beyond it messages are dropped, and counted), `maxMessageSize`, `handshakeInterval`,
 *   `reconnectInterval`, `reconnectMaxInterval`, `routingId`, `linger`.
 *
 * ## Example
 * ```ts
 * import { SubscriberSocket, text } from 'rxzmq/web'
 * new SubscriberSocket({ connect: 'ws://127.0.0.1:8556', topics: ['10001 '] })
 *   .pipe(text())
 *   .subscribe((update) => console.log(update))
 * ```
 */
export function wsTransport(options: WsNetworkOptions = {}): Transport {
  let transport: Transport | undefined
  return {
    name: 'ws',
    open(spec: OpenSpec): TransportSocket {
      transport ??= pipeTransport(wsNetwork(options))
      return transport.open(spec)
    },
  }
}
