// Weather update server: binds a PUB socket to tcp://*:5556 and publishes random
// "zipcode temperature humidity" updates forever. The rxzmq counterpart of the seed's
// wuserver.py.
//
//   npm run example -- weather/server
import { defer, repeat } from 'rxjs'
import { PublisherSocket } from '../../src'

/** Updates published per turn of the event loop; below the send queue's limit (1000). */
const BATCH = 500

/** A random integer in [min, max), like Python's randrange. */
const randrange = (min: number, max: number): number =>
  min + Math.floor(Math.random() * (max - min))

const weatherUpdate = (): string =>
  `${randrange(1, 100000)} ${randrange(-80, 135)} ${randrange(10, 60)}`

const pub = new PublisherSocket({ bind: 'tcp://*:5556' })

// One batch per turn of the event loop: the next batch starts once libzmq has taken the last
// one (send() resolves then), and `repeat({ delay: 0 })` yields to timers, I/O and signals in
// between, so the loop neither grows a queue in JS nor starves the event loop.
const publishing = defer(() => {
  for (let i = 1; i < BATCH; i++) pub.next(weatherUpdate())
  return pub.send(weatherUpdate())
})
  .pipe(repeat({ delay: 0 }))
  .subscribe({
    error: (error: Error) => {
      console.error(`weather/server: ${error.message}`)
      process.exitCode = 1
    },
  })

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    publishing.unsubscribe()
    pub.close()
  })
}
