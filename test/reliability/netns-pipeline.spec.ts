// The lossless pipeline across machines, simulated by network namespaces:
//
//   10.77.0.1 ventilator ─┐            ┌─ 10.77.0.3 w1 ✝ (SIGKILL mid-run)
//   10.77.0.2 sink ───────┼── bridge ──┼─ 10.77.0.4 w2
//                         │ (own netns)└─ 10.77.0.5 w3
//
// Each process runs in its own namespace (`ip netns exec`), binds or connects on the
// simulated LAN only, and nothing assumes loopback. The namespaces are created here and
// deleted after, pass or fail. Without root or iproute2 the suite is skipped, saying why.
import { killAll } from '../examples/processes'
import { netnsUnavailable, SimulatedLan } from './netns'
import { runLosslessPipeline } from './pipeline'

const TASKS = 10_000
const unavailable = netnsUnavailable()
if (unavailable !== undefined) {
  console.log(`skipping the network-namespace pipeline test: ${unavailable}`)
}
const describeIfNetns = unavailable === undefined ? describe : describe.skip

describeIfNetns(
  'a pipeline that loses nothing, across simulated hosts (network namespaces)',
  () => {
    let lan: SimulatedLan | undefined

    afterEach(async () => {
      await killAll()
      lan?.destroy()
      expect(lan?.leftovers() ?? []).toEqual([])
      lan = undefined
    })

    it('should deliver each of 10,000 tasks exactly once with a worker host SIGKILLed mid-run', async () => {
      lan = new SimulatedLan(5)
      const [ventilator, sink, ...workers] = lan.hosts
      const outcome = await runLosslessPipeline({
        ventilator,
        sink,
        workers,
        tasks: TASKS,
        killAfter: 600,
      })
      console.log(
        `lossless pipeline (5 namespaces): ${outcome.ids.length} of ${TASKS} tasks delivered once; ` +
          `w1 killed after ${outcome.victimDone} done with ${outcome.requeuedFromVictim} in hand; ` +
          `${outcome.redispatched} re-dispatched, ${outcome.duplicates} duplicates dropped, ${outcome.ms} ms`,
      )
      // Each process really was on its own host address.
      const [v, s] = outcome.procs
      expect(v.stdout).toMatch(/ventilator: bound tcp:\/\/10\.77\.0\.1:\d+/)
      expect(s.stdout).toMatch(/sink: bound tcp:\/\/10\.77\.0\.2:\d+/)
      expect(outcome.ids).toHaveLength(TASKS)
      expect(new Set(outcome.ids).size).toBe(TASKS)
      expect([...outcome.ids].map(Number).sort((a, b) => a - b)).toEqual(
        Array.from({ length: TASKS }, (_, i) => i),
      )
      // at least w1; a survivor starved of CPU past the timeout may be (rightly) declared lost too
      expect(outcome.lostWorkers).toBeGreaterThanOrEqual(1)
      expect(outcome.requeuedFromVictim).toBeGreaterThan(0)
    }, 60000)
  },
)
