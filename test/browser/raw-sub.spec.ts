// The hand-written ZWS 2.0 SUB page (test/browser/pages/raw-sub.html) in Debian's Chromium,
// against a native PUB bound on ws:// (the rxzmq weather server): it must receive messages,
// and it reports the messages per second the page handles, the baseline an rxzmq/web SUB is
// compared with in the same page.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { killAll } from '../examples/processes'
import { describeWithChromium, launchChromium, pageLog, type Chromium } from './helpers/chromium'
import { startWeatherServer, type Publisher } from './helpers/publisher'
import { serveStatic, type StaticServer } from './helpers/staticServer'

const PAGES = join(__dirname, 'pages')
const OUTPUT = join(__dirname, '..', '..', 'test-output')

/** The page's hand-written SUB (window.zwsRaw). */
interface RawHandler {
  start(
    url: string,
    topics: string[],
    onMessage: (frames: Uint8Array[]) => void,
  ): { opened: Promise<void>; stop(): void }
}

interface HandlerResult {
  rates: number[]
  median: number
  messages: number
}

describeWithChromium('raw ZWS 2.0 SUB page in Chromium', () => {
  let browser: Chromium | undefined
  let pages: StaticServer | undefined
  let server: Publisher

  beforeAll(async () => {
    ;[browser, pages, server] = await Promise.all([
      launchChromium(),
      serveStatic(PAGES),
      startWeatherServer(),
    ])
  }, 90000)

  afterAll(async () => {
    await killAll()
    await browser?.close()
    await pages?.close()
  })

  it('receives the weather feed from a native PUB over ws:// and measures messages/s', async () => {
    const page = await browser!.newPage()
    const log = pageLog(page)
    const query = new URLSearchParams({ server: server.endpoint, ms: '2000', rounds: '3' })
    await page.goto(`${pages!.origin}/raw-sub.html?${query.toString()}`)
    await page.waitForSelector('body[data-state="done"], body[data-state="failed"]', {
      timeout: 60000,
    })
    const state = await page.getAttribute('body', 'data-state')
    const detail = await page.textContent('#detail')
    expect({ state, detail, log: log() }).toMatchObject({ state: 'done' })

    const results = (await page.evaluate('window.benchResults')) as Record<string, HandlerResult>
    const raw = results['raw']!
    mkdirSync(OUTPUT, { recursive: true })
    writeFileSync(
      join(OUTPUT, 'raw-sub-throughput.json'),
      JSON.stringify({ publisher: 'examples/weather/server.ts', ...results }, null, 2) + '\n',
    )
    await page.screenshot({ path: join(OUTPUT, 'raw-sub.png'), fullPage: true })

    // Messages arrived. How many a second is a measurement, not a pass mark: it is what this
    // machine gives at the time (other work on its two cores counts), printed and saved.
    expect(raw.rates).toHaveLength(3)
    expect(raw.messages).toBeGreaterThanOrEqual(100)
    console.log(
      `raw ZWS 2.0 SUB in Chromium: median ${Math.round(raw.median)} messages/s ` +
        `(rounds: ${raw.rates.map(Math.round).join(', ')})`,
    )
  }, 90000)

  it('subscribes by prefix: only the messages of the topic arrive', async () => {
    const page = await browser!.newPage()
    const log = pageLog(page)
    // The page's raw handler, driven from the test: subscribe to "12", keep what arrives.
    await page.goto(`${pages!.origin}/raw-sub.html`) // no ?server=: nothing runs by itself
    await page.waitForFunction(() => 'zwsRaw' in globalThis)
    const lines = await page.evaluate(async (url) => {
      const { zwsRaw: raw } = globalThis as unknown as { zwsRaw: RawHandler }
      const received: string[] = []
      const decoder = new TextDecoder()
      await new Promise<void>((resolve, reject) => {
        const connection = raw.start(url, ['12'], (frames) => {
          received.push(decoder.decode(frames[0]))
          if (received.length === 20) {
            connection.stop()
            resolve()
          }
        })
        connection.opened.catch(reject)
      })
      return received
    }, server.endpoint)
    expect({ lines, log: log() }).toMatchObject({ lines: expect.any(Array) })
    expect(lines).toHaveLength(20)
    for (const line of lines) expect(line).toMatch(/^12\d{0,3} -?\d+ \d+$/)
  }, 60000)
})
