import { spawn } from 'node:child_process'
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
  /** The profile directory (`--user-data-dir`): it names this Chromium's processes. */
  readonly profile: string
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
    profile,
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

/** A Chromium that no DevTools client drives: started on one URL, stopped by `close()`. */
export interface PlainChromium {
  /** The profile directory (`--user-data-dir`): it names this Chromium's processes. */
  readonly profile: string
  /** The DevTools port, when launched with `devtools: true` (nothing attaches by itself). */
  readonly devtoolsPort: number | undefined
  /** What Chromium printed (its console messages with `--enable-logging=stderr`). */
  output(): string
  close(): Promise<void>
}

/**
 * Launches Chromium on `url` as a plain child process, headless, with a fresh profile and no
 * DevTools client: what a measurement needs (a page driven through the DevTools protocol is
 * instrumented: Chromium reports each WebSocket frame to the client). The page is driven some
 * other way (test/browser/helpers/pageControl.ts). With `devtools`, the DevTools port is open
 * for a client that attaches to the page on purpose (a profiler).
 */
export async function launchPlainChromium(
  url: string,
  options: { devtools?: boolean } = {},
): Promise<PlainChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'rxzmq-chromium-'))
  const args = [
    ...CHROMIUM_ARGS,
    `--user-data-dir=${profile}`,
    '--enable-logging=stderr',
    '--v=0',
    ...(options.devtools === true ? ['--remote-debugging-port=0'] : []),
    url,
  ]
  const child = spawn(CHROMIUM, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let output = ''
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()))
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
    rmSync(profile, { recursive: true, force: true })
  }
  let devtoolsPort: number | undefined
  if (options.devtools === true) {
    // Chromium prints "DevTools listening on ws://127.0.0.1:<port>/devtools/browser/<id>".
    const pattern = /DevTools listening on ws:\/\/[^:]+:(\d+)\//
    devtoolsPort = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error('no DevTools port within 30 s')), 30000)
      const look = (): void => {
        const port = pattern.exec(output)?.[1]
        if (port !== undefined) done(undefined, Number(port))
      }
      const ended = (): void => done(new Error('Chromium exited'))
      const done = (error?: Error, port?: number): void => {
        clearTimeout(timer)
        child.stderr.off('data', look)
        child.off('close', ended)
        if (port !== undefined) resolve(port)
        else
          reject(
            new Error(`Chromium did not open its DevTools port (${error?.message}):\n${output}`),
          )
      }
      child.stderr.on('data', look)
      child.once('close', ended)
      look()
    }).catch(async (error: unknown) => {
      await close()
      throw error
    })
  }
  return { profile, devtoolsPort, output: () => output, close }
}
