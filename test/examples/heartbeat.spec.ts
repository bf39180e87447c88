// The Paranoid Pirate example with real processes: a worker that dies holding a task is
// declared dead after 3 silent heartbeat intervals and its task goes to the other worker.
//
//   heartbeat/worker A (--crash-after 2) ──┐
//                                          ├── DEALER → ROUTER heartbeat/queue (tcp *:5564)
//   heartbeat/worker B ────────────────────┘
//
// Each step waits for a line of output; the queue's own deadline (3 × 1 s) is the only clock.
import { checkPortFree, example, killAll, outputs } from './processes'

beforeEach(() => checkPortFree(5564))
afterEach(killAll)

describe('heartbeat example (Paranoid Pirate) with a worker that dies', () => {
  it('should re-queue the dead worker’s task and get all 20 tasks done once each', async () => {
    const queue = example('heartbeat/queue')
    await queue.waitFor(/^Queue: 20 tasks/m)
    const crashing = example('heartbeat/worker', '--crash-after', '2')
    const steady = example('heartbeat/worker')
    try {
      await crashing.waitFor(/^W: crashing with task (\d+)/m, { timeout: 30000 })
      const [requeued] = await queue.waitFor(/is dead: task \d+ re-queued/, { timeout: 30000 })
      await queue.waitFor(/^All tasks done$/m, { timeout: 30000 })
      const done = [...queue.stdout.matchAll(/^done task (\d+) by/gm)].map((m) => Number(m[1]))
      expect(done.length).toBe(20)
      expect(new Set(done).size).toBe(20)
      expect([...done].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, n) => n))
      // the task the crashed worker held is among those done by the other one
      const task = Number(/task (\d+) re-queued/.exec(requeued)![1])
      expect(done).toContain(task)
      expect((await crashing.exited).code).toBe(1)
    } catch (error) {
      throw new Error(`${String(error)}\n${outputs(queue, crashing, steady)}`, { cause: error })
    }
  }, 60000)
})
