// Task worker: connects a PULL socket to tcp://localhost:5557 for workloads and a PUSH socket
// to tcp://localhost:5558 for results; "works" (sleeps) for each workload's milliseconds, then
// sends an empty result. The rxzmq counterpart of the seed's taskwork.py.
//
//   npm run example -- pipeline/worker
import { concatMap, filter, map, take, tap, timer } from 'rxjs'
import { PullSocket, PushSocket, text } from '../../src'

const tasks = new PullSocket()
const results = new PushSocket({ connect: 'tcp://localhost:5558' })

// Say on stderr once the ventilator is reached (stdout keeps the seed's output: one dot a task).
// The monitor starts with this subscription, so connect after it or the handshake may be missed.
tasks.events$
  .pipe(
    filter((event) => event.type === 'handshake'),
    take(1),
  )
  .subscribe(() => console.error('worker: connected to the ventilator at tcp://localhost:5557'))
tasks.connect('tcp://localhost:5557')

// Process tasks forever.
const working = tasks
  .pipe(
    text(),
    // Simple progress indicator for the viewer.
    tap(() => process.stdout.write('.')),
    // Do the work, then send an empty result to the sink.
    concatMap((workload) => timer(Number(workload))),
    map(() => ''),
  )
  .subscribe(results)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    working.unsubscribe()
    tasks.close()
    results.close()
  })
}
