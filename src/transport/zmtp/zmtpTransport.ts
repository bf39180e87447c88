import { plainOptions } from '../../internal/args'
import { shownOption } from '../../security/Secret'
import { pipeTransport } from '../pipes/PipeSocket'
import type { Transport } from '../Transport'
import type { ZmtpAuthenticate } from './options'
import { zmtpNetwork } from './zmtpNetwork'

/** Options of {@link zmtpTransport}. */
export interface ZmtpTransportOptions {
  /**
   * Decides which PLAIN clients a PLAIN server (`plainServer: true`) lets in: true admits,
   * false refuses (ZAP status 400), a throw or rejection refuses (500). Without it a PLAIN
   * server refuses everyone, as libzmq does with no ZAP handler.
   */
  readonly authenticate?: ZmtpAuthenticate
}

/** The options the ZMTP pipes read, besides those every pipe socket has. */
const OPTIONS = [
  'maxMessageSize',
  'heartbeatInterval',
  'heartbeatTimeout',
  'heartbeatTimeToLive',
  'handshakeInterval',
  'plainServer',
  'plainUsername',
  'plainPassword',
  'zmtpAuthenticate',
]

/**
 * rxzmq's own ZMTP 3.1 (RFC 37, and 3.0 peers, RFC 23) over Node's `net`, for `tcp://` and
 * `ipc://`: no libzmq under the socket, so no native call and no promise per message; frames
 * are parsed in place and packed into large writes. The pattern semantics are rxzmq's pipe
 * behaviours (prefix filtering, round-robin, fair queuing, envelopes, REQ/REP turns), the same
 * over the virtual and WebSocket transports. Wire-compatible with libzmq and every ZMTP peer.
 *
 * Has: PUB, SUB, XPUB, XSUB, PUSH, PULL, REQ, REP, DEALER, ROUTER, PAIR; NULL and PLAIN;
 * heartbeats (`heartbeatInterval`, `heartbeatTimeout`, `heartbeatTimeToLive`); reconnection
 * (`reconnectInterval`, `reconnectMaxInterval`); high-water marks per connection; `linger`;
 * `maxMessageSize`. Has not (use the native transport): CURVE, ZAP handlers, draft socket
 * types, STREAM, inproc, ws, udp.
 *
 * ## Example
 * ```ts
 * const zmtp = zmtpTransport()
 * const pull = new PullSocket({ bind: 'tcp://127.0.0.1:5557', transport: zmtp })
 * const push = new PushSocket({ connect: 'tcp://127.0.0.1:5557', transport: zmtp })
 * ```
 */
export function zmtpTransport(options: ZmtpTransportOptions = {}): Transport {
  options = plainOptions(options, 'zmtpTransport', 'options')
  return pipeTransport(
    {
      ...zmtpNetwork,
      options: OPTIONS,
      defaults:
        options.authenticate === undefined ? {} : { zmtpAuthenticate: options.authenticate },
    },
    // a PLAIN password, given as a Secret or not, comes back as one
    { shown: shownOption },
  )
}
