// Subscriber of the last-value-cache example: prints the first 3 prices of one symbol; the
// first arrives at once (the cached one), not after the symbol's next update.
//
//   npm run example -- last-value-cache/subscriber [SYM3]
import { take } from 'rxjs'
import { fromSubscriber } from '../../src'

const symbol = process.argv[2] ?? 'SYM3'
const started = Date.now()
fromSubscriber({ connect: 'tcp://localhost:5563', topics: [symbol] })
  .pipe(take(3))
  .subscribe({
    next: ([topic, price]) =>
      console.log(`${String(topic)} ${String(price)} (after ${Date.now() - started} ms)`),
    error: (error: Error) => {
      console.error(`last-value-cache/subscriber: ${error.message}`)
      process.exitCode = 1
    },
  })
