// Paranoid Pirate heartbeating, queue side: a ROUTER that hands out numbered tasks to the
// workers it hears from, heartbeats them every second, and declares a worker dead after 3
// silent seconds: the task it held goes back to the front of the queue for another worker.
//
//   npm run example -- heartbeat/queue
//   npm run example -- heartbeat/worker            (several; try --crash-after 3 on one)
import { RouterSocket } from '../../src'
import { heartbeat, PPP_HEARTBEAT } from '../../src'

const TASKS = 20
const backend = new RouterSocket({ bind: 'tcp://*:5564' })
const todo: number[] = Array.from({ length: TASKS }, (_, n) => n)
const idle: Buffer[] = [] // workers waiting for a task
const busy = new Map<string, number>() // worker (hex id) -> its task
let done = 0

function dispatch(): void {
  while (idle.length > 0 && todo.length > 0) {
    const worker = idle.shift()!
    const task = todo.shift()!
    busy.set(worker.toString('hex'), task)
    backend.next([worker, `task ${task}`])
  }
}

backend.pipe(heartbeat({ interval: 1000, liveness: 3 })).subscribe((event) => {
  const peer = Buffer.from(event.peer as Uint8Array)
  const key = peer.toString('hex')
  switch (event.type) {
    case 'alive':
      console.log(`worker ${key} is alive`)
      break
    case 'beat':
      backend.next([peer, PPP_HEARTBEAT])
      break
    case 'dead': {
      const task = busy.get(key)
      busy.delete(key)
      const at = idle.findIndex((w) => w.equals(peer))
      if (at !== -1) idle.splice(at, 1)
      if (task !== undefined) todo.unshift(task)
      console.log(`worker ${key} is dead${task === undefined ? '' : `: task ${task} re-queued`}`)
      break
    }
    case 'message': {
      const body = String(event.message[1] ?? '')
      if (body.startsWith('done')) {
        busy.delete(key)
        done++
        console.log(`${body} by ${key} (${done}/${TASKS})`)
        if (done === TASKS) {
          console.log('All tasks done')
          backend.close()
          return
        }
      }
      idle.push(peer) // READY (0x01) or a reply: the worker takes a task again
      break
    }
  }
  dispatch()
})
console.log(`Queue: ${TASKS} tasks for the workers on tcp://*:5564`)
