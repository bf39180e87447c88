import type { ZapRequest } from './ZapRequest'

/**
 * How a ZAP request was answered. Carries no credential: log it freely.
 *
 * - `by: 'handler'`: your code answered (`allow()`, `deny()`, or a policy's verdict);
 * - `by: 'deadline'`: nobody answered within the handler's `timeout`: refused with 500;
 * - `by: 'error'`: the policy threw, rejected or gave no verdict: refused with 500;
 * - `by: 'stopped'`: the handler was unsubscribed with the request unanswered: refused with 500.
 */
export interface ZapDecision {
  /** True only for status code 200. */
  readonly allowed: boolean
  /** RFC 27: 200 success, 300 temporary error, 400 authentication failure, 500 internal error. */
  readonly statusCode: 200 | 300 | 400 | 500
  /** The status text sent to libzmq (ASCII, at most 255 characters). */
  readonly statusText: string
  /** The user id sent with a 200 (libzmq's `User-Id` message property), else `''`. */
  readonly userId: string
  /** Who decided. */
  readonly by: 'handler' | 'deadline' | 'error' | 'stopped'
  /** What the policy threw or rejected with, for `by: 'error'`. */
  readonly error?: unknown
  /** The request answered (its credentials are not enumerable: they do not show in logs). */
  readonly request: ZapRequest
}
