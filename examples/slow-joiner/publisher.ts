// Slow-joiner sync without sleeps: an XPUB publisher waits until --subscribers N (default 2)
// subscribers have subscribed to its topic, then publishes 10 updates and ends with "END".
// Every subscriber gets all 10: none of them joined too late.
//
//   npm run example -- slow-joiner/publisher [--subscribers 2]
//   npm run example -- slow-joiner/subscriber        (in N other terminals, any order)
import { firstValueFrom, timeout } from 'rxjs'
import { XPublisherSocket } from '../../src'
import { waitForSubscribers } from '../../src'

const i = process.argv.indexOf('--subscribers')
const count = i === -1 ? 2 : Number(process.argv[i + 1])

// verbosity 'allSubs': libzmq tells us about every subscriber, not only the first per topic.
const xpub = new XPublisherSocket({ bind: 'tcp://*:5562', verbosity: 'allSubs' })

async function main(): Promise<void> {
  console.log(`Waiting for ${count} subscriber(s) to topic 'sync'...`)
  await firstValueFrom(
    waitForSubscribers(xpub, { count, topic: 'sync' }).pipe(timeout(5 * 60 * 1000)),
  )
  console.log('All subscribers are in: publishing')
  for (let n = 0; n < 10; n++) xpub.next(`sync update ${n}`)
  xpub.next('sync END')
  xpub.complete() // sends what is queued, lingers, closes
}

main().catch((error: Error) => {
  console.error(`slow-joiner/publisher: ${error.message}`)
  process.exitCode = 1
  xpub.close()
})
