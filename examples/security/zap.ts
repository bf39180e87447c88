// ZAP demo: one process, one ZAP handler deciding who gets in, five clients knocking.
// The handler allows the CURVE client "alice" by her public key and the PLAIN user "admin" by
// password, and refuses everyone else; each decision is printed as it is made. Exits 0 when
// every client got the answer it should.
//
//   npm run example -- security/zap
import { filter, firstValueFrom, map, take, timeout } from 'rxjs'
import { HandshakeError, ReplySocket, RequestSocket, text } from '../../src'
import { allowPlain } from '../../src'
import { allowPublicKeys } from '../../src'
import { anyOf } from '../../src'
import { authorize } from '../../src'
import { curveClient } from '../../src'
import { curveKeyPair } from '../../src'
import { curveServer } from '../../src'
import { plainClient } from '../../src'
import { plainServer } from '../../src'
import { zapRequests } from '../../src'

const serverKeys = curveKeyPair()
const alice = curveKeyPair()
const mallory = curveKeyPair()
const password = process.env.RXZMQ_ADMIN_PASSWORD || 'correct horse battery staple'

async function main(): Promise<boolean> {
  // 1. The ZAP handler, bound before any server takes connections.
  let ready!: () => void
  const bound = new Promise<void>((resolve) => (ready = resolve))
  const handler = zapRequests({ timeout: 1000, openObserver: { next: ready } })
    .pipe(authorize(anyOf(allowPublicKeys([alice.publicKey]), allowPlain({ admin: password }))))
    .subscribe((d) => {
      const who = d.request.mechanism === 'PLAIN' ? `user '${d.request.username}'` : 'a CURVE key'
      console.log(
        `  ZAP ${d.request.mechanism} ${who} from ${d.request.address}: ${d.statusCode} ${d.statusText}`,
      )
    })
  await bound

  // 2. Two echo servers on loopback: one CURVE, one PLAIN, both asking the handler.
  const curveRep = new ReplySocket({ ...curveServer(serverKeys, { zapDomain: 'demo' }) })
  const plainRep = new ReplySocket({ ...plainServer({ zapDomain: 'demo' }) })
  for (const rep of [curveRep, plainRep])
    rep.serve((request) => [Buffer.from('echo: '), ...request])
  const curveAt = await curveRep.bind('tcp://127.0.0.1:*')
  const plainAt = await plainRep.bind('tcp://127.0.0.1:*')

  // 3. The clients, one at a time.
  const tries: [string, string, object, boolean][] = [
    [
      'alice (CURVE, allowed key)',
      curveAt,
      curveClient({ serverKey: serverKeys.publicKey, keys: alice }),
      true,
    ],
    [
      'mallory (CURVE, unknown key)',
      curveAt,
      curveClient({ serverKey: serverKeys.publicKey, keys: mallory }),
      false,
    ],
    ['eve (plaintext, no CURVE)', curveAt, {}, false],
    ['admin (PLAIN, right password)', plainAt, plainClient({ username: 'admin', password }), true],
    [
      'admin (PLAIN, wrong password)',
      plainAt,
      plainClient({ username: 'admin', password: 'guess' }),
      false,
    ],
  ]
  let asExpected = true
  for (const [name, endpoint, options, shouldGetIn] of tries) {
    console.log(`${name}:`)
    const req = new RequestSocket(options)
    const outcome = await knock(req, endpoint)
    req.close()
    const ok = outcome.startsWith('in') === shouldGetIn
    asExpected &&= ok
    console.log(`  -> ${outcome}${ok ? '' : '   (UNEXPECTED)'}`)
  }

  curveRep.close()
  plainRep.close()
  handler.unsubscribe()
  return asExpected
}

/** Sends one request; resolves with the reply, or with how the handshake failed. */
function knock(req: RequestSocket, endpoint: string): Promise<string> {
  // Listen to the events before connecting, so that no refusal is missed.
  const refused = new Promise<string>((resolve) => {
    req.events$
      .pipe(
        filter((e) => e.type.startsWith('handshake:error')),
        take(1),
      )
      .subscribe((e) => {
        const status = e.type === 'handshake:error:auth' ? `, status ${e.error.status}` : ''
        resolve(`refused (${e.type}${status})`)
      })
  })
  req.connect(endpoint)
  const answered = firstValueFrom(
    req.request('hello').pipe(
      text({ frame: -1 }),
      map((r) => `in: server said '${r}'`),
      timeout({ first: 3000, with: () => ['no answer within 3 s'] }),
    ),
  )
  // A refused CURVE or PLAIN client's request fails with a HandshakeError (ZAP status).
  const failed = answered.catch((error: unknown) => {
    if (error instanceof HandshakeError && error.status !== undefined) {
      return `refused (handshake:error:auth, status ${error.status})`
    }
    throw error
  })
  return Promise.race([failed, refused])
}

main().then(
  (ok) => {
    console.log(
      ok
        ? 'Every client got the answer it should.'
        : 'Some clients did not get the expected answer.',
    )
    process.exitCode = ok ? 0 : 1
  },
  (error: Error) => {
    console.error(`security/zap: ${error.message}`)
    process.exitCode = 1
  },
)
