// Subscriber of the slow-joiner example: prints every update of topic 'sync' until "END".
//
//   npm run example -- slow-joiner/subscriber
import { map, takeWhile } from 'rxjs'
import { fromSubscriber, text } from '../../src'

let received = 0
fromSubscriber({ connect: 'tcp://localhost:5562', topics: ['sync'] })
  .pipe(
    text(),
    takeWhile((update) => update !== 'sync END'),
    map((update) => `Received ${update}`),
  )
  .subscribe({
    next: (line) => {
      received++
      console.log(line)
    },
    error: (error: Error) => {
      console.error(`slow-joiner/subscriber: ${error.message}`)
      process.exitCode = 1
    },
    complete: () => console.log(`Received ${received} updates`),
  })
