import { mergeMap, type Observable, type Subscription } from 'rxjs'
import type { ZmqError } from '../errors/ZmqError'
import { CoalescedWarning } from '../internal/coalescedWarning'
import { emitWarning } from '../internal/platform'
import type { Message, MessageLike } from '../message'
import type { SocketCore } from './SocketCore'

/**
 * A server's loop on its socket: each received request is handed to `handle` (which never
 * errors: see `handleRequest`), at most `concurrency` at a time (the others wait, in order),
 * and every reply it gives is sent. A reply that cannot be sent is reported like a failed
 * request. The loop ends when the returned Subscription is unsubscribed or the socket closes;
 * a socket that fails under it is a process warning as well (the loop is a subscriber, so
 * the socket's own "nobody listened" warning would not fire).
 */
export function serveLoop(
  core: SocketCore<Message, MessageLike>,
  where: string,
  concurrency: number,
  handle: (
    request: Message,
    report: (error: ZmqError, request: Message) => void,
  ) => Observable<MessageLike>,
): Subscription {
  const warning = new CoalescedWarning(where, 'a request could not be handled')
  const report = (error: ZmqError, request: Message): void => {
    core.event({ type: 'request:error', error, request })
    warning.report(error)
  }
  return core.messages
    .pipe(
      mergeMap(
        (request) =>
          handle(request, report).pipe(
            mergeMap(async (reply) => {
              try {
                await core.send(reply)
              } catch (error) {
                // a reply the closing socket could not send is not the request's fault
                if (!core.isClosed) report(error as ZmqError, request)
              }
            }),
          ),
        concurrency,
      ),
    )
    .subscribe({
      error: (error: ZmqError) => {
        emitWarning(
          `${where}: the socket failed, serving stopped: ${error.name}: ${error.message}`,
          error.code,
        )
      },
    })
}
