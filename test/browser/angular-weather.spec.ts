// The Angular example (examples/angular-weather) in Debian's Chromium, on a native publisher
// bound on ws://: the page shows the updates of its zip code, changes the ZeroMQ subscription
// when the zip code changes (the publisher, an XPUB, sees the unsubscribe and the subscribe),
// and reconnects by itself when the server restarts. The app is built once per run (npm ci
// first when its node_modules are missing or stale), served by a static server on 127.0.0.1.
//
// It waits for rxzmq/web, which the app imports: until package.json exports "./web" it is
// skipped, saying so.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { killAll, outputs } from '../examples/processes'
import { buildAngularApp, rxzmqWebMissing } from './helpers/angularApp'
import { chromiumMissing, launchChromium, pageLog, type Chromium } from './helpers/chromium'
import { startWeatherXpub, type Publisher } from './helpers/publisher'
import { serveStatic, type StaticServer } from './helpers/staticServer'

const OUTPUT = join(__dirname, '..', '..', 'test-output')
const NAME = 'Angular weather example in Chromium'

const missing = chromiumMissing() ?? rxzmqWebMissing()
if (missing !== undefined) console.warn(`[skipped] ${NAME}: ${missing}`)
const describeIfReady = missing === undefined ? describe : describe.skip

/** The number the page shows under a data-testid. */
const shown = async (page: Page, testId: string): Promise<string> =>
  ((await page.getByTestId(testId).textContent()) ?? '').trim()

/** Waits until the page has counted at least `n` updates (of the zip code it shows). */
async function waitForCount(page: Page, n: number, timeout = 20000): Promise<number> {
  await page.waitForFunction(
    `Number(document.querySelector('[data-testid=count]')?.textContent) >= ${n}`,
    undefined,
    { timeout },
  )
  return Number(await shown(page, 'count'))
}

/** The update lines the page lists (the latest ten). */
const listed = (page: Page): Promise<string[]> =>
  page.locator('[data-testid=updates] li').allTextContents()

const waitForStatus = (page: Page, status: string, timeout = 20000): Promise<unknown> =>
  page.waitForSelector(`[data-testid=status][data-status="${status}"]`, { timeout })

describeIfReady(`${NAME}${missing === undefined ? '' : ` (skipped: ${missing})`}`, () => {
  let browser: Chromium | undefined
  let site: StaticServer | undefined
  let server: Publisher
  let page: Page
  let log: () => string

  beforeAll(async () => {
    // The build is the slow part (tens of seconds): once, while Chromium starts.
    const [{ dist, log: buildLog }, chromium] = await Promise.all([
      buildAngularApp(),
      launchChromium(),
    ])
    console.log(buildLog.trim())
    browser = chromium
    site = await serveStatic(dist, { fallback: 'index.html' })
    server = await startWeatherXpub()
    page = await browser.newPage()
    log = pageLog(page)
  }, 420000)

  afterAll(async () => {
    await killAll()
    await browser?.close()
    await site?.close()
  })

  /** What to print when a step fails: the page's console and the publisher's output. */
  const context = (): string => `${log()}\n${outputs(server.proc)}`

  it('shows the updates of its zip code and the connection status', async () => {
    await page.goto(`${site!.origin}/?server=${encodeURIComponent(server.endpoint)}`)
    await waitForStatus(page, 'connected')
    await server.proc.waitFor(/^weather-xpub: subscribe '10001 '$/m)
    await waitForCount(page, 5)

    expect(await shown(page, 'shown-zip')).toBe('10001')
    const lines = await listed(page)
    expect({ lines, context: context() }).toMatchObject({ lines: expect.any(Array) })
    expect(lines.length).toBeGreaterThanOrEqual(5)
    for (const line of lines) expect(line).toMatch(/^10001 -?\d+ \d+$/)
    expect(await shown(page, 'average-temperature')).toMatch(/^-?\d+(\.\d)? °F$/)
    expect(await page.locator('[data-testid=chart] polyline').count()).toBe(1)
  }, 60000)

  it('changes the ZeroMQ subscription with the zip code box, and shows only that zip code', async () => {
    await page.getByTestId('zip').fill('10002')
    await page.getByTestId('zip').press('Enter')
    // The publisher sees the page drop 10001 and take 10002.
    await server.proc.waitFor(/^weather-xpub: unsubscribe '10001 '$/m)
    await server.proc.waitFor(/^weather-xpub: subscribe '10002 '$/m)
    await page.waitForFunction(
      `document.querySelector('[data-testid=shown-zip]')?.textContent.trim() === '10002'`,
    )
    await waitForCount(page, 5)
    const lines = await listed(page)
    expect(lines.length).toBeGreaterThanOrEqual(5)
    for (const line of lines) expect(line).toMatch(/^10002 -?\d+ \d+$/)

    // A value that is no zip code changes nothing.
    await page.getByTestId('zip').fill('abc')
    await page.getByTestId('zip').press('Enter')
    await page.getByRole('alert').waitFor()
    expect(await shown(page, 'shown-zip')).toBe('10002')
    await page.getByTestId('zip').fill('10002')
    await page.getByTestId('zip').press('Enter')
    await page.getByRole('alert').waitFor({ state: 'detached' })
  }, 60000)

  it('reconnects by itself when the server restarts', async () => {
    const { port } = server
    const before = Number(await shown(page, 'count'))
    await server.proc.kill()
    await page.waitForSelector('[data-testid=status]:not([data-status="connected"])', {
      timeout: 20000,
    })

    server = await startWeatherXpub(port)
    // The page connects again and sends its subscription again, unasked.
    await server.proc.waitFor(/^weather-xpub: subscribe '10002 '$/m, { timeout: 30000 })
    await waitForStatus(page, 'connected')
    const after = await waitForCount(page, before + 5)
    expect(after).toBeGreaterThanOrEqual(before + 5)
    for (const line of await listed(page)) expect(line).toMatch(/^10002 -?\d+ \d+$/)

    mkdirSync(OUTPUT, { recursive: true })
    await page.screenshot({ path: join(OUTPUT, 'angular-weather.png'), fullPage: true })
    expect(context()).not.toMatch(/\[pageerror\]/)
  }, 90000)
})
