// Paranoid Pirate heartbeating, worker side: a DEALER that says READY, heartbeats the queue
// every second, does each task in 300 ms, and declares the queue dead after 3 silent seconds
// (then it closes its socket and connects a fresh one). --crash-after N: die abruptly (no
// goodbye) after N tasks, to watch the queue re-queue the task it held.
//
//   npm run example -- heartbeat/worker [--crash-after N]
import { concatMap, map, timer } from 'rxjs'
import { DealerSocket } from '../../src'
import { heartbeat, PPP_HEARTBEAT } from '../../src'

const PPP_READY = Buffer.from([1])
const i = process.argv.indexOf('--crash-after')
const crashAfter = i === -1 ? Infinity : Number(process.argv[i + 1])
let tasks = 0
let current: DealerSocket

function start(): void {
  const socket = new DealerSocket({ connect: 'tcp://localhost:5564' })
  current = socket
  socket.next(PPP_READY)
  socket
    .pipe(
      heartbeat({
        interval: 1000,
        liveness: 3,
        peerOf: () => 'queue',
        peers: ['queue'],
        isHeartbeat: (m) => m.length === 1 && m[0]!.equals(PPP_HEARTBEAT),
      }),
      concatMap((event) =>
        event.type === 'message'
          ? timer(300).pipe(map(() => ({ ...event, reply: `done ${String(event.message[0])}` })))
          : [{ ...event, reply: undefined }],
      ),
    )
    .subscribe((event) => {
      if (event.type === 'beat') socket.next(PPP_HEARTBEAT)
      if (event.type === 'dead') {
        console.log('W: the queue is silent: reconnecting with a new socket')
        socket.close()
        start()
      }
      if (event.reply !== undefined) {
        if (++tasks > crashAfter) {
          console.log(`W: crashing with ${String(event.type === 'message' && event.message[0])}`)
          process.exit(1)
        }
        socket.next(event.reply)
        console.log(event.reply)
      }
    })
}

start()
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    current.close()
    process.exit(0)
  })
}
