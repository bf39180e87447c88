import { AuthenticationError } from '../../errors/AuthenticationError'
import { ConnectionError } from '../../errors/ConnectionError'
import { ProtocolError, type ProtocolErrorCode } from '../../errors/ProtocolError'
import type { ZmqError } from '../../errors/ZmqError'
import { compatible, COMPATIBLE, type SocketType } from '../SocketType'
import { encodeMetadata, LIBZMQ_PLAIN_ERROR, parseMetadata, printable } from './codec'
import type { ZmtpConfig } from './options'

// The security handshakes after the greeting (RFC 37 NULL, RFC 24 PLAIN) and the checks on
// the peer's metadata. No I/O: the pipe hands commands in and sends what comes out.

/** What the peer told about itself in its READY (or INITIATE) metadata. */
export interface PeerInfo {
  /** Its `Socket-Type`, one this socket may talk to. */
  readonly type: SocketType
  /** Its `Identity` when non-empty (a copy). */
  readonly identity: Buffer | undefined
}

/** What a handshake needs from its connection. */
export interface HandshakeHost {
  /** The connection's endpoint, for errors. */
  readonly endpoint: string
  /** The peer's IP address (tcp) or `''` (ipc), for the authenticator. */
  readonly address: string
  /** Sends one command. */
  sendCommand(name: string, data: Uint8Array): void
  /** The handshake succeeded. */
  done(peer: PeerInfo): void
  /**
   * The handshake failed. `errorCommand`: the body of an ERROR command to send the peer
   * before closing (none: the connection just closes).
   */
  fail(error: ZmqError, errorCommand?: Buffer): void
  /** Commands can be handed in again after `command()` returned false. */
  resume(): void
}

/** The local socket as a handshake describes it. */
export interface LocalIdentity {
  readonly type: SocketType
  readonly identity: Uint8Array | undefined
}

/** One side of a security handshake. */
export interface Handshake {
  /** Sends what this side sends first (a NULL client its READY, a PLAIN client its HELLO). */
  start(): void
  /**
   * Takes one command from the peer. Returns false when later commands must wait (a PLAIN
   * server asking its authenticator) until `host.resume()`.
   */
  command(name: string, data: Buffer): boolean
  /** The connection is gone: a pending decision is dropped. */
  cancel(): void
}

/**
 * Makes the handshake for a connection: `client` is the side that dialed. NULL: the client
 * sends READY, the server checks it and answers READY (or ERROR). PLAIN: HELLO, WELCOME,
 * INITIATE, READY, with the server asking `config.authenticate` about the HELLO.
 */
export function createHandshake(
  config: ZmtpConfig,
  local: LocalIdentity,
  client: boolean,
  host: HandshakeHost,
): Handshake {
  if (config.mechanism === 'NULL') return new NullHandshake(local, client, host)
  if (config.plainServer) return new PlainServer(config, local, host)
  return new PlainClient(config, local, host)
}

/** Socket-Type and, for REQ, DEALER and ROUTER (as libzmq), Identity. */
export function localMetadata(local: LocalIdentity): Buffer {
  const properties: [string, Uint8Array][] = [['Socket-Type', Buffer.from(local.type, 'latin1')]]
  if (local.type === 'REQ' || local.type === 'DEALER' || local.type === 'ROUTER') {
    properties.push(['Identity', local.identity ?? new Uint8Array(0)])
  }
  return encodeMetadata(properties)
}

/**
 * Reads and checks a peer's metadata: a `Socket-Type` this socket may talk to (RFC 37 lists),
 * an `Identity` of at most 255 octets. Throws a {@link ProtocolError}: `code` (the caller's)
 * for malformed metadata, `ERR_ZMTP_INVALID_METADATA` for a missing, unknown or incompatible
 * socket type or an overlong identity.
 */
export function checkPeer(
  data: Buffer,
  local: LocalIdentity,
  code: ProtocolErrorCode,
  endpoint: string,
): PeerInfo {
  const properties = parseMetadata(data, code, endpoint)
  const typeValue = properties.get('socket-type')
  if (typeValue === undefined) {
    throw new ProtocolError('the peer sent no Socket-Type property', {
      code: 'ERR_ZMTP_INVALID_METADATA',
      violation: 'metadata',
      endpoint,
    })
  }
  const type = typeValue.toString('latin1')
  if (!Object.hasOwn(COMPATIBLE, type)) {
    throw new ProtocolError(`the peer's Socket-Type '${printable(type)}' is not a socket type`, {
      code: 'ERR_ZMTP_INVALID_METADATA',
      violation: 'socket-type',
      endpoint,
    })
  }
  if (!compatible(local.type, type as SocketType)) {
    throw new ProtocolError(
      `a ${local.type} socket cannot talk to a ${type} peer (it talks to ${COMPATIBLE[local.type].join(', ') || 'none'})`,
      { code: 'ERR_ZMTP_INVALID_METADATA', violation: 'socket-type', endpoint },
    )
  }
  const identity = properties.get('identity')
  if (identity !== undefined && identity.length > 255) {
    throw new ProtocolError(`the peer's Identity is ${identity.length} octets (at most 255)`, {
      code: 'ERR_ZMTP_INVALID_METADATA',
      violation: 'metadata',
      endpoint,
    })
  }
  return {
    type: type as SocketType,
    identity: identity !== undefined && identity.length > 0 ? Buffer.from(identity) : undefined,
  }
}

/**
 * What an ERROR command from the peer means: a ZAP status (300, 400, 500) is an
 * {@link AuthenticationError}, any other reason a {@link ConnectionError} (`EPROTO`). Throws a
 * {@link ProtocolError} (`ERR_ZMTP_MALFORMED_COMMAND_ERROR`) for a malformed one.
 */
export function errorFromPeer(data: Buffer, endpoint: string): ZmqError {
  if (data.length < 1 || data[0] > data.length - 1) {
    throw new ProtocolError('malformed ERROR command', {
      code: 'ERR_ZMTP_MALFORMED_COMMAND_ERROR',
      violation: 'command',
      endpoint,
    })
  }
  const reason = data.toString('latin1', 1, 1 + data[0])
  if (reason === '300' || reason === '400' || reason === '500') {
    const status = Number(reason) as 300 | 400 | 500
    return new AuthenticationError(
      status === 400
        ? 'the server refused the credentials (ERROR 400)'
        : status === 300
          ? 'the server could not authenticate now (ERROR 300, temporary)'
          : 'the server failed to authenticate (ERROR 500)',
      { status, endpoint },
    )
  }
  return new ConnectionError(`the peer refused the handshake: ${printable(reason)}`, {
    code: 'EPROTO',
    errno: 71,
    endpoint,
  })
}

function unexpected(name: string, state: string, endpoint: string): ProtocolError {
  return new ProtocolError(`unexpected ${printable(name)} command while ${state}`, {
    code: 'ERR_ZMTP_UNEXPECTED_COMMAND',
    violation: 'command',
    endpoint,
  })
}

/**
 * The body of an ERROR command: the name, then the reason (at most 255 octets). `libzmqPlain`:
 * the name as libzmq's PLAIN mechanism writes it (see {@link LIBZMQ_PLAIN_ERROR}), so that a
 * libzmq PLAIN client reads the status and reports `handshake:error:auth`.
 */
export function errorCommand(reason: string, libzmqPlain = false): Buffer {
  const text = Buffer.from(reason.slice(0, 255), 'latin1')
  const name = libzmqPlain ? LIBZMQ_PLAIN_ERROR : Buffer.from('\x05ERROR', 'latin1')
  return Buffer.concat([name, Buffer.from([text.length]), text])
}

/** The ERROR sent to a peer whose metadata or socket type we refuse. */
function refusal(error: ProtocolError): Buffer {
  return errorCommand(
    error.violation === 'socket-type' ? 'Invalid socket type' : 'Invalid metadata',
  )
}

class NullHandshake implements Handshake {
  private finished = false
  constructor(
    private readonly local: LocalIdentity,
    private readonly client: boolean,
    private readonly host: HandshakeHost,
  ) {}

  start(): void {
    if (this.client) this.host.sendCommand('READY', localMetadata(this.local))
  }

  command(name: string, data: Buffer): boolean {
    const host = this.host
    if (this.finished) throw unexpected(name, 'done', host.endpoint)
    if (name === 'READY') {
      this.finished = true
      let peer: PeerInfo
      try {
        peer = checkPeer(data, this.local, 'ERR_ZMTP_MALFORMED_COMMAND_READY', host.endpoint)
      } catch (error) {
        const e = error as ProtocolError
        host.fail(e, refusal(e))
        return false
      }
      if (!this.client) host.sendCommand('READY', localMetadata(this.local))
      host.done(peer)
      return true
    }
    if (name === 'ERROR') {
      this.finished = true
      host.fail(errorFromPeer(data, host.endpoint))
      return false
    }
    throw unexpected(name, 'waiting for READY', host.endpoint)
  }

  cancel(): void {
    this.finished = true
  }
}

class PlainClient implements Handshake {
  private state: 'welcome' | 'ready' | 'done' = 'welcome'
  constructor(
    private readonly config: ZmtpConfig,
    private readonly local: LocalIdentity,
    private readonly host: HandshakeHost,
  ) {}

  start(): void {
    const user = this.config.plainUsername
    const password = this.config.plainPassword
    const hello = Buffer.allocUnsafe(2 + user.length + password.length)
    hello[0] = user.length
    user.copy(hello, 1)
    hello[1 + user.length] = password.length
    password.copy(hello, 2 + user.length)
    this.host.sendCommand('HELLO', hello)
  }

  command(name: string, data: Buffer): boolean {
    const host = this.host
    if (name === 'ERROR' && this.state !== 'done') {
      this.state = 'done'
      host.fail(errorFromPeer(data, host.endpoint))
      return false
    }
    if (this.state === 'welcome' && name === 'WELCOME') {
      if (data.length !== 0) {
        throw new ProtocolError('malformed WELCOME command (PLAIN): it carries data', {
          code: 'ERR_ZMTP_MALFORMED_COMMAND_WELCOME',
          violation: 'command',
          endpoint: host.endpoint,
        })
      }
      this.state = 'ready'
      host.sendCommand('INITIATE', localMetadata(this.local))
      return true
    }
    if (this.state === 'ready' && name === 'READY') {
      this.state = 'done'
      let peer: PeerInfo
      try {
        peer = checkPeer(data, this.local, 'ERR_ZMTP_MALFORMED_COMMAND_READY', host.endpoint)
      } catch (error) {
        const e = error as ProtocolError
        host.fail(e, refusal(e))
        return false
      }
      host.done(peer)
      return true
    }
    throw unexpected(
      name,
      this.state === 'welcome'
        ? 'waiting for WELCOME (PLAIN client)'
        : this.state === 'ready'
          ? 'waiting for READY (PLAIN client)'
          : 'done',
      host.endpoint,
    )
  }

  cancel(): void {
    this.state = 'done'
  }
}

class PlainServer implements Handshake {
  private state: 'hello' | 'deciding' | 'initiate' | 'done' = 'hello'
  constructor(
    private readonly config: ZmtpConfig,
    private readonly local: LocalIdentity,
    private readonly host: HandshakeHost,
  ) {}

  start(): void {}

  command(name: string, data: Buffer): boolean {
    const host = this.host
    if (this.state === 'hello' && name === 'HELLO') return this.hello(data)
    if (this.state === 'initiate' && name === 'INITIATE') {
      this.state = 'done'
      let peer: PeerInfo
      try {
        peer = checkPeer(data, this.local, 'ERR_ZMTP_MALFORMED_COMMAND_INITIATE', host.endpoint)
      } catch (error) {
        const e = error as ProtocolError
        host.fail(e, refusal(e))
        return false
      }
      host.sendCommand('READY', localMetadata(this.local))
      host.done(peer)
      return true
    }
    throw unexpected(
      name,
      this.state === 'hello'
        ? 'waiting for HELLO (PLAIN server)'
        : this.state === 'initiate'
          ? 'waiting for INITIATE (PLAIN server)'
          : 'done',
      host.endpoint,
    )
  }

  cancel(): void {
    this.state = 'done'
  }

  private hello(data: Buffer): boolean {
    const host = this.host
    const malformed = (why: string): ProtocolError =>
      new ProtocolError(`malformed HELLO command (PLAIN): ${why}`, {
        code: 'ERR_ZMTP_MALFORMED_COMMAND_HELLO',
        violation: 'command',
        endpoint: host.endpoint,
      })
    if (data.length < 1) throw malformed('no user name')
    const userLength = data[0]
    if (data.length < 1 + userLength + 1) throw malformed('user name or password missing')
    const passwordLength = data[1 + userLength]
    if (data.length !== 2 + userLength + passwordLength) {
      throw malformed('password cut short or followed by extra octets')
    }
    const username = data.toString('utf8', 1, 1 + userLength)
    const password = data.toString('utf8', 2 + userLength)
    const authenticate = this.config.authenticate
    this.state = 'deciding'
    if (authenticate === undefined) {
      // libzmq: a PLAIN server with no ZAP handler fails the handshake (EFAULT) and closes
      // the connection without an ERROR command.
      this.state = 'done'
      host.fail(
        new AuthenticationError(
          'PLAIN server with no authenticator: every client is refused (as libzmq does with no ZAP handler)',
          { status: 500, code: 'EFAULT', endpoint: host.endpoint },
        ),
      )
      return false
    }
    let verdict: boolean | Promise<boolean>
    try {
      verdict = authenticate({
        username,
        password,
        address: host.address,
        endpoint: host.endpoint,
      })
    } catch (error) {
      this.decide(error, false)
      return false
    }
    if (typeof verdict === 'boolean') return this.decide(undefined, verdict)
    Promise.resolve(verdict).then(
      (allowed) => {
        if (this.state === 'deciding' && this.decide(undefined, allowed === true)) host.resume()
      },
      (error: unknown) => {
        if (this.state === 'deciding') this.decide(error ?? new Error('rejected'), false)
      },
    )
    return false
  }

  /** Acts on the authenticator's answer; returns true when the handshake goes on. */
  private decide(thrown: unknown, allowed: boolean): boolean {
    const host = this.host
    if (thrown !== undefined) {
      this.state = 'done'
      host.fail(
        new AuthenticationError('the PLAIN authenticator failed; the client was refused (500)', {
          status: 500,
          endpoint: host.endpoint,
        }),
        errorCommand('500', true),
      )
      return false
    }
    if (!allowed) {
      this.state = 'done'
      host.fail(
        new AuthenticationError('the PLAIN credentials were refused (400)', {
          status: 400,
          endpoint: host.endpoint,
        }),
        errorCommand('400', true),
      )
      return false
    }
    this.state = 'initiate'
    host.sendCommand('WELCOME', new Uint8Array(0))
    return true
  }
}
