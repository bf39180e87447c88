// Slow consumers, subscriber side: handles each update in 1 ms, far slower than the
// publisher sends. consume() keeps at most 1,000 waiting (dropping the oldest), and says
// when the subscriber falls behind and when it has caught up, once each time.
//
//   npm run example -- slow-consumer/subscriber
import { map, Subject, takeWhile, timer } from 'rxjs'
import { fromSubscriber, text } from '../../src'
import { consume, type ConsumeEvent } from '../../src'

const events = new Subject<ConsumeEvent<string>>()
events.subscribe((e) => {
  // The queue's own events (queue:full, queue:drop per message, queue:drain) are left out.
  if (e.type === 'slow-consumer' || e.type === 'caught-up') {
    console.log(`${e.type}: ${e.depth} waiting, ${e.dropped} dropped so far`)
  }
})

let handled = 0
fromSubscriber({ connect: 'tcp://localhost:5566', topics: [''] })
  .pipe(
    text(),
    takeWhile((update) => update !== 'END'),
    consume((update) => timer(1).pipe(map(() => update)), {
      highWater: 500,
      lowWater: 0,
      queue: { limit: 1000, overflow: 'drop-oldest' },
      events,
    }),
  )
  .subscribe({
    next: () => handled++,
    complete: () => console.log(`Handled ${handled} updates`),
    error: (error: Error) => {
      console.error(`slow-consumer/subscriber: ${error.message}`)
      process.exitCode = 1
    },
  })
