// CURVE server: a REP socket that only speaks encrypted, answering "World" to each request.
// Its key pair comes from RXZMQ_SERVER_SECRET (a Z85 secret key) or is made at start; it prints
// its public key, which clients need. With --allow <client public key> (repeatable) a ZAP
// handler lets in those clients only; without it, any client that knows the server's public
// key gets in (libzmq's default for CURVE).
//
//   npm run example -- security/curve-server [--endpoint tcp://*:5580] [--allow <key>]...
//   npm run example -- security/curve-client <server public key>
import { filter } from 'rxjs'
import { ReplySocket, textCodec } from '../../src'
import { allowPublicKeys } from '../../src'
import { authorize } from '../../src'
import { curveKeyPair } from '../../src'
import { curveServer } from '../../src'
import { zapRequests } from '../../src'

const argv = process.argv.slice(2)
const valuesOf = (name: string): string[] =>
  argv.flatMap((arg, i) => (arg === `--${name}` && argv[i + 1] !== undefined ? [argv[i + 1]] : []))
const endpoint = valuesOf('endpoint')[0] ?? 'tcp://*:5580'
const allowed = valuesOf('allow')

let keys
try {
  keys = curveKeyPair(process.env.RXZMQ_SERVER_SECRET || undefined)
  if (allowed.length > 0) allowPublicKeys(allowed) // check the keys before starting
} catch (error) {
  console.error(`security/curve-server: ${(error as Error).message}`) // never quotes a key
  process.exit(2)
}

// With a client list, the ZAP handler must be up before the server takes connections, and the
// server gets a zapDomain: with zapEnforceDomain (curveServer's default then) it refuses every
// client whenever no handler is running, instead of letting everyone in.
let handlerReady: () => void = () => undefined
const handlerBound = new Promise<void>((resolve) => (handlerReady = resolve))
const handler =
  allowed.length === 0
    ? undefined
    : zapRequests({ timeout: 1000, openObserver: { next: () => handlerReady() } })
        .pipe(authorize(allowPublicKeys(allowed)))
        .subscribe((d) =>
          console.log(
            `ZAP: ${d.request.address} ${d.allowed ? 'allowed' : `refused (${d.statusText})`}`,
          ),
        )

const rep = new ReplySocket(
  curveServer(keys, allowed.length > 0 ? { zapDomain: 'curve-example' } : {}),
)

rep.events$
  .pipe(filter((e) => e.type === 'handshake' || e.type.startsWith('handshake:error')))
  .subscribe((e) => console.log(`${e.type}${'address' in e ? ` on ${e.address}` : ''}`))

const requests = textCodec()
rep.serve((request) => {
  console.log(`Received request: ${requests.decode(request)}`)
  return 'World'
})

// Bind once the ZAP handler (if any) is up, and after watching the events (above), so that
// no handshake is missed.
;(handler === undefined ? Promise.resolve() : handlerBound)
  .then(() => rep.bind(endpoint))
  .then(
    (bound) => {
      console.log(`Server public key: ${keys.publicKey}`)
      const clients = allowed.length > 0 ? `, ${allowed.length} client key(s) allowed` : ''
      console.log(`Listening on ${bound} (CURVE${clients})`)
    },
    (error: Error) => {
      console.error(`security/curve-server: ${error.message}`)
      rep.close()
      handler?.unsubscribe()
      process.exitCode = 1
    },
  )

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    rep.close()
    handler?.unsubscribe()
  })
}
