// Slow consumers, publisher side: publishes 100,000 numbered updates as fast as it can, then
// "END". Its memory stays bounded whatever its subscribers do: at a subscriber's high-water
// mark libzmq drops for that subscriber, and send() keeps resolving.
//
//   npm run example -- slow-consumer/publisher
//   npm run example -- slow-consumer/subscriber      (start it first)
import { firstValueFrom } from 'rxjs'
import { XPublisherSocket } from '../../src'
import { waitForSubscribers } from '../../src'

const xpub = new XPublisherSocket({ bind: 'tcp://*:5566' })

async function main(): Promise<void> {
  console.log('Waiting for a subscriber...')
  await firstValueFrom(waitForSubscribers(xpub))
  for (let n = 0; n < 100000; n++) await xpub.send(`update ${n}`)
  // Sent until it gets through (the subscriber's pipe may be full when we get here).
  for (let n = 0; n < 1000; n++) await xpub.send('END')
  console.log(
    `Published 100000 updates; rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`,
  )
  xpub.complete()
}

main().catch((error: Error) => {
  console.error(`slow-consumer/publisher: ${error.message}`)
  process.exitCode = 1
  xpub.close()
})
