// Fuzzed endpoints and options for every socket type, in a child process of its own
// (test/fuzz/drivers/socketInputs.ts): each input works or gives a typed ZmqError, no
// exception goes uncaught, no rejection unhandled, no socket is left open, and the process
// exits on its own with code 0 (a bad option reaching a zeromq.js constructor would segfault
// at exit instead). Seeded: a failure names its seed and counterexample.
import { join } from 'node:path'
import { killAll, ROOT, start, TSX } from '../examples/processes'

const SEEDS = [20240611, 7]
const RUNS_PER_SOCKET_TYPE = 300

describe('fuzzed endpoints and options, every socket type', () => {
  afterEach(killAll)

  it.each(SEEDS)(
    'should answer every input with success or a typed ZmqError, and exit cleanly (seed %i)',
    async (seed) => {
      const driver = start(`socket-input fuzz (seed ${seed})`, process.execPath, [
        '--import',
        TSX,
        join(ROOT, 'test', 'fuzz', 'drivers', 'socketInputs.ts'),
        String(seed),
        String(RUNS_PER_SOCKET_TYPE),
      ])
      const exit = await driver.waitForExit(40000)
      const summary = driver.stdout.split('\n').find((line) => line.startsWith('{"inputs"'))
      expect({ exit, stderr: driver.stderr.replace(/^.*Warning.*\n?/gm, '') }).toEqual({
        exit: { code: 0, signal: null },
        stderr: expect.not.stringMatching(/ZmqError|uncaught|unhandled|still open|failed/i),
      })
      expect(summary).toBeDefined()
      const stats = JSON.parse(summary!) as {
        inputs: number
        worked: number
        typedErrors: number
        open: number
        ms: number
        codes: Record<string, number>
      }
      console.log(
        `socket-input fuzz seed ${seed}: ${stats.inputs} inputs, ${stats.worked} worked, ` +
          `${stats.typedErrors} typed errors ${JSON.stringify(stats.codes)}, ${stats.ms} ms`,
      )
      expect(stats.inputs).toBeGreaterThan(18 * RUNS_PER_SOCKET_TYPE)
      expect(stats.worked + stats.typedErrors).toBe(stats.inputs)
      // Both outcomes were exercised: the generators reach valid and invalid inputs.
      expect(stats.worked).toBeGreaterThan(0)
      expect(stats.typedErrors).toBeGreaterThan(0)
      expect(stats.open).toBe(0)
    },
    60000,
  )
})
