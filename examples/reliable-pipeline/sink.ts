// Reliable sink: binds a ROUTER socket for results, confirms each one to the worker that sent
// it (so the worker can acknowledge the task), and lets each task's result through once: a
// task dispatched again after its worker died may arrive twice. Ends when the ventilator says
// every task is acknowledged.
//
//   npm run example -- reliable-pipeline/sink [--bind tcp://*:5558]
//       [--ventilator tcp://localhost:5557] [--tasks N] [--out ids.txt] [--progress 1000]
//
// With --tasks N it exits non-zero unless exactly N distinct results arrived; with --out it
// writes the ids of the results it let through, one a line, in arrival order.
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { filter, map, take, tap } from 'rxjs'
import { DealerSocket, RouterSocket } from '../../src'
import { dedupe } from '../../src'

const { values: args } = parseArgs({
  options: {
    bind: { type: 'string', default: 'tcp://*:5558' },
    ventilator: { type: 'string', default: 'tcp://localhost:5557' },
    tasks: { type: 'string' },
    out: { type: 'string' },
    progress: { type: 'string', default: '1000' },
  },
})
const TASKS = args.tasks === undefined ? undefined : Number(args.tasks)
const PROGRESS = Number(args.progress)

const results = new RouterSocket()
const control = new DealerSocket({ connect: args.ventilator })
const ids: string[] = []
let received = 0

const collecting = results
  .pipe(
    filter(([, kind]) => kind?.toString() === 'RESULT'),
    // Confirm every result, duplicates too: the worker waits for it to acknowledge its task.
    tap(([worker, , id]) => {
      received++
      results.next([worker, 'GOT', id])
    }),
    map(([, , id, value]) => ({ id: id.toString(), value: value.toString() })),
    // A duplicate can only come while its task may still be re-dispatched: 10 minutes is ample.
    dedupe((result) => result.id, { ttl: 600_000 }),
  )
  .subscribe({
    next: (result) => {
      ids.push(result.id)
      if (ids.length % PROGRESS === 0) {
        console.log(`sink: ${ids.length} results (${received - ids.length} duplicates dropped)`)
      }
    },
    error: (error: Error) => fail(error),
  })

control.next(['SINK'])
control
  .pipe(
    filter(([kind]) => kind.toString() === 'END'),
    take(1),
  )
  .subscribe({ next: () => end(), error: (error: Error) => fail(error) })

function end(): void {
  collecting.unsubscribe()
  const duplicates = received - ids.length
  console.log(
    `sink: end of batch: ${ids.length} distinct results${TASKS === undefined ? '' : ` of ${TASKS} tasks`}, ` +
      `${received} received, ${duplicates} duplicates dropped`,
  )
  if (args.out !== undefined) writeFileSync(args.out, ids.join('\n') + '\n')
  if (TASKS !== undefined && ids.length !== TASKS) process.exitCode = 1
  results.complete()
  control.complete()
}

function fail(error: Error): void {
  console.error(`reliable-pipeline/sink: ${error.message}`)
  process.exitCode = 1
  results.close()
  control.close()
}

results.bind(args.bind).then((endpoint) => console.log(`sink: bound ${endpoint}`), fail)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    results.close()
    control.close()
    process.exit(signal === 'SIGINT' ? 130 : 143)
  })
}
