import { map, type Observable } from 'rxjs'
import { CORE, type HasCore } from '../core/members'
import { ZmqError } from '../errors/ZmqError'
import type { Message } from '../message'
import { VirtualNetwork } from '../transport/virtual/VirtualNetwork'
import { messageText } from './messageText'

/**
 * What a socket on a {@link VirtualNetwork} sends, as it takes each message: for asserting a
 * socket's output with a marble string.
 *
 * ## Example
 * ```ts
 * expectObservable(sent(rep).pipe(map(messageText))).toBe('--W--W', { W: 'World' })
 * ```
 */
export function sent(socket: HasCore): Observable<Message> {
  const core = socket[CORE]
  const transport = core.transport
  if (!(transport instanceof VirtualNetwork) || core.socket === undefined) {
    throw new ZmqError(`sent(): ${core.name} is not an open socket of a VirtualNetwork`, {
      code: 'EINVAL',
      socketType: core.name,
    })
  }
  return transport.sentBy(core.socket)
}

/**
 * What a socket on a {@link VirtualNetwork} sends, as text ({@link messageText}), for
 * asserting it with a marble string: each message appears at the virtual time the socket took
 * it.
 *
 * ## Example
 * ```ts
 * expectObservable(sentText(rep)).toBe('--W--W', { W: 'World' })
 * ```
 */
export function sentText(socket: HasCore): Observable<string> {
  return sent(socket).pipe(map(messageText))
}
