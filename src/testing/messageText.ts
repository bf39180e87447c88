import type { Message } from '../message'

/**
 * A message as text for marble assertions: its frames as UTF-8, joined with `|`
 * (`['10001', 'x']` gives `'10001|x'`; an empty frame gives an empty string between bars).
 *
 * ## Example
 * ```ts
 * expectObservable(sub.pipe(map(messageText))).toBe('-a-', { a: 'topic|body' })
 * ```
 */
export function messageText(message: Message): string {
  return message.map((frame) => new TextDecoder().decode(frame)).join('|')
}
