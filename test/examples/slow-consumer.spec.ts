// The slow-consumer example with real processes: the publisher sends 100,000 updates as fast
// as it can; the subscriber handles one per millisecond through consume(), falls behind,
// drops the oldest beyond 1,000 waiting, catches up after "END" and says how many it handled.
//
//   slow-consumer/subscriber ──SUB→XPUB── slow-consumer/publisher (tcp *:5566)
import { checkPortFree, example, killAll, outputs } from './processes'

beforeEach(() => checkPortFree(5566))
afterEach(killAll)

describe('slow-consumer example', () => {
  it('should keep the publisher going and the subscriber bounded, both exiting 0', async () => {
    const subscriber = example('slow-consumer/subscriber')
    const publisher = example('slow-consumer/publisher')
    try {
      await publisher.waitFor(/^Waiting for a subscriber\.\.\.$/m)
      expect((await publisher.waitForExit(60000)).code).toBe(0)
      expect(publisher.stdout).toMatch(/^Published 100000 updates; rss \d+ MiB$/m)
      expect((await subscriber.waitForExit(30000)).code).toBe(0)
      const lines = subscriber.stdout.trim().split('\n')
      // slow-consumer once it falls behind, caught-up once it has handled what waited
      expect(lines).toEqual([
        expect.stringMatching(/^slow-consumer: 500 waiting, \d+ dropped so far$/),
        expect.stringMatching(/^caught-up: 0 waiting, \d+ dropped so far$/),
        expect.stringMatching(/^Handled \d+ updates$/),
      ])
      const handled = Number(/^Handled (\d+) updates$/m.exec(subscriber.stdout)![1])
      expect(handled).toBeGreaterThan(0)
      expect(handled).toBeLessThan(100000)
      expect(subscriber.stderr).toBe('')
    } catch (error) {
      throw new Error(`${String(error)}\n${outputs(subscriber, publisher)}`, { cause: error })
    }
  }, 120000)
})
