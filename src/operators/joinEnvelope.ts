import { checkReply } from '../internal/replies'
import { badArgument, readOptions } from '../internal/args'
import type { Frame, MessageLike } from '../message'
import type { Envelope } from './Envelope'

/** The empty delimiter frame (a Uint8Array: no Node Buffer, so the browser entry can use it). */
const EMPTY = new Uint8Array(0)

/**
 * The message that answers an envelope through a ROUTER: `[...route, '', ...body]`, which the
 * ROUTER sends to the peer named first in the route. `body` is one frame or several.
 *
 * ```
 * joinEnvelope({ route: [A], body: [x] }, 'y')   →   [A, '', 'y']
 * ```
 *
 * ## Example
 * ```ts
 * const router = new RouterSocket({ bind: 'tcp://*:5555' })
 * router
 *   .pipe(
 *     splitEnvelope(),
 *     map((envelope) => joinEnvelope(envelope, 'World')),
 *   )
 *   .subscribe(router) // answers every REQ or DEALER peer with 'World'
 * ```
 *
 * @see {@link splitEnvelope}
 */
export function joinEnvelope(envelope: Pick<Envelope, 'route'>, body: MessageLike): Frame[] {
  const { route } = readOptions(envelope, 'joinEnvelope', ['route'], 'envelope')
  if (!Array.isArray(route) || !route.every((frame) => frame instanceof Uint8Array)) {
    throw badArgument('joinEnvelope', 'envelope.route', 'an array of Buffers', route)
  }
  const frames = checkReply(body, 'joinEnvelope')
  return [
    ...(route as Buffer[]),
    EMPTY,
    ...(Array.isArray(frames) ? (frames as Frame[]) : [frames as Frame]),
  ]
}
