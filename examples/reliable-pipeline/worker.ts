// Reliable worker: takes tasks from the reliable ventilator a window at a time, sends each
// result to the sink, and acknowledges the task to the ventilator once the sink has confirmed
// it: an acknowledged task is a task whose result is safe. Heartbeats tell the ventilator it is
// alive; if it dies, its unacknowledged tasks are dispatched to the other workers.
//
//   npm run example -- reliable-pipeline/worker [--ventilator tcp://localhost:5557]
//       [--sink tcp://localhost:5558] [--name w1] [--credit 50] [--heartbeat 250]
//       [--work-ms 1] [--progress 100] [--resend 1000]
//
// Prints `worker <name>: <n> done` every --progress acknowledged tasks, and exits when the
// ventilator says the batch is over. See ventilator.ts for the protocol.
import { parseArgs } from 'node:util'
import { concatMap, filter, interval, map, of, timer, type Subscription } from 'rxjs'
import { DealerSocket } from '../../src'

const { values: args } = parseArgs({
  options: {
    ventilator: { type: 'string', default: 'tcp://localhost:5557' },
    sink: { type: 'string', default: 'tcp://localhost:5558' },
    name: { type: 'string', default: `worker-${process.pid}` },
    credit: { type: 'string', default: '50' },
    heartbeat: { type: 'string', default: '250' },
    'work-ms': { type: 'string', default: '1' },
    progress: { type: 'string', default: '100' },
    resend: { type: 'string', default: '1000' },
  },
})
const NAME = args.name
const WORK_MS = Number(args['work-ms'])
const PROGRESS = Number(args.progress)
const RESEND = Number(args.resend)

const tasks = new DealerSocket({ connect: args.ventilator })
const results = new DealerSocket({ connect: args.sink })

/** Results sent and not yet confirmed by the sink, with the timer that sends them again. */
const unconfirmed = new Map<string, Subscription>()
let done = 0

tasks.next(['READY', args.credit, NAME])
const heartbeats = interval(Number(args.heartbeat)).subscribe(() => tasks.next(['HB']))

const working = tasks
  .pipe(
    filter(([kind]) => {
      if (kind.toString() === 'END') end()
      return kind.toString() === 'TASK'
    }),
    // The work: square the payload, taking --work-ms.
    concatMap(([, id, payload]) =>
      (WORK_MS > 0 ? timer(WORK_MS) : of(0)).pipe(
        map(() => [id.toString(), String(Number(payload.toString()) ** 2)] as const),
      ),
    ),
  )
  .subscribe({
    next: ([id, value]) => {
      results.next(['RESULT', id, value])
      // The sink or the way to it may have lost it (a restart): send again until confirmed.
      unconfirmed.get(id)?.unsubscribe()
      unconfirmed.set(
        id,
        // eslint-disable-next-line rxjs-x/no-nested-subscribe -- one resend timer per result, kept in `unconfirmed` and ended by its confirmation or by stop()
        interval(RESEND).subscribe(() => results.next(['RESULT', id, value])),
      )
    },
    error: (error: Error) => fail(error),
  })

const confirming = results.subscribe({
  next: ([kind, id]) => {
    if (kind.toString() !== 'GOT') return
    const key = id.toString()
    const resend = unconfirmed.get(key)
    if (resend === undefined) return // a confirmation of a result sent again
    resend.unsubscribe()
    unconfirmed.delete(key)
    tasks.next(['ACK', key])
    done++
    if (done % PROGRESS === 0) console.log(`worker ${NAME}: ${done} done`)
  },
  error: (error: Error) => fail(error),
})

function stop(): void {
  heartbeats.unsubscribe()
  working.unsubscribe()
  confirming.unsubscribe()
  for (const resend of unconfirmed.values()) resend.unsubscribe()
  unconfirmed.clear()
}

function end(): void {
  console.log(`worker ${NAME}: end of batch, ${done} done`)
  stop()
  tasks.complete()
  results.complete()
}

function fail(error: Error): void {
  console.error(`reliable-pipeline/worker: ${error.message}`)
  process.exitCode = 1
  stop()
  tasks.close()
  results.close()
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    // Say goodbye, so the ventilator re-dispatches this worker's tasks without waiting.
    stop()
    tasks.next(['BYE'])
    tasks.complete()
    results.close()
  })
}
