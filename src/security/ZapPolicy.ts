import type { ZapRequest } from './ZapRequest'

/**
 * A policy's answer to one request: `true` (allow), `false` (deny with 400), or an object
 * saying more. Anything else counts as no verdict, and the request is refused.
 */
export type ZapVerdict =
  | boolean
  | { readonly allow: true; readonly userId?: string }
  | { readonly allow: false; readonly statusCode?: 300 | 400 | 500; readonly statusText?: string }

/**
 * Decides one ZAP request, at once or later (a Promise). Used with {@link authorize}; a policy
 * that throws, rejects, answers too late or gives no verdict refuses the peer.
 *
 * ## Example
 * ```ts
 * const officeHours: ZapPolicy = () => {
 *   const hour = new Date().getHours()
 *   return hour >= 8 && hour < 18 ? true : { allow: false, statusText: 'closed' }
 * }
 * zapRequests().pipe(authorize(allOf(allowAddresses(['10.0.0.0/8']), officeHours))).subscribe()
 * ```
 */
export type ZapPolicy = (request: ZapRequest) => ZapVerdict | PromiseLike<ZapVerdict>
