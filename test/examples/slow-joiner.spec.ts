// The slow-joiner example with real processes: the XPUB publisher waits until 2 subscribers
// have subscribed to 'sync', then publishes 10 updates and "END"; each subscriber gets all 10,
// whether it started before the publisher or after.
//
//   slow-joiner/subscriber ──┐
//                            ├──SUB→XPUB── slow-joiner/publisher --subscribers 2 (tcp *:5562)
//   slow-joiner/subscriber ──┘
import { checkPortFree, example, killAll, outputs } from './processes'

beforeEach(() => checkPortFree(5562))
afterEach(killAll)

const UPDATES = Array.from({ length: 10 }, (_, n) => `Received sync update ${n}`)

describe('slow-joiner example', () => {
  it('should give every subscriber all 10 updates, one started before the publisher and one after', async () => {
    const early = example('slow-joiner/subscriber')
    const publisher = example('slow-joiner/publisher', '--subscribers', '2')
    const procs = [early, publisher]
    try {
      await publisher.waitFor(/^Waiting for 2 subscriber\(s\) to topic 'sync'\.\.\.$/m)
      const late = example('slow-joiner/subscriber')
      procs.push(late)
      expect((await publisher.waitForExit(60000)).code).toBe(0)
      expect(publisher.stdout).toMatch(/^All subscribers are in: publishing$/m)
      for (const subscriber of [early, late]) {
        expect((await subscriber.waitForExit(30000)).code).toBe(0)
        expect(subscriber.stdout.trim().split('\n')).toEqual([...UPDATES, 'Received 10 updates'])
        expect(subscriber.stderr).toBe('')
      }
    } catch (error) {
      throw new Error(`${String(error)}\n${outputs(...procs)}`, { cause: error })
    }
  }, 90000)
})
