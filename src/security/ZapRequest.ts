import { inspect } from 'node:util'
import { InvalidOptionError } from '../errors/InvalidOptionError'
import type { ZapDecision } from './ZapDecision'
import { SETTLE } from './internal/settle'
import { badArgument, readOptions, requireFunction } from '../internal/args'

const FIELDS = [
  'domain',
  'address',
  'routingId',
  'mechanism',
  'publicKey',
  'username',
  'password',
] as const

/** What a ZAP reply carries back to libzmq. */
interface ZapReply {
  statusCode: 200 | 300 | 400 | 500
  statusText: string
  userId: string
}

/** The fields of a request as parsed from RFC 27 frames. */
interface ZapRequestFields {
  domain: string
  address: string
  routingId: Buffer
  mechanism: string
  publicKey?: string
  username?: string
  password?: string
}

/**
 * One authentication request from libzmq (RFC 27): a peer is completing its handshake with a
 * server socket of this process, and the server asks whether to let it in. Answer it once with
 * {@link ZapRequest.allow} or {@link ZapRequest.deny}; the first answer counts, later ones are
 * ignored (they return `false`). A request not answered within the handler's `timeout` is
 * refused (500).
 *
 * The credentials (`publicKey`, `username`, `password`) are getters that `console.log`,
 * `util.inspect` and `JSON.stringify` do not show.
 *
 * ## Example
 * ```ts
 * zapRequests().subscribe((request) => {
 *   if (request.mechanism === 'CURVE' && trusted.has(request.publicKey!)) request.allow()
 *   else request.deny('unknown client')
 * })
 * ```
 * @see {@link zapRequests}
 * @see {@link authorize}
 */
export class ZapRequest {
  /** The server socket's `zapDomain` (ZMQ_ZAP_DOMAIN), `''` when it set none. */
  readonly domain: string
  /** The peer's IP address: IPv4 dotted or IPv6 canonical, e.g. `'127.0.0.1'`. */
  readonly address: string
  /** The peer's routing id (ZMQ_ROUTING_ID), if it set one; RFC 27 calls it "identity". */
  readonly routingId: Buffer
  /** The security mechanism: `'NULL'`, `'PLAIN'` or `'CURVE'`. */
  readonly mechanism: string
  /** Resolves once the request is answered, whoever answered it. Never rejects. */
  readonly decision: Promise<ZapDecision>

  readonly #publicKey: string | undefined
  readonly #username: string | undefined
  readonly #password: string | undefined
  readonly #respond: (reply: ZapReply) => void
  #resolve!: (decision: ZapDecision) => void
  #answered = false

  /** @internal Made by {@link zapRequests}; `respond` sends the reply frames. */
  constructor(fields: ZapRequestFields, respond: (reply: ZapReply) => void) {
    const read = readOptions(fields, 'ZapRequest', FIELDS, 'fields')
    for (const name of ['domain', 'address', 'mechanism'] as const) {
      if (typeof read[name] !== 'string') {
        throw badArgument('ZapRequest', `fields.${name}`, 'a string', read[name])
      }
    }
    for (const name of ['publicKey', 'username', 'password'] as const) {
      if (read[name] !== undefined && typeof read[name] !== 'string') {
        throw badArgument('ZapRequest', `fields.${name}`, 'a string', '(not a string)')
      }
    }
    if (!Buffer.isBuffer(read.routingId)) {
      throw badArgument('ZapRequest', 'fields.routingId', 'a Buffer', read.routingId)
    }
    this.domain = read.domain as string
    this.address = read.address as string
    this.routingId = read.routingId
    this.mechanism = read.mechanism as string
    this.#publicKey = read.publicKey as string | undefined
    this.#username = read.username as string | undefined
    this.#password = read.password as string | undefined
    this.#respond = requireFunction(respond, 'ZapRequest', 'respond')
    this.decision = new Promise((resolve) => (this.#resolve = resolve))
  }

  /** CURVE: the client's long-term public key, Z85-encoded (40 characters). */
  get publicKey(): string | undefined {
    return this.#publicKey
  }

  /** PLAIN: the user name the client gave. */
  get username(): string | undefined {
    return this.#username
  }

  /** PLAIN: the password the client gave. */
  get password(): string | undefined {
    return this.#password
  }

  /** True once answered (by you, by the deadline, or by the handler stopping). */
  get answered(): boolean {
    return this.#answered
  }

  /**
   * Lets the peer in (status 200). `userId` (ASCII, at most 255 characters) becomes libzmq's
   * `User-Id` property of the peer's messages. Returns false if the request was answered
   * already. An invalid `userId` refuses the request (500) and throws an InvalidOptionError.
   */
  allow(options: { userId?: string } = {}): boolean {
    const userId = readOptions(options, 'ZapRequest.allow', ['userId'], 'options').userId ?? ''
    if (typeof userId !== 'string' || userId.length > 255 || !/^[\x20-\x7e]*$/.test(userId)) {
      const refused = this[SETTLE](500, 'invalid user id', 'error')
      if (!refused) return false
      throw new InvalidOptionError(
        'ZapRequest.allow: userId must be printable ASCII, at most 255 characters; the request was refused',
        { option: 'userId', code: 'EINVAL' },
      )
    }
    return this[SETTLE](200, 'OK', 'handler', undefined, userId)
  }

  /**
   * Refuses the peer: status 400 (authentication failure) unless you give 300 (temporary
   * error) or 500 (internal error). The peer's and the server's `events$` see
   * `handshake:error:auth`. Returns false if the request was answered already.
   */
  deny(statusText = 'Access denied', statusCode: 300 | 400 | 500 = 400): boolean {
    const code = statusCode === 300 || statusCode === 500 ? statusCode : 400
    return this[SETTLE](code, statusText, 'handler')
  }

  /** @internal Answers once; what rxzmq uses for deadlines, failing policies and shutdown. */
  [SETTLE](
    statusCode: 200 | 300 | 400 | 500,
    statusText: string,
    by: ZapDecision['by'],
    error?: unknown,
    userId = '',
  ): boolean {
    if (this.#answered) return false
    this.#answered = true
    const text = toStatusText(statusText)
    try {
      this.#respond({ statusCode, statusText: text, userId: statusCode === 200 ? userId : '' })
    } finally {
      this.#resolve({
        allowed: statusCode === 200,
        statusCode,
        statusText: text,
        userId: statusCode === 200 ? userId : '',
        by,
        ...(error === undefined ? {} : { error }),
        request: this,
      })
    }
    return true
  }

  /** What logs show: no credential. */
  [inspect.custom](): object {
    return {
      domain: this.domain,
      address: this.address,
      mechanism: this.mechanism,
      answered: this.#answered,
    }
  }

  /** What `JSON.stringify` shows: no credential. */
  toJSON(): object {
    return this[inspect.custom]()
  }
}

/** RFC 27 status text: ASCII, at most 255 characters. */
function toStatusText(text: unknown): string {
  let shown: string
  try {
    shown = typeof text === 'string' ? text : String(text)
  } catch {
    shown = 'Access denied'
  }
  return shown.replace(/[^\x20-\x7e]/g, '?').slice(0, 255)
}
