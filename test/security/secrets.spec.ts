import { inspect } from 'node:util'
import { PullSocket, PushSocket } from '../../src'
import { allowPlain } from '../../src/security/allowPlain'
import { allowPublicKeys } from '../../src/security/allowPublicKeys'
import { anyOf } from '../../src/security/anyOf'
import { checkCurveKey } from '../../src/security/checkCurveKey'
import { curveClient } from '../../src/security/curveClient'
import { curveKeyPair } from '../../src/security/curveKeyPair'
import { curveServer } from '../../src/security/curveServer'
import { plainClient } from '../../src/security/plainClient'
import { plainServer } from '../../src/security/plainServer'
import { tracker } from '../helpers/cleanup'
import { attempt, startHandler, type RunningHandler } from './support'

// Keys and passwords never appear in what rxzmq throws or warns, nor in the requests,
// decisions and events a program logs: each is searched for every key and password of the
// run (8-character runs of each). Key pairs and option objects logged on purpose show public
// keys, never secret keys or passwords.

describe('secrets stay out of errors and logs', () => {
  const track = tracker()
  const server = curveKeyPair()
  const alice = curveKeyPair()
  const mallory = curveKeyPair()
  const password = 'Tr0ub4dor&3-secret'
  const secretOnly = [server.secretKey, alice.secretKey, mallory.secretKey, password]
  const secrets = [...secretOnly, server.publicKey, alice.publicKey, mallory.publicKey]

  const printed: string[] = []
  const warnings: string[] = []
  let handler: RunningHandler | undefined
  const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`)
  const spies: jest.SpyInstance[] = []

  beforeEach(() => {
    process.on('warning', onWarning)
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      spies.push(
        jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
          printed.push(args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' '))
        }),
      )
    }
  })

  afterEach(async () => {
    await handler?.stop()
    handler = undefined
    process.off('warning', onWarning)
    for (const spy of spies.splice(0)) spy.mockRestore()
  })

  /** Everything an error shows: name, message, stack, cause chain, inspect and JSON. */
  function shown(value: unknown): string {
    const parts = [inspect(value, { depth: 5 }), safeJson(value)]
    for (let e = value; e instanceof Error; e = e.cause) parts.push(e.message, e.stack ?? '')
    return parts.join('\n')
  }

  function expectNoSecret(text: string, among = secrets): void {
    for (const secret of among) {
      for (let i = 0; i + 8 <= secret.length; i += 4) {
        expect(text).not.toContain(secret.slice(i, i + 8))
      }
    }
  }

  it('should keep keys out of every error a bad key or option gives', async () => {
    const errors: unknown[] = []
    const catching = (f: () => unknown) => {
      try {
        f()
      } catch (error) {
        errors.push(error)
      }
    }
    // almost-keys: one character short, one character wrong, a 32-bit overflow in the last group
    for (const key of [alice.secretKey, alice.publicKey, server.secretKey]) {
      catching(() => checkCurveKey(key.slice(1), 'key'))
      catching(() => checkCurveKey(key.slice(0, 39) + '~', 'key'))
      catching(() => curveKeyPair(key.slice(0, 35) + '#####'))
      catching(() => curveServer({ secretKey: key.slice(2) }))
      catching(() => curveClient({ serverKey: key + 'x' }))
      catching(() => allowPublicKeys([alice.publicKey, key.slice(0, 39)]))
    }
    catching(() => curveServer({ secretKey: server.secretKey, publicKey: alice.publicKey }))
    catching(() => plainClient({ username: 'admin', password: password.repeat(20) }))
    // the same values given straight to sockets: rxzmq's option errors do not quote them
    for (const options of [
      { curveServerKey: '#'.repeat(35) + alice.publicKey.slice(0, 5) },
      { curveSecretKey: alice.secretKey.slice(1) },
      { curvePublicKey: alice.publicKey + alice.publicKey },
      { plainPassword: '' },
    ]) {
      // a programming error: the constructor throws it
      catching(() => track(new PushSocket(options)))
    }
    expect(errors).toHaveLength(24)
    for (const error of errors) {
      expect(error).toBeInstanceOf(Error)
      expectNoSecret(shown(error))
    }
  })

  it('should keep keys and passwords out of decisions, requests, events, warnings and console', async () => {
    handler = await startHandler(
      anyOf(allowPublicKeys([alice.publicKey]), allowPlain({ admin: password })),
    )
    const runs = [
      await attempt(
        curveServer(server, { zapDomain: 's' }),
        curveClient({ serverKey: server.publicKey, keys: alice }),
        track,
      ),
      await attempt(
        curveServer(server, { zapDomain: 's' }),
        curveClient({ serverKey: server.publicKey, keys: mallory }),
        track,
      ),
      await attempt(
        plainServer({ zapDomain: 's' }),
        plainClient({ username: 'admin', password }),
        track,
      ),
      await attempt(
        plainServer({ zapDomain: 's' }),
        plainClient({ username: 'admin', password: password + '!' }),
        track,
      ),
      await attempt(
        curveServer(server),
        curveClient({ serverKey: mallory.publicKey, keys: alice }),
        track,
      ),
    ]
    expect(runs.map((r) => (r.outcome === 'delivered' ? 'in' : r.outcome.type))).toEqual([
      'in',
      'handshake:error:auth',
      'in',
      'handshake:error:auth',
      expect.stringMatching(/^handshake:error:(protocol|other)$/), // wrong server key
    ])
    // what a program would log
    for (const decision of handler.decisions) {
      console.log('zap decision', decision)
      console.log(JSON.stringify(decision))
      console.log(
        `${decision.request.mechanism} ${decision.request.address}: ${decision.statusText}`,
      )
      console.log(decision.request)
    }
    for (const run of runs) for (const event of [...run.server, ...run.client]) console.log(event)
    expect(handler.decisions).toHaveLength(4)
    expect(printed.length).toBeGreaterThan(10)
    expectNoSecret(printed.join('\n'))
    expectNoSecret(warnings.join('\n'))
    // key pairs and option objects logged on purpose show public keys (made to be shared),
    // never a secret key or a password
    printed.length = 0
    console.log(curveServer(server), curveClient({ serverKey: server.publicKey, keys: alice }))
    console.log(plainClient({ username: 'admin', password }), alice, JSON.stringify(alice))
    expect(printed.join('\n')).toContain(alice.publicKey)
    expectNoSecret(printed.join('\n'), secretOnly)
    // the credentials are still there for code that reads them on purpose
    expect(handler.decisions[0].request.publicKey).toBe(alice.publicKey)
    expect(handler.decisions[2].request.password).toBe(password)
  })

  // `{ bind, ...curveServer(keys) }`, as the README writes it, copied the secret key as a
  // plain string: util.inspect and JSON.stringify of the config showed it.
  it('should keep secrets out of inspect and JSON of a spread config, and of the socket', async () => {
    const configs = [
      { bind: 'tcp://127.0.0.1:*', ...curveServer(server, { zapDomain: 'x' }) },
      {
        connect: 'tcp://127.0.0.1:1',
        ...curveClient({ serverKey: server.publicKey, keys: alice }),
      },
      { connect: 'tcp://127.0.0.1:1', ...plainClient({ username: 'admin', password }) },
    ]
    const sockets = [
      track(new PullSocket(configs[0])),
      track(new PushSocket(configs[1])),
      track(new PushSocket(configs[2])),
    ]
    for (const shown of [
      ...configs.map((c) => inspect(c, { depth: 10, showHidden: true })),
      ...configs.map((c) => safeJson(c)),
      ...configs.map((c) => String(Object.values(c))),
      ...sockets.map((s) => inspect(s, { depth: 10, showHidden: true })),
      ...sockets.map((s) => safeJson(s)),
      ...sockets.map((s) => inspect(readable(() => s.getOption('curveSecretKey')))),
      inspect(readable(() => sockets[2]!.getOption('plainPassword'))),
    ]) {
      expectNoSecret(shown, secretOnly)
    }
    expect(inspect(configs[0])).toContain('curveSecretKey: [redacted]')
    expect(JSON.parse(safeJson(configs[2]))).toMatchObject({ plainPassword: '[redacted]' })
    // ...and the sockets got the real values
    await sockets[0]!.ready
    expect(sockets[0]!.getOption('securityMechanism')).toBe('curve')
    expect(sockets[2]!.getOption('securityMechanism')).toBe('plain')
  })

  it('should keep the closed-socket warning free of secrets', async () => {
    const pull = new PullSocket({ ...curveServer(server), bind: 'tcp://127.0.0.1:0' })
    await pull.ready
    pull.close()
    const push = new PushSocket(curveClient({ serverKey: server.publicKey, keys: alice }))
    push.close()
    push.next('after close') // warns once: "socket closed"
    await new Promise<void>((resolve) => setImmediate(resolve))
    expectNoSecret(warnings.join('\n'))
  })
})

/** What a getter gives, or the error it throws (libzmq has some options write-only). */
function readable(read: () => unknown): unknown {
  try {
    return read()
  } catch (error) {
    return error
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? ''
  } catch {
    return ''
  }
}
