import { readFileSync } from 'node:fs'
import { BurstPublisher } from './burstPublisher'
import { attachToPage, summarizeProfile, type CpuProfile } from './cdp'
import { launchPlainChromium, type PlainChromium } from './chromium'
import { PageControl } from './pageControl'
import { cpuBetween, threadTimes, type CpuSpent } from './processCpu'

/** One handler's run of one burst. */
export interface BurstRun {
  readonly handler: string
  readonly round: number
  /** The run's topic: the first frame of each message starts with it (see burstMessage). */
  readonly topic: string
  /** Messages in the burst, and how many arrived. */
  readonly messages: number
  readonly received: number
  /** Seconds from the gate's answer to the last message (page clock). */
  readonly seconds: number
  /** Messages per second over those seconds. */
  readonly rate: number
  /** Seconds the publisher took to queue the burst (the page was blocked meanwhile). */
  readonly fillSeconds: number
  /** The page's `document.visibilityState` (a hidden page's timers are throttled). */
  readonly visibility: string
  /** CPU seconds while the page took the burst: Chromium by process and thread, the publisher. */
  readonly cpu: CpuSpent
  /**
   * Messages per CPU second of the renderer's main thread, where the page's JavaScript runs
   * (Blink's event dispatch included); its other threads and the network service do the same
   * work whatever the handler.
   */
  readonly perMainThreadCpuSecond: number
  /** Each message's frames as latin1 text, when asked for. */
  readonly record?: string[][]
}

export interface BurstOptions {
  /** Handler names (pages/handlers/<name>.js); the first is the baseline. */
  readonly handlers: readonly string[]
  readonly messages: number
  readonly frames?: 1 | 2
  readonly body?: number
  /** Keep every message's frames (for checks; costs time, not for measurements). */
  readonly record?: boolean
}

/** What burst.run in the page takes (pages/burst.js). */
export interface PageRunArgs {
  handler: string
  url: string
  topic: string
  messages: number
  gate: string
  record: boolean
  timeout?: number
}

/** What burst.run in the page resolves with. */
export interface PageRun {
  received: number
  before: number
  seconds: number
  blockedMs: number
  visibility: string
  record?: string[][]
}

/**
 * The burst page (pages/burst.html) in a Chromium no DevTools client drives (see
 * `launchPlainChromium`), taking its tasks from a {@link PageControl}, and the publisher.
 */
export interface BurstBench {
  readonly chromium: PlainChromium
  readonly control: PageControl
  readonly publisher: BurstPublisher
  /** Runs one burst in the page. */
  run(args: PageRunArgs): Promise<PageRun>
  /** What the page and Chromium logged, for failure messages. */
  log(): string
  close(): Promise<void>
}

/**
 * Starts the publisher, the page control and Chromium on `<pages>/burst.html`, and loads the
 * handlers in the page. `devtools`: open Chromium's DevTools port (for a profiler).
 */
export async function startBurstBench(
  pagesOrigin: string,
  handlers: readonly string[],
  options: { devtools?: boolean } = {},
): Promise<BurstBench> {
  const [control, publisher] = await Promise.all([PageControl.start(), BurstPublisher.start()])
  let chromium: PlainChromium | undefined
  try {
    const url = `${pagesOrigin}/burst.html?control=${encodeURIComponent(control.origin)}`
    chromium = await launchPlainChromium(url, options)
    const browser = chromium
    const log = (): string => [...control.logs, browser.output()].join('\n')
    await control.call({ type: 'ping' }, 60000).catch((error: Error) => {
      throw new Error(`${error.message}\n${log()}`)
    })
    for (const handler of handlers) await control.call({ type: 'load', handler }, 60000)
    return {
      chromium: browser,
      control,
      publisher,
      run: (args) => control.call<PageRun>({ type: 'run', ...args }),
      log,
      close: async () => {
        await browser.close()
        await Promise.all([control.close(), publisher.close()])
      },
    }
  } catch (error) {
    await chromium?.close()
    await Promise.all([control.close(), publisher.close()])
    throw error
  }
}

let topics = 0

/**
 * One burst run of one handler: a fresh XPUB (its own topic), the page subscribes and blocks
 * at the gate, the publisher queues the burst, then CPU times are read and the gate opens; the
 * page takes the backlog, CPU times are read again.
 */
export async function runBurst(
  bench: BurstBench,
  handler: string,
  round: number,
  options: Omit<BurstOptions, 'handlers'>,
): Promise<BurstRun> {
  const topic = `b${++topics} `
  const burst = await bench.publisher.burst({ ...options, topic })
  const chromium = { profile: bench.chromium.profile }
  const publisher = { pid: process.pid, name: 'publisher' }
  try {
    const running = bench.run({
      handler,
      url: burst.endpoint,
      topic,
      messages: options.messages,
      gate: burst.gate,
      record: options.record === true,
    })
    // The page fails before the gate (a handler that cannot connect): report that, not a hang.
    const [fillSeconds] = await Promise.race([
      Promise.all([burst.filled, burst.atGate]),
      running.then((result) => {
        throw new Error(`${handler}: the run ended before the gate: ${JSON.stringify(result)}`)
      }),
    ])
    const before = [...threadTimes(chromium), ...threadTimes(publisher)]
    burst.release()
    const result = await running
    const cpu = cpuBetween(before, [...threadTimes(chromium), ...threadTimes(publisher)])
    const taken = result.received - result.before
    return {
      handler,
      round,
      topic,
      messages: options.messages,
      received: result.received,
      seconds: result.seconds,
      rate: taken / result.seconds,
      fillSeconds,
      visibility: result.visibility,
      cpu,
      perMainThreadCpuSecond: taken / (cpu.byThread['renderer/main'] ?? NaN),
      ...(result.record === undefined ? {} : { record: result.record }),
    }
  } finally {
    burst.close()
  }
}

/** A median with the extremes: what a set of rounds says. */
export interface Spread {
  readonly median: number
  readonly min: number
  readonly max: number
  readonly values: readonly number[]
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, values }
}

/** Rounds of bursts, each handler once per round, the order alternating from round to round. */
export interface Throughput {
  readonly handlers: readonly string[]
  readonly messages: number
  readonly frames: 1 | 2
  /** runs[round][i]: handler i's run in that round (in handler order, whatever ran first). */
  readonly runs: BurstRun[][]
  /** Per handler: messages/s over the rounds. */
  readonly rates: Record<string, Spread>
  /** Per handler after the first: its rate over the first's, round by round (the same round). */
  readonly ratios: Record<string, Spread>
  /** The same with messages per CPU second of the renderer's main thread. */
  readonly cpuRatios: Record<string, Spread>
}

/**
 * Measures the handlers in turns: a warm-up run each (not counted), then `rounds` rounds in
 * which each handler takes one burst, the order alternating so that neither always goes first.
 */
export async function measureThroughput(
  bench: BurstBench,
  options: BurstOptions & { rounds: number; warmup?: number; log?: (line: string) => void },
): Promise<Throughput> {
  const { handlers, rounds, log = () => undefined } = options
  const burstOptions = { messages: options.messages, frames: options.frames, body: options.body }
  for (const handler of handlers) {
    await runBurst(bench, handler, -1, {
      ...burstOptions,
      messages: options.warmup ?? Math.min(options.messages, 20000),
    })
  }
  const runs: BurstRun[][] = []
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [...handlers] : [...handlers].reverse()
    const byName = new Map<string, BurstRun>()
    for (const handler of order) {
      const run = await runBurst(bench, handler, round, burstOptions)
      byName.set(handler, run)
      log(
        `round ${round + 1}/${rounds} ${handler.padEnd(6)} ${Math.round(run.rate)} msg/s ` +
          `(${run.received}/${run.messages} in ${run.seconds.toFixed(2)} s; CPU: renderer ` +
          `${(run.cpu.byProcess['renderer'] ?? 0).toFixed(2)} s, its main thread ` +
          `${(run.cpu.byThread['renderer/main'] ?? 0).toFixed(2)} s, network ` +
          `${(run.cpu.byProcess['network'] ?? 0).toFixed(2)} s, publisher ` +
          `${(run.cpu.byProcess['publisher'] ?? 0).toFixed(2)} s)`,
      )
    }
    runs.push(handlers.map((h) => byName.get(h)!))
  }
  const column = (i: number, pick: (run: BurstRun) => number): number[] =>
    runs.map((round) => pick(round[i]!))
  const rates: Record<string, Spread> = {}
  const ratios: Record<string, Spread> = {}
  const cpuRatios: Record<string, Spread> = {}
  handlers.forEach((handler, i) => {
    rates[handler] = spread(column(i, (r) => r.rate))
    if (i === 0) return
    ratios[handler] = spread(runs.map((round) => round[i]!.rate / round[0]!.rate))
    cpuRatios[handler] = spread(
      runs.map((round) => round[i]!.perMainThreadCpuSecond / round[0]!.perMainThreadCpuSecond),
    )
  })
  return {
    handlers,
    messages: options.messages,
    frames: options.frames ?? 1,
    runs,
    rates,
    ratios,
    cpuRatios,
  }
}

/**
 * Where a line of an esbuild bundle comes from: the module named by the last `// <path>`
 * comment esbuild put before it (`dist/web/core/SocketCore.js`, `node_modules/rxjs/...`).
 */
export function bundleModules(file: string): (line: number) => string {
  const starts: [number, string][] = []
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, line) => {
      const module = /^\/\/ ((?:dist|node_modules|src|test)\/\S+)$/.exec(text)?.[1]
      if (module !== undefined) starts.push([line, module])
    })
  return (line) => {
    let name = '(bundle)'
    for (const [start, module] of starts) {
      if (start > line) break
      name = module
    }
    return name.replace(/^dist\/web\//, '').replace(/^node_modules\/rxjs\/.*/, 'rxjs')
  }
}

export interface ProfiledRun {
  readonly run: BurstRun
  /** Main-thread self time (ms) by place, after the gate (see summarizeProfile). */
  readonly byPlace: Record<string, number>
  readonly topFunctions: [string, number][]
  readonly totalMs: number
}

/**
 * One burst run under V8's sampling profiler (100 µs), attached through the DevTools port for
 * that run only (the bench must be started with `devtools: true`). `where` names a script's
 * place from its URL and line (the page's scripts by file, a bundle by module).
 */
export async function profileRun(
  bench: BurstBench,
  handler: string,
  options: Omit<BurstOptions, 'handlers'>,
  where: (url: string, line: number) => string,
): Promise<ProfiledRun> {
  const port = bench.chromium.devtoolsPort
  if (port === undefined) throw new Error('profileRun: start the bench with devtools: true')
  const cdp = await attachToPage(port, '/burst.html')
  try {
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 })
    await cdp.send('Profiler.start')
    const run = await runBurst(bench, handler, 0, options)
    const { profile } = await cdp.send<{ profile: CpuProfile }>('Profiler.stop')
    // The wait at the gate is a blocked thread, not work: left out.
    const summary = summarizeProfile(profile, where, (name) => name === 'waitAtGate')
    return { run, ...summary }
  } finally {
    cdp.close()
  }
}
