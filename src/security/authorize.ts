import { Observable, type OperatorFunction } from 'rxjs'
import type { ZapDecision } from './ZapDecision'
import type { ZapPolicy } from './ZapPolicy'
import { ZapRequest } from './ZapRequest'
import { badArgument, requireFunction } from '../internal/args'
import { SETTLE } from './internal/settle'
import { toVerdict } from './internal/toVerdict'

/**
 * Answers each ZAP request with a policy and emits how it was answered, for logging or
 * auditing. Fails closed: a policy that throws, rejects, or returns something that is not a
 * verdict refuses the peer (500, `by: 'error'`), and one that answers after the handler's
 * deadline has already been overruled (500, `by: 'deadline'`); the handler keeps serving.
 *
 * ```
 * zapRequests():  --a-----b-----c------
 * policy:           ok    throws  (never settles)
 * authorize(p):   --A-----B--------C---   A allowed 200; B refused 500 (error); C refused 500 (deadline)
 * ```
 *
 * ## Example
 * ```ts
 * zapRequests({ timeout: 1000 })
 *   .pipe(authorize(anyOf(allowPublicKeys(trusted), allowPlain({ admin: password }))))
 *   .subscribe((d) => console.log(`${d.request.mechanism} ${d.request.address}: ${d.statusCode} ${d.statusText}`))
 * ```
 * @see {@link zapRequests}
 * @see {@link allowPublicKeys}
 * @see {@link allowAddresses}
 * @see {@link allowPlain}
 */
export function authorize(policy: ZapPolicy): OperatorFunction<ZapRequest, ZapDecision> {
  requireFunction(policy, 'authorize', 'policy')
  return (source) =>
    new Observable<ZapDecision>((subscriber) => {
      let open = 0
      let sourceDone = false
      const maybeComplete = () => {
        if (sourceDone && open === 0) subscriber.complete()
      }
      const subscription = source.subscribe({
        next: (request) => {
          if (!(request instanceof ZapRequest)) {
            subscriber.error(badArgument('authorize', 'request', 'a ZapRequest', request))
            return
          }
          open++
          void request.decision.then((decision) => {
            open--
            subscriber.next(decision)
            maybeComplete()
          })
          decide(policy, request)
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          sourceDone = true
          maybeComplete()
        },
      })
      return subscription
    })
}

function decide(policy: ZapPolicy, request: ZapRequest): void {
  let result: unknown
  try {
    result = policy(request)
  } catch (error) {
    request[SETTLE](500, 'ZAP policy failed', 'error', error)
    return
  }
  if (isPromiseLike(result)) {
    result.then(
      (verdict) => apply(request, verdict),
      (error: unknown) => request[SETTLE](500, 'ZAP policy failed', 'error', error),
    )
  } else {
    apply(request, result)
  }
}

function apply(request: ZapRequest, value: unknown): void {
  const verdict = toVerdict(value)
  if (verdict === undefined) {
    request[SETTLE](
      500,
      'ZAP policy gave no verdict',
      'error',
      new TypeError('a ZAP policy must return true, false, { allow: true } or { allow: false }'),
    )
  } else if (verdict.allow) {
    try {
      request.allow({ userId: verdict.userId })
    } catch {
      // allow() refused the request (500) before throwing: nothing more to do
    }
  } else {
    request.deny(verdict.statusText, verdict.statusCode)
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  )
}
