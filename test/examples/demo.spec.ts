// The demo (examples/demo.ts) through the rxzmq command, as `npx rxzmq demo` runs it: the
// seed's three patterns on 127.0.0.1 with ports the system picks, so this file can run
// alongside the seed-port tests.
import { join } from 'node:path'
import { killAll, ROOT, start } from './processes'

afterEach(killAll)

describe('demo', () => {
  it('should run the three patterns end to end, print what crossed and exit 0', async () => {
    const demo = start('rxzmq demo', process.execPath, [join(ROOT, 'bin', 'rxzmq.js'), 'demo'])

    const exit = await demo.waitForExit(60000)
    expect({ exit, out: demo.describe() }).toMatchObject({ exit: { code: 0 } })
    const out = demo.stdout

    // request-reply: ten "Hello" and their "World"
    for (let n = 0; n < 10; n++) {
      expect(out).toMatch(new RegExp(`^   request ${n}: "Hello" -> reply "World" in \\d+ ms$`, 'm'))
    }
    expect(out).toMatch(/^ {3}ok hello world: 10 requests, 10 replies "World" in [\d.]+ s/m)

    // publish-subscribe: five updates for 10001 and their running average
    const updates = [
      ...out.matchAll(
        /^ {3}update (\d): "10001 (-?\d+) (\d+)" -> average temperature (-?[\d.]+) F$/gm,
      ),
    ]
    expect(updates.map((m) => Number(m[1]))).toEqual([1, 2, 3, 4, 5])
    let total = 0
    updates.forEach((m, i) => {
      total += Number(m[2])
      expect(Number(m[4])).toBeCloseTo(total / (i + 1), 9)
    })
    expect(out).toMatch(
      /^ {3}ok weather: 5 updates for zip 10001 \(average -?[\d.]+ F\) among [\d,]+ published/m,
    )

    // pipeline: 100 tasks over 3 workers, the sink's time against the expected total
    expect(out).toMatch(/^ {3}3 workers connected/m)
    expect(out).toMatch(/^ {3}sent 100 tasks, total expected cost \d+ ms$/m)
    expect(out).toMatch(new RegExp(`^   sink ${':\\.{9}'.repeat(10)}$`, 'm'))
    const perWorker = /^ {3}tasks per worker: (\d+), (\d+), (\d+)$/m.exec(out)
    expect(perWorker).not.toBeNull()
    expect(perWorker!.slice(1).reduce((a, b) => a + Number(b), 0)).toBe(100)
    expect(out).toMatch(
      /^ {3}ok pipeline: sink elapsed \d+ ms vs \d+ ms expected total: [\d.]+x faster with 3 workers/m,
    )

    expect(out).toMatch(/^All three patterns worked in [\d.]+ s\.$/m)
    expect(demo.stderr).toBe('')
  }, 70000)
})
