// The last-value-cache example with real processes: a publisher of 10 symbols through
// lastValueCache(), and subscribers that print the first 3 prices of SYM3 and exit.
//
//   last-value-cache/subscriber SYM3 ──SUB→XPUB── last-value-cache/publisher (tcp *:5563)
//
// The first subscriber's prices prove SYM3 was published, so it is in the cache when the
// second one joins: that one starts with the cached price (the timing is not asserted).
import { checkPortFree, example, killAll, outputs, type Proc } from './processes'

beforeEach(() => checkPortFree(5563))
afterEach(killAll)

const PRICE = /^SYM3 (\d+\.\d\d) \(after (\d+) ms\)$/

function prices(subscriber: Proc): { price: number; after: number }[] {
  return subscriber.stdout
    .trim()
    .split('\n')
    .map((line) => {
      const m = PRICE.exec(line)
      if (m === null) throw new Error(`not a price line: ${JSON.stringify(line)}`)
      return { price: Number(m[1]), after: Number(m[2]) }
    })
}

describe('last-value-cache example', () => {
  it('should give a late subscriber 3 prices of its symbol, and exit 0', async () => {
    const publisher = example('last-value-cache/publisher')
    let first: Proc | undefined
    let late: Proc | undefined
    try {
      await publisher.waitFor(/^Publishing prices of SYM0\.\.SYM9/m)
      first = example('last-value-cache/subscriber', 'SYM3')
      expect((await first.waitForExit(30000)).code).toBe(0)
      late = example('last-value-cache/subscriber', 'SYM3')
      expect((await late.waitForExit(30000)).code).toBe(0)
      for (const subscriber of [first, late]) {
        const got = prices(subscriber)
        expect(got).toHaveLength(3)
        for (const { price } of got) {
          expect(price).toBeGreaterThanOrEqual(100)
          expect(price).toBeLessThanOrEqual(110)
        }
        expect(subscriber.stderr).toBe('')
      }
      expect(publisher.running).toBe(true)
    } catch (error) {
      throw new Error(
        `${String(error)}\n${outputs(...[publisher, first, late].filter((p) => p !== undefined))}`,
        {
          cause: error,
        },
      )
    }
  }, 60000)
})
