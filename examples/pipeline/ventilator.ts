// Task ventilator: binds a PUSH socket to tcp://*:5557 and sends a batch of 100 tasks (random
// workloads of 1 to 100 ms) to the workers, after signalling the start of the batch to the sink
// at tcp://localhost:5558. The rxzmq counterpart of the seed's taskvent.py.
//
//   npm run example -- pipeline/ventilator [--workers N]
//
// The batch must start once the workers are connected, or the first one to connect gets all
// the tasks. Run interactively, it asks you to press Enter like the seed. With stdin not a
// terminal, or with --workers N, it waits until N workers (default 1) have completed the
// ZeroMQ handshake, watching the socket's monitor events: no sleeps, no Enter.
import { createInterface } from 'node:readline'
import { filter, firstValueFrom, take, toArray } from 'rxjs'
import { PushSocket } from '../../src'

const TASKS = 100

function parseWorkers(argv: readonly string[]): number | undefined {
  const i = argv.indexOf('--workers')
  if (i === -1) return undefined
  const n = Number(argv[i + 1])
  if (!Number.isInteger(n) || n < 1) {
    console.error('pipeline/ventilator: --workers takes a positive integer')
    process.exit(2)
  }
  return n
}

const workers = parseWorkers(process.argv.slice(2))
const interactive = process.stdin.isTTY === true && workers === undefined

// Socket to send messages on (bound in main(), once the monitor below is listening).
const sender = new PushSocket()
// Socket with direct access to the sink: used to synchronize start of batch.
const sink = new PushSocket({ connect: 'tcp://localhost:5558' })

// Subscribed before the bind, so no handshake is missed.
const handshakes = interactive
  ? undefined
  : firstValueFrom(
      sender.events$.pipe(
        filter((event) => event.type === 'handshake'),
        take(workers ?? 1),
        toArray(),
      ),
    )

function pressEnter(): Promise<void> {
  console.log('Press Enter when the workers are ready: ')
  const lines = createInterface({ input: process.stdin })
  return new Promise((resolve) =>
    lines.once('line', () => {
      lines.close()
      resolve()
    }),
  )
}

async function main(): Promise<void> {
  await sender.bind('tcp://*:5557')
  if (handshakes === undefined) {
    await pressEnter()
  } else {
    console.log(`Waiting for ${workers ?? 1} worker(s) to connect...`)
    await handshakes
  }
  console.log('Sending tasks to workers...')

  // The first message is "0" and signals start of batch.
  sink.next('0')

  // Send 100 tasks, each a random workload from 1 to 100 msecs.
  let totalMsec = 0
  for (let n = 0; n < TASKS; n++) {
    const workload = 1 + Math.floor(Math.random() * 100)
    totalMsec += workload
    sender.next(String(workload))
  }
  console.log(`Total expected cost: ${totalMsec} msec`)

  // No sleep to "give 0MQ time to deliver": complete() sends everything queued, then closes
  // with linger, and the process exits once libzmq has delivered (or the linger ran out).
  sender.complete()
  sink.complete()
}

main().catch((error: Error) => {
  console.error(`pipeline/ventilator: ${error.message}`)
  process.exitCode = 1
  sender.close()
  sink.close()
})

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    sender.close()
    sink.close()
    process.exit(signal === 'SIGINT' ? 130 : 143)
  })
}
