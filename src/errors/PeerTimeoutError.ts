import { ZmqError } from './ZmqError'

/**
 * A peer that went silent: its handshake did not finish within `handshakeInterval`, it did not
 * answer a heartbeat PING within `heartbeatTimeout`, or it sent nothing within the time-to-live
 * its own PING announced. `phase` says which, `timeout` the limit in ms. The connection is
 * dropped (`ETIMEDOUT`); a connecting socket tries again.
 *
 * ## Example
 * ```ts
 * const dealer = new DealerSocket({
 *   connect: 'tcp://127.0.0.1:5555',
 *   transport: zmtpTransport(),
 *   heartbeatInterval: 1000,
 *   heartbeatTimeout: 3000,
 * })
 * dealer.events$.subscribe((event) => {
 *   if ('error' in event && event.error instanceof PeerTimeoutError) {
 *     console.warn(`${event.error.endpoint}: silent for ${event.error.timeout} ms (${event.error.phase})`)
 *   }
 * })
 * ```
 */
export class PeerTimeoutError extends ZmqError {
  declare readonly errno: number
  readonly phase: 'handshake' | 'heartbeat' | 'ttl'
  readonly timeout: number
  constructor(phase: 'handshake' | 'heartbeat' | 'ttl', timeout: number, endpoint?: string) {
    const what =
      phase === 'handshake'
        ? `did not finish its handshake within ${timeout} ms (handshakeInterval)`
        : phase === 'heartbeat'
          ? `sent nothing within ${timeout} ms of a heartbeat PING (heartbeatTimeout)`
          : `sent nothing within the ${timeout} ms time-to-live of its PING`
    super(`the peer ${what}; the connection was dropped`, {
      code: 'ETIMEDOUT',
      errno: 110,
      endpoint,
    })
    this.phase = phase
    this.timeout = timeout
  }
}
