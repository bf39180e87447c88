// Hello World client: connects to tcp://localhost:5555, sends "Hello" ten times and prints
// each reply. The rxzmq counterpart of the seed's hello_world_client.py, with one difference
// the seed's notes ask for: it survives a server restart. Its RequestSocket has a request
// timeout and retries, the zguide's Lazy Pirate: a request with no reply within the timeout is
// sent again on a fresh socket (the stuck one is closed with linger 0), up to --retries times;
// then the client gives up with a clear error and exits 1 (the server seems to be offline).
//
//   npm run example -- hello-world/client [--endpoint tcp://localhost:5555]
//                                         [--timeout 2500] [--retries 3] [--keep-going]
//
// --keep-going: a request that failed does not stop the client; each later request is tried
// with its own retries, and the exit code is 1 if any failed.
import { catchError, concatMap, EMPTY, map, range, tap } from 'rxjs'
import { RequestRetriesExhaustedError, RequestSocket, text } from '../../src'

function option(name: string, fallback: string): string {
  const argv = process.argv.slice(2)
  const i = argv.indexOf(`--${name}`)
  if (i === -1) return fallback
  const value = argv[i + 1]
  if (value === undefined || value.startsWith('--')) {
    console.error(`hello-world/client: --${name} needs a value`)
    process.exit(2)
  }
  return value
}

function count(name: string, fallback: number, min: number): number {
  const n = Number(option(name, String(fallback)))
  if (!Number.isInteger(n) || n < min) {
    console.error(`hello-world/client: --${name} takes an integer >= ${min}`)
    process.exit(2)
  }
  return n
}

const REQUESTS = 10
const endpoint = option('endpoint', 'tcp://localhost:5555')
const timeout = count('timeout', 2500, 1)
const retries = count('retries', 3, 0)
const keepGoing = process.argv.includes('--keep-going')

console.log('Connecting to hello world server...')
const hello = new RequestSocket({ connect: endpoint, requestTimeout: timeout, retries })

hello.events$.subscribe((event) => {
  if (event.type === 'request:retry') {
    console.log(
      `W: no reply to request ${event.request - 1} within ${timeout} ms, retrying on a new socket (attempt ${event.attempt} of ${event.attempts})...`,
    )
  }
})

let answered = 0
let failed = 0

// Do 10 requests, waiting each time for a response.
range(REQUESTS)
  .pipe(
    concatMap((n) => {
      console.log(`Sending request ${n} ...`)
      const reply = hello.request('Hello').pipe(
        text(),
        map((message) => ({ n, message })),
      )
      if (!keepGoing) return reply
      return reply.pipe(
        catchError((error: Error) => {
          failed++
          console.error(`E: request ${n} failed: ${error.message}`)
          return EMPTY
        }),
      )
    }),
    tap(() => answered++),
  )
  .subscribe({
    next: ({ n, message }) => console.log(`Received reply ${n} [ ${message} ]`),
    error: (error: Error) => {
      failed++
      const left = REQUESTS - answered - failed
      const why = error instanceof RequestRetriesExhaustedError ? 'abandoning' : 'stopping'
      console.error(`E: request ${answered} failed: ${error.message}`)
      console.error(`E: ${why}: ${answered} answered, ${failed} failed, ${left} not sent`)
      process.exitCode = 1
      hello.close()
    },
    complete: () => {
      if (failed > 0) {
        console.error(`E: ${answered} answered, ${failed} failed`)
        process.exitCode = 1
      }
      hello.close()
    },
  })

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    hello.close()
    process.exit(signal === 'SIGINT' ? 130 : 143)
  })
}
