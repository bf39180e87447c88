// Last value cache: a publisher of stock prices for 10 symbols (one update every 100 ms),
// through lastValueCache(), so a subscriber that joins late gets each symbol's last price at
// once instead of waiting for its next update.
//
//   npm run example -- last-value-cache/publisher
//   npm run example -- last-value-cache/subscriber SYM3
import { interval, map } from 'rxjs'
import { XPublisherSocket } from '../../src'
import { lastValueCache } from '../../src'

const xpub = new XPublisherSocket({ bind: 'tcp://*:5563', verbosity: 'allSubs' })

interval(100)
  .pipe(
    map((n) => {
      const symbol = `SYM${n % 10}`
      return [symbol, (100 + Math.random() * 10).toFixed(2)].map((f) => Buffer.from(f))
    }),
    lastValueCache(xpub),
  )
  .subscribe(xpub)

console.log('Publishing prices of SYM0..SYM9 on tcp://*:5563 (Ctrl-C to stop)')
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    xpub.close()
    process.exit(0)
  })
}
