// Messages per second an rxzmq/web SubscriberSocket receives in Chromium from a native PUB over
// ws://, against a hand-written raw WebSocket SUB in the same page and run (the baseline):
// test/browser/helpers/burst.ts runs each handler on a burst in turns, round after round, the
// order alternating, each run on a fresh native XPUB that queued the burst while the page
// waited; the figure is the median of the per-round ratios. Also the CPU time of the renderer's
// main thread per message (steadier than wall-clock on a busy machine), and with --profile one
// V8 profile per handler: where the main thread's time goes, in microseconds per message.
//
//   npx tsx bench/web/throughput.ts [--rounds=7] [--messages=50000] [--frames=1|2] [--profile]
//
// Needs Debian's Chromium (/usr/bin/chromium) and the build (npm run build).
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import {
  bundleModules,
  measureThroughput,
  profileRun,
  startBurstBench,
  type ProfiledRun,
  type Throughput,
} from '../../test/browser/helpers/burst'
import { chromiumMissing } from '../../test/browser/helpers/chromium'
import { buildRxzmqHandler, WEB_ENTRY } from '../../test/browser/helpers/rxzmqHandler'
import { serveStatic } from '../../test/browser/helpers/staticServer'

const PAGES = join(__dirname, '..', '..', 'test', 'browser', 'pages')
const HANDLERS = ['raw', 'rxzmq'] as const

export interface WebThroughputOptions {
  readonly rounds: number
  readonly messages: number
  readonly frames?: 1 | 2
  /** Also one profiled run per handler. */
  readonly profile?: boolean
  readonly log?: (line: string) => void
}

export interface WebThroughput {
  readonly result: Throughput
  readonly profiles: ProfiledRun[]
}

/** Why the browser measurement cannot run here, or undefined. */
export function webThroughputMissing(): string | undefined {
  return (
    chromiumMissing() ??
    (existsSync(WEB_ENTRY) ? undefined : `${WEB_ENTRY} is missing: run npm run build`)
  )
}

/** Runs the rounds (and the profiles); Chromium and the publisher are stopped at the end. */
export async function webThroughput(options: WebThroughputOptions): Promise<WebThroughput> {
  const bundle = await buildRxzmqHandler()
  const pages = await serveStatic(PAGES)
  try {
    const bench = await startBurstBench(pages.origin, HANDLERS, { devtools: options.profile })
    try {
      const result = await measureThroughput(bench, { ...options, handlers: HANDLERS })
      const profiles: ProfiledRun[] = []
      if (options.profile === true) {
        const modules = bundleModules(bundle)
        const where = (url: string, line: number): string =>
          url.endsWith('/rxzmq.js') ? `rxzmq: ${modules(line)}` : url.replace(/.*\//, '')
        for (const handler of HANDLERS) {
          profiles.push(
            await profileRun(
              bench,
              handler,
              { messages: options.messages, frames: options.frames },
              where,
            ),
          )
        }
      }
      return { result, profiles }
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${bench.log()}`, {
        cause: error,
      })
    } finally {
      await bench.close()
    }
  } finally {
    await pages.close()
  }
}

const k = (rate: number): string => `${(rate / 1000).toFixed(1)} k/s`
const range = (s: { median: number; min: number; max: number }, digits = 3): string =>
  `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`

/** The summary lines: rates, the ratio with its spread, CPU, and the profiles per message. */
export function describeWebThroughput({ result, profiles }: WebThroughput): string[] {
  const lines = [
    `${result.runs.length} rounds of ${result.messages} messages (${result.frames} frame${result.frames === 1 ? '' : 's'}) per run:`,
    `  raw WebSocket SUB: ${k(result.rates['raw']!.median)} (${k(result.rates['raw']!.min)}–${k(result.rates['raw']!.max)})`,
    `  rxzmq/web SUB:     ${k(result.rates['rxzmq']!.median)} (${k(result.rates['rxzmq']!.min)}–${k(result.rates['rxzmq']!.max)})`,
    `  rxzmq/raw messages/s, median of per-round ratios: ${range(result.ratios['rxzmq']!)} (goal >= 0.9)`,
    `  rxzmq/raw messages per CPU second of the renderer's main thread: ${range(result.cpuRatios['rxzmq']!)}`,
  ]
  for (const profile of profiles) {
    const n = profile.run.received
    const places = Object.entries(profile.byPlace)
      .sort((a, b) => b[1] - a[1])
      .filter(([, ms]) => (ms * 1000) / n >= 0.05)
      .map(([place, ms]) => `    ${((ms * 1000) / n).toFixed(2).padStart(6)} µs  ${place}`)
    const functions = profile.topFunctions
      .filter(([name, ms]) => !name.startsWith('(') && (ms * 1000) / n >= 0.05)
      .slice(0, 12)
      .map(([name, ms]) => `    ${((ms * 1000) / n).toFixed(2).padStart(6)} µs  ${name}`)
    lines.push(
      `  profile, ${profile.run.handler}: ${k(profile.run.rate)}, main thread per message (µs):`,
      ...places,
      `  the same by function (self time):`,
      ...functions,
    )
  }
  return lines
}

function option(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`))
  return arg === undefined ? fallback : Number(arg.slice(name.length + 3))
}

if (require.main === module) {
  const missing = webThroughputMissing()
  if (missing !== undefined) {
    console.log(`skipped: ${missing}`)
    process.exit(0)
  }
  webThroughput({
    rounds: option('rounds', 7),
    messages: option('messages', 50000),
    frames: option('frames', 1) === 2 ? 2 : 1,
    profile: process.argv.includes('--profile'),
    log: (line) => console.log(line),
  }).then(
    (measured) => {
      for (const line of describeWebThroughput(measured)) console.log(line)
      process.exit(0)
    },
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
}
