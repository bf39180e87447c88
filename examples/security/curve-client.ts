// CURVE client: sends "Hello" to the CURVE server, encrypted, and prints the replies. It
// needs the server's public key (first argument, or RXZMQ_SERVER_KEY). Its own key pair comes
// from RXZMQ_CLIENT_SECRET or is made at start; it prints its public key, which a server
// started with --allow <key> must list. A server that refuses it (wrong server key, client key
// not allowed) ends it with exit code 1 instead of waiting for ever.
//
//   npm run example -- security/curve-client <server public key> [--endpoint tcp://localhost:5580]
//                                                                    [--requests 3] [--timeout 5000]
import { concatMap, filter, lastValueFrom, range, take, tap } from 'rxjs'
import { HandshakeError, RequestSocket, RequestTimeoutError, text } from '../../src'
import { curveClient } from '../../src'
import { curveKeyPair } from '../../src'

const argv = process.argv.slice(2)
const option = (name: string, fallback: string): string => {
  const i = argv.indexOf(`--${name}`)
  return i === -1 ? fallback : (argv[i + 1] ?? fallback)
}
const serverKey =
  argv.find((arg, i) => !arg.startsWith('--') && !argv[i - 1]?.startsWith('--')) ??
  process.env.RXZMQ_SERVER_KEY
const endpoint = option('endpoint', 'tcp://localhost:5580')
const requests = Number(option('requests', '3'))
const wait = Number(option('timeout', '5000'))

let options
try {
  const keys = curveKeyPair(process.env.RXZMQ_CLIENT_SECRET || undefined)
  options = curveClient({ serverKey: serverKey!, keys })
  console.log(`Client public key: ${keys.publicKey}`)
} catch (error) {
  console.error(`security/curve-client: ${(error as Error).message}`) // never quotes a key
  console.error('usage: npm run example -- security/curve-client <server public key>')
  process.exit(2)
}

const req = new RequestSocket({ ...options, requestTimeout: wait })
// A server that refuses this client's key fails the request itself, with a HandshakeError
// (ZAP status 400). A wrong server key shows only as a failed handshake on events$: listen
// before connecting, so that it is never missed.
const failedHandshake = new Promise<never>((_, reject) => {
  req.events$
    .pipe(
      filter((e) => e.type.startsWith('handshake:error') && e.type !== 'handshake:error:auth'),
      take(1),
    )
    .subscribe(() => reject(new Error('the handshake failed (is this the right server key?)')))
})
req.connect(endpoint)
console.log(`Connecting to ${endpoint} (CURVE)...`)

const replies = lastValueFrom(
  range(requests).pipe(
    concatMap((n) =>
      req.request('Hello').pipe(
        text(),
        tap((reply) => console.log(`Received reply ${n} [ ${reply} ]`)),
      ),
    ),
  ),
  { defaultValue: undefined },
).catch((error: unknown) => {
  if (error instanceof HandshakeError && error.status !== undefined) {
    throw new Error(`the server refused this client (its key is not allowed): ${error.message}`)
  }
  if (error instanceof RequestTimeoutError) {
    throw new Error(`no answer within ${wait} ms (is the server running?)`)
  }
  throw error
})

Promise.race([replies, failedHandshake]).then(
  () => req.close(),
  (error: Error) => {
    console.error(`security/curve-client: ${error.message}`)
    process.exitCode = 1
    req.close()
  },
)
