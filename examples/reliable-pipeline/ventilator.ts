// Reliable ventilator: binds a ROUTER socket, hands out tasks to the workers that ask for them,
// and makes sure every task is done: a worker that dies or goes silent has its tasks
// dispatched again to the others. The pipeline of the seed's taskvent.py / taskwork.py /
// tasksink.py, made so that it loses nothing.
//
//   npm run example -- reliable-pipeline/ventilator [--bind tcp://*:5557] [--tasks 10000]
//                                                   [--timeout 1000] [--workers 1]
//
// The batch starts once --workers workers have said READY (no sleeps, no Enter), so the first
// worker up does not get the whole batch; workers that come later join in.
//
// Protocol (ROUTER here, DEALER workers and sink):
//   worker → ventilator   ['READY', credit, name]   takes `credit` tasks at a time
//                         ['HB']                    heartbeat
//                         ['ACK', id]               the sink has the result of task `id`
//                         ['BYE']                   leaving: re-dispatch my tasks now
//   sink → ventilator     ['SINK']                  tell me when the batch is done
//   ventilator → worker   ['TASK', id, payload]
//   ventilator → all      ['END']                   every task is acknowledged
import { parseArgs } from 'node:util'
import { BehaviorSubject, concatMap, filter, first, map, range, type Observable } from 'rxjs'
import { RouterSocket, type Message } from '../../src'
import { reliableDispatch } from '../../src'
import type { WorkerSignal } from '../../src'

const { values: args } = parseArgs({
  options: {
    bind: { type: 'string', default: 'tcp://*:5557' },
    tasks: { type: 'string', default: '10000' },
    timeout: { type: 'string', default: '1000' },
    workers: { type: 'string', default: '1' },
  },
})
const TASKS = Number(args.tasks)
const TIMEOUT = Number(args.timeout)
const WORKERS = Number(args.workers)

const router = new RouterSocket()
/** Every peer that spoke, by routing id (hex): each is told 'END'. */
const peers = new Map<string, Buffer>()
/** Workers' names, for the log. */
const names = new Map<string, string>()
/** How many workers have said READY. */
const readyWorkers = new BehaviorSubject(0)
const nameOf = (peer: Buffer): string => names.get(peer.toString('hex')) ?? peer.toString('hex')

/** What workers say, as reliableDispatch's signals; the sink's hello is only remembered. */
const signals: Observable<WorkerSignal<Buffer, number>> = router.pipe(
  map((message) => toSignal(message)),
  filter((signal) => signal !== undefined),
)

function toSignal([peer, kind, arg, name]: Message): WorkerSignal<Buffer, number> | undefined {
  peers.set(peer.toString('hex'), peer)
  switch (kind?.toString()) {
    case 'READY': {
      // A malformed READY is reported and ignored: one confused peer must not stop the batch.
      const credit = arg === undefined ? 1 : count(arg)
      if (credit === undefined) return ignored(peer, `READY with credit '${String(arg)}'`)
      if (!names.has(peer.toString('hex'))) {
        names.set(peer.toString('hex'), name?.toString() ?? peer.toString('hex'))
        readyWorkers.next(names.size)
      }
      return { type: 'ready', worker: peer, credit }
    }
    case 'HB':
      return { type: 'heartbeat', worker: peer }
    case 'ACK': {
      const id = arg === undefined ? undefined : count(arg)
      if (id === undefined) return ignored(peer, `ACK of task '${String(arg)}'`)
      return { type: 'ack', worker: peer, id }
    }
    case 'BYE':
      return { type: 'gone', worker: peer }
    default:
      return undefined // 'SINK', or anything unknown
  }
}

/** A frame holding a non-negative integer, or undefined. */
function count(frame: Buffer): number | undefined {
  const text = frame.toString()
  return /^\d{1,15}$/.test(text) ? Number(text) : undefined
}

function ignored(peer: Buffer, what: string): undefined {
  console.log(`ventilator: ignored ${what} from ${nameOf(peer)}`)
  return undefined
}

async function main(): Promise<void> {
  const endpoint = await router.bind(args.bind)
  console.log(
    `ventilator: bound ${endpoint}, ${TASKS} tasks, worker timeout ${TIMEOUT} ms, ` +
      `starting once ${WORKERS} worker(s) are ready`,
  )
  const started = performance.now()
  let acked = 0
  let dispatched = 0
  let redispatched = 0
  let lost = 0
  // The signals are subscribed at once (credits are counted from the first READY); the
  // tasks come once enough workers are there.
  const tasks = readyWorkers.pipe(
    first((count) => count >= WORKERS),
    concatMap(() => range(0, TASKS)),
  )
  tasks.pipe(reliableDispatch(signals, { id: (n: number) => n, timeout: TIMEOUT })).subscribe({
    next: (event) => {
      switch (event.type) {
        case 'dispatch':
          dispatched++
          if (event.attempt > 1) redispatched++
          router.next([event.worker, 'TASK', String(event.id), String(event.task)])
          return
        case 'acked':
          acked++
          if (acked % 1000 === 0) console.log(`ventilator: ${acked}/${TASKS} acknowledged`)
          return
        case 'lost':
          lost++
          console.log(
            `ventilator: worker ${nameOf(event.worker)} lost, re-dispatching ${event.requeued.length} task(s)`,
          )
          return
        case 'signal:invalid':
          console.log(`ventilator: ${event.error.message}`)
      }
    },
    error: (error: Error) => fail(error),
    complete: () => {
      const ms = Math.round(performance.now() - started)
      console.log(
        `ventilator: all ${TASKS} tasks acknowledged in ${ms} ms ` +
          `(${dispatched} dispatches, ${redispatched} re-dispatched, ${lost} worker(s) lost)`,
      )
      for (const peer of peers.values()) router.next([peer, 'END'])
      router.complete()
    },
  })
}

function fail(error: Error): void {
  console.error(`reliable-pipeline/ventilator: ${error.message}`)
  process.exitCode = 1
  router.close()
}

main().catch(fail)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    router.close()
    process.exit(signal === 'SIGINT' ? 130 : 143)
  })
}
