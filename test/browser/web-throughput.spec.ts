// An rxzmq/web SubscriberSocket against the hand-written ZWS 2.0 SUB (pages/handlers/raw.js)
// in the same Chromium page and run, both fed by a native XPUB over ws:// (test/browser/
// helpers/burst.ts: a fresh publisher per run queues a burst while the page waits at a gate,
// then the page takes the backlog). Chromium runs without a DevTools client (one would be told
// of every WebSocket frame); the page takes its tasks over HTTP.
//
// What is asserted holds whatever the machine's load: every message arrives, and rxzmq hands
// the application the same messages, frame for frame, in the same order as the raw handler.
// Messages per second are measurements, not pass marks: `npx tsx bench/web/throughput.ts` (and
// case 8 of `npm run bench`) measures both handlers in turns, against the project's goal.
import { join } from 'node:path'
import { runBurst, startBurstBench, type BurstBench, type BurstRun } from './helpers/burst'
import { burstMessage } from './helpers/burstPublisher'
import { describeWithChromium } from './helpers/chromium'
import { buildRxzmqHandler } from './helpers/rxzmqHandler'
import { serveStatic, type StaticServer } from './helpers/staticServer'

const PAGES = join(__dirname, 'pages')
const HANDLERS = ['raw', 'rxzmq'] as const

describeWithChromium('rxzmq/web SUB and a raw WebSocket SUB in Chromium', () => {
  let pages: StaticServer | undefined
  let bench: BurstBench | undefined

  beforeAll(async () => {
    // The handler bundle first: the page loads it when the bench starts.
    await buildRxzmqHandler()
    pages = await serveStatic(PAGES)
    bench = await startBurstBench(pages.origin, HANDLERS)
  }, 90000)

  afterAll(async () => {
    await bench?.close()
    await pages?.close()
  })

  it('hands over the same multipart messages, in the same order, as the raw handler', async () => {
    const messages = 3000
    const body = 24
    const runs: BurstRun[] = []
    for (const handler of HANDLERS) {
      runs.push(await runBurst(bench!, handler, 0, { messages, frames: 2, body, record: true }))
    }
    const expected = (topic: string): string[][] =>
      Array.from({ length: messages }, (_, seq) => [burstMessage(topic, seq), '*'.repeat(body)])
    for (const run of runs) {
      expect({ handler: run.handler, received: run.received }).toEqual({
        handler: run.handler,
        received: messages,
      })
      // Each run has its own topic (its own publisher): compare what follows it.
      expect(run.record).toEqual(expected(run.topic))
    }
    const strip = (run: BurstRun): string[][] =>
      run.record!.map(([first, ...rest]) => [first!.slice(run.topic.length), ...rest])
    expect(strip(runs[1]!)).toEqual(strip(runs[0]!))
  }, 120000)
})
