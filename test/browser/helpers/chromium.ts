import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'

/** Debian's Chromium (apt-get install chromium); playwright-core downloads no browser. */
export const CHROMIUM = '/usr/bin/chromium'

/** Headless, no sandbox (root in a container), and nothing that talks to the network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const

/** Why the browser tests cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM)
    ? undefined
    : `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium; .ci/run does)`
}

/**
 * `describe` when Chromium is there, else `describe.skip` after printing why, so a skipped
 * browser suite says so in the test output.
 */
export function describeWithChromium(name: string, body: () => void): void {
  const missing = chromiumMissing()
  if (missing === undefined) {
    describe(name, body)
  } else {
    console.warn(`[skipped] ${name}: ${missing}`)
    describe.skip(`${name} (skipped: ${missing})`, body)
  }
}

export interface Chromium {
  readonly context: BrowserContext
  newPage(): Promise<Page>
  close(): Promise<void>
}

/** Launches Chromium with a fresh profile (`--user-data-dir`), removed again by `close()`. */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Chromium> {
  const profile = mkdtempSync(join(tmpdir(), 'rxzmq-chromium-'))
  let context: BrowserContext
  try {
    // launchPersistentContext passes the profile as --user-data-dir (launch() refuses that arg).
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_ARGS, ...extraArgs],
      timeout: 60000,
    })
  } catch (error) {
    rmSync(profile, { recursive: true, force: true })
    throw error
  }
  return {
    context,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/** Collects what a page logs and throws, for failure messages. */
export function pageLog(page: Page): () => string {
  const lines: string[] = []
  page.on('console', (message) => lines.push(`[console.${message.type()}] ${message.text()}`))
  page.on('pageerror', (error) => lines.push(`[pageerror] ${error.message}`))
  page.on('requestfailed', (request) =>
    lines.push(`[requestfailed] ${request.url()} ${request.failure()?.errorText ?? ''}`),
  )
  return () => lines.join('\n')
}
