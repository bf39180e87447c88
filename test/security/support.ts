import { firstValueFrom, filter, map, merge, type Observable } from 'rxjs'
import { PullSocket, PushSocket, type SocketEvent } from '../../src'
import { authorize } from '../../src/security/authorize'
import type { ZapDecision } from '../../src/security/ZapDecision'
import type { ZapPolicy } from '../../src/security/ZapPolicy'
import { zapRequests, type ZapConfig } from '../../src/security/zapRequests'

/** A socket whose events can be watched. */
interface Watched {
  readonly events$: Observable<SocketEvent>
}

/** Every event of a socket, as they come (subscribe before bind/connect). */
export function record(socket: Watched): SocketEvent[] {
  const seen: SocketEvent[] = []
  socket.events$.subscribe((event) => seen.push(event))
  return seen
}

/** The first event of `socket` whose type matches `pattern` (subscribe before bind/connect). */
export function nextEvent(socket: Watched, pattern: RegExp): Promise<SocketEvent> {
  return firstValueFrom(socket.events$.pipe(filter((event) => pattern.test(event.type))))
}

/** What happened to one message sent through a secured connection. */
export interface Attempt {
  /** `'delivered'`, or the first handshake failure seen (on either side). */
  outcome: 'delivered' | SocketEvent
  server: SocketEvent[]
  client: SocketEvent[]
  /** Messages the server received, counted when the race was decided. */
  received: number
}

/**
 * Client (PUSH, connect) ──▶ server (PULL, bind tcp://127.0.0.1:*), each with the given
 * options. Sends one message and races its arrival against the first `handshake:error:*`
 * event on either side. After a failure it also waits for the server's own
 * `handshake:error:*` (and for an event matching `clientSees` on the client, when given), so
 * `received` counts any message that crossed before the refusal was known.
 *
 * libzmq does not always drop a refused connection at once (see zap.spec.ts): the client may
 * only learn of it when the server's handshake interval expires, so by default nothing is
 * awaited on the client side.
 */
export async function attempt(
  serverOptions: object,
  clientOptions: object,
  track: <T extends { close(): void }>(socket: T) => T,
  clientSees?: RegExp,
): Promise<Attempt> {
  const server = track(new PullSocket(serverOptions))
  const client = track(new PushSocket({ ...clientOptions, linger: 0 }))
  const serverEvents = record(server)
  const clientEvents = record(client)
  const failure = firstValueFrom(
    merge(server.events$, client.events$).pipe(filter((e) => e.type.startsWith('handshake:error'))),
  )
  const serverFailed = nextEvent(server, /^handshake:error/)
  const clientFailed = clientSees === undefined ? undefined : nextEvent(client, clientSees)
  let received = 0
  server.subscribe(() => received++)
  const delivered = firstValueFrom(server.pipe(map(() => 'delivered' as const)))
  // whichever loses the race is left pending: it must not become an unhandled rejection
  for (const racer of [failure, serverFailed, clientFailed, delivered])
    racer?.catch(() => undefined)
  const endpoint = await server.bind('tcp://127.0.0.1:*')
  client.connect(endpoint)
  client.next('the payload')
  const outcome = await Promise.race([delivered, failure])
  if (outcome !== 'delivered') await Promise.all([serverFailed, clientFailed])
  return { outcome, server: serverEvents, client: clientEvents, received }
}

/** A running ZAP handler of a test. */
export interface RunningHandler {
  decisions: ZapDecision[]
  /** Unsubscribes and resolves once the handler is unbound and closed. */
  stop(): Promise<void>
}

/** Starts `zapRequests(config).pipe(authorize(policy))` and resolves once it is bound. */
export async function startHandler(
  policy: ZapPolicy,
  config: Omit<ZapConfig, 'openObserver' | 'closeObserver'> = {},
): Promise<RunningHandler> {
  const decisions: ZapDecision[] = []
  let closed!: () => void
  const stopped = new Promise<void>((resolve) => (closed = resolve))
  let failed: ((error: unknown) => void) | undefined
  const subscription = await new Promise<import('rxjs').Subscription>((resolve, reject) => {
    failed = reject
    const s = zapRequests({
      ...config,
      openObserver: { next: () => resolve(s) },
      closeObserver: { next: () => closed() },
    })
      .pipe(authorize(policy))
      .subscribe({ next: (d) => decisions.push(d), error: (e: unknown) => failed?.(e) })
  })
  return {
    decisions,
    stop: () => {
      subscription.unsubscribe()
      return stopped
    },
  }
}
