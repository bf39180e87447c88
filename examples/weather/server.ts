// Weather update server: binds a PUB socket to tcp://*:5556 and publishes random
// "zipcode temperature humidity" updates forever. The rxzmq counterpart of the seed's
// wuserver.py.
//
//   npm run example -- weather/server
//   npm run example -- weather/server --bind tcp://*:5556 --bind ws://*:8556
//
// With --bind (repeatable) it binds those endpoints instead, and prints each as bound
// ("weather/server: bound ws://127.0.0.1:8556/"), a `*` port replaced by the real one. A
// `ws://` endpoint speaks ZWS 2.0 (ZeroMQ over WebSocket), which browsers reach with
// rxzmq/web (see examples/angular-weather).
import { concat, defer, ignoreElements, repeat } from 'rxjs'
import { PublisherSocket } from '../../src'

/** Updates published per turn of the event loop; below the send queue's limit (1000). */
const BATCH = 500

/** The endpoints given with --bind, or undefined when there are none. */
function parseBinds(argv: readonly string[]): string[] | undefined {
  const binds: string[] = []
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== '--bind') continue
    const endpoint = argv[i + 1]
    if (endpoint === undefined || endpoint.startsWith('--')) {
      console.error('weather/server: --bind takes an endpoint (tcp://*:5556, ws://*:8556)')
      process.exit(2)
    }
    binds.push(endpoint)
    i++
  }
  return binds.length > 0 ? binds : undefined
}

/** A random integer in [min, max), like Python's randrange. */
const randrange = (min: number, max: number): number =>
  min + Math.floor(Math.random() * (max - min))

const weatherUpdate = (): string =>
  `${randrange(1, 100000)} ${randrange(-80, 135)} ${randrange(10, 60)}`

const binds = parseBinds(process.argv.slice(2))
const pub = new PublisherSocket(binds === undefined ? { bind: 'tcp://*:5556' } : {})

/** Binds the --bind endpoints in turn, printing each as bound. */
async function bindAll(endpoints: readonly string[]): Promise<void> {
  for (const endpoint of endpoints) {
    console.log(`weather/server: bound ${await pub.bind(endpoint)}`)
  }
}

// One batch per turn of the event loop: the next batch starts once libzmq has taken the last
// one (send() resolves then), and `repeat({ delay: 0 })` yields to timers, I/O and signals in
// between, so the loop neither grows a queue in JS nor starves the event loop.
const publishing = concat(
  defer(() => bindAll(binds ?? [])).pipe(ignoreElements()),
  defer(() => {
    for (let i = 1; i < BATCH; i++) pub.next(weatherUpdate())
    return pub.send(weatherUpdate())
  }).pipe(repeat({ delay: 0 })),
).subscribe({
  error: (error: Error) => {
    console.error(`weather/server: ${error.message}`)
    process.exitCode = 1
    pub.close()
  },
})

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    publishing.unsubscribe()
    pub.close()
  })
}
