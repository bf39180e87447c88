// The weather feed for the Angular example's browser test: "zip temperature humidity" lines
// like examples/weather/server.ts, but for a few zip codes at a steady rate, so each zip code
// the page watches gets updates every few milliseconds, and from an XPUB socket (a native
// libzmq PUB that also tells its subscriptions), so the test sees the page's subscriptions
// change on the publisher's side.
//
//   node --import tsx test/browser/drivers/weather-xpub.ts --bind ws://127.0.0.1:* \
//     [--zips 10001,10002,10003] [--rate 300]
//
// Prints "weather-xpub: bound <endpoint>", then "weather-xpub: subscribe '<topic>'" and
// "weather-xpub: unsubscribe '<topic>'" as subscriptions come and go.
import { XPublisherSocket } from '../../../src'

function option(name: string, fallback?: string): string {
  const i = process.argv.indexOf(name)
  const value = i === -1 ? fallback : process.argv[i + 1]
  if (value === undefined) {
    console.error(`weather-xpub: ${name} is required`)
    process.exit(2)
  }
  return value
}

const endpoint = option('--bind')
const zips = option('--zips', '10001,10002,10003').split(',')
/** Updates per second, over all zip codes. */
const rate = Number(option('--rate', '300'))
const TICK = 10 // ms

const randrange = (min: number, max: number): number =>
  min + Math.floor(Math.random() * (max - min))

const xpub = new XPublisherSocket()
xpub.subscribe({
  next: ([frame]) => {
    if (frame === undefined || frame.length === 0) return
    const kind = frame[0] === 1 ? 'subscribe' : 'unsubscribe'
    console.log(`weather-xpub: ${kind} '${frame.subarray(1).toString('utf8')}'`)
  },
  error: (error: Error) => {
    console.error(`weather-xpub: ${error.message}`)
    process.exit(1)
  },
})

let timer: NodeJS.Timeout | undefined
xpub.bind(endpoint).then(
  (bound) => {
    console.log(`weather-xpub: bound ${bound}`)
    let sent = 0
    const started = Date.now()
    timer = setInterval(() => {
      // As many as the rate says by now: steady on average whatever the timer's jitter.
      const due = Math.floor(((Date.now() - started) / 1000) * rate)
      for (; sent < due; sent++) {
        const zip = zips[sent % zips.length]!
        xpub.next(`${zip} ${randrange(-80, 135)} ${randrange(10, 60)}`)
      }
    }, TICK)
  },
  (error: Error) => {
    console.error(`weather-xpub: ${error.message}`)
    process.exit(1)
  },
)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    clearInterval(timer)
    xpub.close()
  })
}
