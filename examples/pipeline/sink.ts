// Task sink: binds a PULL socket to tcp://*:5558, waits for the start of the batch, collects
// 100 results and reports how long the batch took. The rxzmq counterpart of the seed's
// tasksink.py.
//
//   npm run example -- pipeline/sink
import { concatMap, map, take, takeLast } from 'rxjs'
import { PullSocket } from '../../src'

const TASKS = 100
const results = new PullSocket({ bind: 'tcp://*:5558' })

results
  .pipe(
    // Wait for start of batch, then start our clock.
    take(1),
    map(() => performance.now()),
    // Process 100 confirmations.
    concatMap((start) =>
      results.pipe(
        take(TASKS),
        map((_, n) => process.stdout.write(n % 10 === 0 ? ':' : '.')),
        takeLast(1),
        map(() => performance.now() - start),
      ),
    ),
  )
  .subscribe({
    // Calculate and report duration of batch.
    next: (elapsed) => console.log(`Total elapsed time: ${elapsed} msec`),
    error: (error: Error) => {
      console.error(`pipeline/sink: ${error.message}`)
      process.exitCode = 1
    },
    complete: () => results.close(),
  })

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => results.close())
}
