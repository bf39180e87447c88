import { describeValue } from '../core/describeValue'
import { readOptions } from '../internal/args'
import {
  Observable,
  asyncScheduler,
  type NextObserver,
  type SchedulerLike,
  type Subscription,
} from 'rxjs'
import { InvalidOptionError } from '../errors/InvalidOptionError'
import { ZapHandlerInUseError } from '../errors/ZapHandlerInUseError'
import { toZmqError } from '../internal/toZmqError'
import { nativeError } from '../transport/native/nativeError'
import { ZapRequest } from './ZapRequest'
import { SETTLE } from './internal/settle'
import { z85 } from './internal/z85'
import { ZAP_ENDPOINT, ZapSocket } from './internal/ZapSocket'

const DEFAULT_TIMEOUT = 5000
const EMPTY = Buffer.alloc(0)

/** Options of {@link zapRequests}. */
export interface ZapConfig {
  /**
   * How long, in ms, the subscriber has to answer each request; an unanswered request is
   * then refused (500). Keep it under libzmq's `handshakeInterval` (ZMQ_HANDSHAKE_IVL,
   * default 30000) or libzmq drops the connection first. Default 5000.
   */
  timeout?: number
  /** The scheduler of the deadlines. Default `asyncScheduler`. */
  scheduler?: SchedulerLike
  /** Told once the handler is bound and answering: servers started now are covered. */
  openObserver?: NextObserver<void>
  /** Told once the handler is unbound and closed: a new one may be bound. */
  closeObserver?: NextObserver<void>
}

/** The subscription holding the process's ZAP endpoint, if any (one per process). */
let owner: object | undefined
/** Resolves once the last handler has let go of the endpoint. */
let released: Promise<void> = Promise.resolve()

/**
 * The process's ZAP handler (RFC 27) as a cold Observable of authentication requests, which
 * you answer. Subscribing binds a ROUTER at `inproc://zeromq.zap.01`; from then on every
 * CURVE and PLAIN server socket of the process (and NULL ones with a `zapDomain`) asks it
 * about each peer completing a handshake. Unsubscribing refuses what is unanswered, unbinds
 * and closes it.
 *
 * Fails closed: a request unanswered within `timeout` is refused (500), and so is one still
 * pending when the handler stops. {@link authorize} answers with a policy and refuses when
 * the policy throws. One handler per process: a second subscription while one is active gets
 * a {@link ZapHandlerInUseError}.
 *
 * ```
 * peers:        --A------B---------C-----
 * zapRequests:  --a------b---------c-----     (subscribe → bind, unsubscribe → unbind, close)
 * answers:      --a.allow()   b.deny()   (c unanswered → refused 500 after `timeout`)
 * ```
 *
 * What libzmq does with no handler bound: CURVE servers let in every client that knows their
 * public key, NULL servers with a `zapDomain` let in everyone, PLAIN servers refuse everyone;
 * with `zapEnforceDomain` and a `zapDomain` (the default of {@link curveServer} and
 * {@link plainServer} when you give a domain) all of them refuse everyone (`handshake:error:other`
 * on the server; libzmq may leave the refused connection open until its `handshakeInterval`).
 *
 * Answer in a policy given to {@link authorize} rather than in a `subscribe()` callback: a
 * callback that throws is RxJS's unhandled error (it crashes Node), while a policy that throws
 * only refuses the peer. Either way the request itself is refused at the deadline.
 *
 * ## Example
 * ```ts
 * const handler = zapRequests({ timeout: 1000 })
 *   .pipe(authorize(allowPublicKeys([clientKeys.publicKey])))
 *   .subscribe((d) => console.log(`${d.request.address}: ${d.allowed ? 'in' : d.statusText}`))
 * ```
 * @see {@link authorize}
 * @see The example dist/examples/security/zap.js in the package (`npx rxzmq example security/zap`)
 */
export function zapRequests(config: ZapConfig = {}): Observable<ZapRequest> {
  return new Observable<ZapRequest>((subscriber) => {
    let options: ZapConfig
    try {
      options = readOptions(config, 'zapRequests', [
        'timeout',
        'scheduler',
        'openObserver',
        'closeObserver',
      ]) as ZapConfig
    } catch (error) {
      subscriber.error(error)
      return
    }
    const timeout = options.timeout ?? DEFAULT_TIMEOUT
    if (!(typeof timeout === 'number' && Number.isFinite(timeout) && timeout >= 0)) {
      subscriber.error(
        new InvalidOptionError(
          `zapRequests: option 'timeout' must be a number of ms >= 0, got ${describeValue(timeout)}`,
          { option: 'timeout', code: 'EINVAL' },
        ),
      )
      return
    }
    if (owner !== undefined) {
      subscriber.error(new ZapHandlerInUseError())
      return
    }
    const me = {}
    owner = me
    const previous = released
    let letGo!: () => void
    released = new Promise((resolve) => (letGo = resolve))

    const scheduler = options.scheduler ?? asyncScheduler
    const pending = new Map<ZapRequest, Subscription>()
    const sends = new Set<Promise<void>>()
    let stopped = false
    let socket: ZapSocket | undefined
    let bound = false

    const reply = (
      envelope: Buffer[],
      requestId: Buffer,
      code: number,
      text: string,
      user: string,
    ) => {
      if (socket === undefined) return
      const sent = socket
        .send([...envelope, '1.0', requestId, String(code), text, user, EMPTY])
        .catch(() => undefined) // the socket closed under us: libzmq drops the handshake
      sends.add(sent)
      void sent.then(() => sends.delete(sent))
    }

    const onRequest = (frames: Buffer[]) => {
      // [routing id..., '', '1.0', request id, domain, address, identity, mechanism, credentials...]
      const delimiter = frames.findIndex((frame) => frame.length === 0)
      if (delimiter < 0) return // no envelope: nobody to answer
      const envelope = frames.slice(0, delimiter + 1)
      const [version, requestId = EMPTY, domain, address, identity, mechanism, ...credentials] =
        frames.slice(delimiter + 1)
      const refuse = (code: number, text: string) => reply(envelope, requestId, code, text, '')
      if (version?.toString() !== '1.0' || mechanism === undefined) {
        refuse(500, 'Malformed ZAP request')
        return
      }
      const name = mechanism.toString('latin1')
      let publicKey: string | undefined
      let username: string | undefined
      let password: string | undefined
      if (name === 'CURVE') {
        if (credentials.length !== 1 || credentials[0].length !== 32) {
          refuse(400, 'Malformed CURVE credentials')
          return
        }
        publicKey = z85.encode(credentials[0])
      } else if (name === 'PLAIN') {
        if (credentials.length !== 2) {
          refuse(400, 'Malformed PLAIN credentials')
          return
        }
        username = credentials[0].toString()
        password = credentials[1].toString()
      }
      if (stopped || subscriber.closed) {
        refuse(500, 'ZAP handler stopped')
        return
      }
      const request = new ZapRequest(
        {
          domain: domain.toString(),
          address: address.toString(),
          routingId: identity,
          mechanism: name,
          publicKey,
          username,
          password,
        },
        ({ statusCode, statusText, userId }) => {
          pending.get(request)?.unsubscribe()
          pending.delete(request)
          reply(envelope, requestId, statusCode, statusText, userId)
        },
      )
      pending.set(
        request,
        scheduler.schedule(() => {
          request[SETTLE](500, `No answer within ${timeout} ms`, 'deadline')
        }, timeout),
      )
      subscriber.next(request)
    }

    const started = (async () => {
      await previous
      if (stopped) return
      socket = new ZapSocket()
      try {
        await socket.bind()
      } catch (error) {
        subscriber.error(
          (error as { code?: string }).code === 'EADDRINUSE'
            ? new ZapHandlerInUseError(error)
            : nativeError(error, 'ZapHandler', 'bind', ZAP_ENDPOINT),
        )
        return
      }
      bound = true
      if (stopped) return
      socket.start(onRequest, (error) =>
        subscriber.error(toZmqError(error, 'ZapHandler', 'receive')),
      )
      notify(options.openObserver)
    })()

    const shutdown = async () => {
      await started
      for (const request of [...pending.keys()]) {
        request[SETTLE](500, 'ZAP handler stopped', 'stopped')
      }
      await Promise.all(sends)
      await socket?.stop(bound)
      letGo()
      notify(options.closeObserver)
    }

    return () => {
      if (stopped) return
      stopped = true
      if (owner === me) owner = undefined
      void shutdown()
    }
  })
}

/** Tells an open/close observer; one that is not an observer, or throws, is ignored. */
function notify(observer: unknown): void {
  try {
    const next = (observer as { next?: unknown } | undefined)?.next
    if (typeof next === 'function') next.call(observer)
  } catch {
    // the observer's own failure must not stop the handler
  }
}
