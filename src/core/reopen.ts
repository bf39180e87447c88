import { toZmqError } from '../internal/toZmqError'
import { CORE, type HasCore } from './members'
import { specs } from './SocketCore'

/**
 * Replaces the transport socket of a socket (`owner`) with a fresh one: the old one is closed at once (linger
 * 0: what it held is dropped), the new one gets the same options, binds (as bound) and
 * connects, and is resumed and monitored as the old one was. Subscribers, `events$`, the send
 * queue and the socket's state stay: for a REQ socket stuck waiting for a reply that will not
 * come (the Lazy Pirate pattern). Throws nothing: a transport socket that cannot be opened
 * again fails the socket with its error. Only `RequestSocket` needs it, so it is not a method
 * of the core every socket loads.
 */
export function reopen(owner: HasCore): void {
  const core = owner[CORE]
  const old = core.socket
  if (core.state !== 'open' || old === undefined) return
  core.socket = undefined
  void old.close(0) // linger 0: nothing to wait for
  const failed = (error: unknown): void => core.fail(toZmqError(error, core.name, 'reopen'))
  try {
    const socket = core.transport.open(specs.get(core)!)
    core.socket = socket
    core.behaviour.setup?.(socket)
    if (core.monitoring) socket.monitor()
    for (const endpoint of core.bound) {
      const bound = socket.bind(endpoint)
      if (bound instanceof Promise) bound.catch(failed)
    }
    for (const [endpoint, options] of core.connected) socket.connect(endpoint, options)
    if (core.receivers > 0) socket.resume()
  } catch (error) {
    failed(error)
  }
}
