// rxzmq's benchmarks: `npm run bench` (full, < 5 min) or `npm run bench -- --quick` (< 90 s).
// Every case runs rxzmq and raw zeromq.js in this same run, back to back, the order
// alternating from round to round; a ratio is the median of the per-round pair ratios, next
// to the same for the main thread's CPU time per message (bench/lib/cpu.ts), with the spread.
// Options: --quick, --only=1,3,7 (case numbers), --rounds=N.
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { WorkerProcess } from './lib/child'
import { buildC, findPython } from './lib/external'
import { markdownTable, textTable } from './lib/report'
import { Results } from './lib/results'
import { svgChart } from './lib/svg'
import type { Context } from './cases/context'
import { runThroughput } from './cases/throughput'
import { runPaths } from './cases/paths'
import { runPubSub } from './cases/pubsub'
import { runReqRep } from './cases/reqrep'
import { runOperators } from './cases/operators'
import { runMemory } from './cases/memory'
import { runBatching } from './cases/batching'
import { runZmtp } from './cases/zmtp'
import { runWeb } from './cases/web'
import { runIdiomatic } from './cases/idiomatic'
import { cpuSource } from './lib/cpu'
import { librarySource, versions } from './lib/rxzmq'

const CASES: [number, string, (ctx: Context) => Promise<void>][] = [
  [1, 'throughput push → pull', runThroughput],
  [2, 'receive path and send path alone', runPaths],
  [3, 'pub/sub fan-out', runPubSub],
  [4, 'request/reply round trips', runReqRep],
  [5, 'operators without I/O', runOperators],
  [6, 'memory under a stalled or slow peer', runMemory],
  [7, 'batching', runBatching],
  [8, 'zmtp transport, socket level', runZmtp],
  [9, 'rxzmq/web: bundle size, and a SUB in Chromium', runWeb],
  [10, 'the idiomatic paths: sendTo, subscribe(push), text() + map', runIdiomatic],
]

function option(name: string): string | undefined {
  const arg = process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`))
  if (arg === undefined) return undefined
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : ''
}

async function main(): Promise<void> {
  const started = Date.now()
  const loadBefore = loadavg()[0]!
  const quick = option('quick') !== undefined
  const only = option('only')?.split(',').map(Number)
  const rounds = Number(option('rounds') ?? (quick ? 8 : 14))
  const results = new Results()
  const skipped: string[] = []
  const log = (line: string): void => console.log(`  ${line}`)

  const c = buildC()
  if (c.reason !== undefined) skipped.push(`libzmq C baseline: ${c.reason}`)
  const py = findPython()
  if (py.reason !== undefined) skipped.push(`pyzmq baseline: ${py.reason}`)

  const worker = new WorkerProcess()
  await worker.up
  const ctx: Context = {
    quick,
    rounds,
    foreignRounds: quick ? 1 : 3,
    results,
    worker,
    cBinary: c.binary,
    python: py.python,
    skipped,
    log,
  }
  console.log(
    `rxzmq benchmarks (${quick ? 'quick' : 'full'}, ${rounds} rounds, ${cpus().length} cores, node ${process.versions.node}, CPU: ${cpuSource}; rxzmq: ${librarySource})`,
  )
  try {
    for (const [number, title, run] of CASES) {
      if (only !== undefined && !only.includes(number)) continue
      const t0 = Date.now()
      console.log(`case ${number}: ${title}`)
      try {
        await run(ctx)
      } catch (error) {
        skipped.push(
          `case ${number} failed: ${error instanceof Error ? error.message : String(error)}`,
        )
        console.error(error)
      }
      console.log(`  (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
    }
  } finally {
    await worker.close()
  }

  results.computeRatios()
  const seconds = (Date.now() - started) / 1000
  // The machine's load average (1 min) at start and end: with other work on the cores, wall
  // clock ratios spread widely and only the CPU ratios can be read.
  const load = [loadBefore, loadavg()[0]!]
  console.log()
  console.log(textTable(results))
  for (const line of skipped) console.log(`skipped: ${line}`)
  const goal = results.records.filter(
    (r) => r.impl === 'rxzmq' && r.ratio !== undefined && r.baseline === undefined,
  )
  const below = (pick: (r: (typeof goal)[number]) => number | undefined): string =>
    `${goal.filter((r) => (pick(r) ?? Infinity) < 0.95).length} of ${goal.filter((r) => pick(r) !== undefined).length}`
  console.log(
    `rows against zeromq.js below 0.95: wall clock ${below((r) => r.ratio)}, main-thread CPU ${below((r) => r.cpuRatio)}`,
  )

  const dir = join(__dirname, 'results')
  mkdirSync(dir, { recursive: true })
  const meta = {
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    rounds,
    cpuSource,
    library: librarySource,
    load,
    seconds,
    cores: cpus().length,
    cpu: cpus()[0]?.model,
    node: process.versions.node,
    versions: versions(),
    skipped,
  }
  writeFileSync(
    join(dir, 'latest.json'),
    `${JSON.stringify({ meta, records: results.records }, null, 2)}\n`,
  )
  writeFileSync(
    join(dir, 'latest.svg'),
    svgChart(
      results,
      `rxzmq benchmarks, ${meta.date.slice(0, 16)} (${meta.mode}, ${cpus().length} cores)`,
    ),
  )
  writeFileSync(join(dir, 'latest.md'), `${markdownTable(results)}\n`)
  console.log(
    `\nwrote bench/results/latest.json, latest.svg, latest.md in ${seconds.toFixed(0)} s (load average ${load.map((l) => l.toFixed(1)).join(' → ')} on ${cpus().length} cores)`,
  )
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
