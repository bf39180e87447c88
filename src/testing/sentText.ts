import { map, type Observable } from 'rxjs'
import type { Message } from '../message'
import { messageText } from './messageText'

/**
 * What a virtual socket sends, as text ({@link messageText}), for asserting it with a marble
 * string: each message appears at the virtual time the socket took it.
 *
 * ```ts
 * expectObservable(sentText(rep)).toBe('--W--W', { W: 'World' })
 * ```
 */
export function sentText(socket: { readonly sent$: Observable<Message> }): Observable<string> {
  return socket.sent$.pipe(map(messageText))
}
