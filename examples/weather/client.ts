// Weather update client: connects a SUB socket to tcp://localhost:5556, subscribes to one zip
// code (argv[2], default 10001, New York City), and prints the running average temperature
// of 5 updates. The rxzmq counterpart of the seed's wuclient.py.
//
//   npm run example -- weather/client [zipcode]
import { map, scan, take } from 'rxjs'
import { fromSubscriber, text } from '../../src'

const zipFilter = process.argv[2] ?? '10001'

/** Formats like Python's `print(float)`: 55.0, 55.5, 33.333333333333336. */
const pyFloat = (x: number): string => (Number.isInteger(x) ? x.toFixed(1) : String(x))

console.log('Collecting updates from weather server...')

// The socket lives as long as the subscription: take(5) closes it after the fifth update.
fromSubscriber({ connect: 'tcp://localhost:5556', topics: [zipFilter] })
  .pipe(
    text(),
    take(5),
    map((update) => Number(update.split(' ')[1])),
    scan((acc, temperature) => ({ total: acc.total + temperature, count: acc.count + 1 }), {
      total: 0,
      count: 0,
    }),
  )
  .subscribe({
    next: ({ total, count }) =>
      console.log(`Average temperature for zipcode '${zipFilter}' was ${pyFloat(total / count)} F`),
    error: (error: Error) => {
      console.error(`weather/client: ${error.message}`)
      process.exitCode = 1
    },
  })
