// Instructions per message on the JavaScript main thread, from valgrind's callgrind. Each path
// of bench/profile/probe.ts runs twice, with N and 2N messages (the same warm-up); callgrind
// counts only the timed part (probe.ts calls os.getPriority() before it and os.hostname()
// after: --zero-before / --dump-before on their libuv functions), and the difference of the
// main thread's counts, over N, is the cost of one message, without the fixed costs of the
// timed part (sockets closing, the C peer starting). Instruction counts do not move with the
// machine's load, unlike time. (Kernel time is not counted: syscalls show as their libc
// wrappers only.)
//
//   unshare -n bash -c 'ip link set lo up; npx tsx bench/profile/callgrind.ts send:raw send:send'
//   options: --n=20000 --warm=10000 --top=25 --out=bench/results/callgrind
//            --reuse (annotate the profiles recorded before, when there are)
//            --src=<commit> (profile src/ as of that commit: it is checked out with
//            `git archive` under bench/results/snapshots/, next to this bench/, so that a
//            before/after pair can be profiled while src/ changes)
//
// Prints, per path, instructions per message and the functions whose cost grew the most
// from N to 2N (exclusive cost per message), and writes <out>/<path>.json.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { snapshot } from './snapshot'

function option(name: string, fallback: string): string {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`))
  return arg === undefined ? fallback : arg.slice(name.length + 3)
}

const n = Number(option('n', '20000'))
const warm = option('warm', '10000')
const top = Number(option('top', '25'))
const out = option('out', join(__dirname, '..', 'results', 'callgrind'))
const reuse = process.argv.includes('--reuse')
const paths = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const root = join(__dirname, '..', '..')
const src = option('src', '')
const probe = join(src === '' ? root : snapshot(src), 'bench', 'profile', 'probe.ts')

/** Runs one path under callgrind; returns the main thread's profile file. */
function record(path: string, count: number): string {
  const dir = join(out, 'raw')
  mkdirSync(dir, { recursive: true })
  const base = join(dir, `${path.replace(/:/g, '_')}-${count}`)
  const find = (): string | undefined =>
    readdirSync(dir)
      .map((f) => join(dir, f))
      .find((f) => f.startsWith(`${base}.`) && f.endsWith('.1-01')) // part 1 (the dump), thread 1
  if (reuse) {
    const found = find()
    if (found !== undefined) return found
  }
  for (const f of readdirSync(dir)) {
    if (join(dir, f).startsWith(`${base}.`)) rmSync(join(dir, f))
  }
  const run = spawnSync(
    'valgrind',
    [
      '--tool=callgrind',
      '--smc-check=all-non-file', // V8 writes and rewrites its machine code
      '--separate-threads=yes',
      '--zero-before=uv_os_getpriority',
      '--dump-before=uv_os_gethostname',
      `--callgrind-out-file=${base}.%p`,
      process.execPath,
      '--import',
      'tsx',
      probe,
      path,
      String(count),
      warm,
    ],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  )
  if (run.status !== 0) throw new Error(`${path} ${count}: ${run.stderr.slice(-2000)}`)
  const main = find()
  if (main === undefined) throw new Error(`${path} ${count}: no main-thread profile`)
  return main
}

/** Exclusive instruction counts per function, and the total. */
function annotate(file: string): { total: number; functions: Map<string, number> } {
  const text = spawnSync('callgrind_annotate', ['--threshold=100', '--inclusive=no', file], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  }).stdout
  const functions = new Map<string, number>()
  let total = 0
  for (const line of text.split('\n')) {
    const m = /^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(.*)$/.exec(line)
    if (m === null) continue
    const count = Number(m[1]!.replace(/,/g, ''))
    const name = m[2]!.trim()
    if (name === 'PROGRAM TOTALS') total = count
    else functions.set(name, (functions.get(name) ?? 0) + count)
  }
  return { total, functions }
}

/** A readable function name: `Builtins_PerformPromiseThen [node]`. */
function short(name: string): string {
  const object = /\[([^\]]*)\]$/.exec(name)?.[1]?.split('/').pop() ?? ''
  const fn = name
    .replace(/\s*\[[^\]]*\]$/, '')
    .split(':')
    .slice(1)
    .join(':')
  return `${fn || name} [${object}]`
}

/** Where an instruction ran, coarsely: V8's builtins and runtime, JIT code, the addon, libc. */
function category(name: string): string {
  if (name.includes('addon.node')) return 'zeromq.js addon + libzmq'
  if (/libc\.so|libstdc\+\+/.test(name)) return 'libc / libstdc++ (malloc, syscalls)'
  if (name.includes('Builtins_')) return 'V8 builtins (promises, calls, property access)'
  if (name.includes('/node]')) return 'node / V8 runtime (C++)'
  return 'JIT-compiled JavaScript and other'
}

const report: Record<string, unknown> = {}
for (const path of paths) {
  let a: ReturnType<typeof annotate>
  let b: ReturnType<typeof annotate>
  try {
    a = annotate(record(path, n))
    b = annotate(record(path, 2 * n))
  } catch (error) {
    console.log(
      `\n${path}: failed: ${error instanceof Error ? error.message.slice(-600) : String(error)}`,
    )
    continue
  }
  const perMessage = (b.total - a.total) / n
  const deltas: [string, number][] = []
  for (const [name, count] of b.functions) {
    // The frames that were on the stack when the counters were zeroed (main, uv_run...) come
    // out of callgrind_annotate with inclusive costs: leave them out.
    if (count >= 0.9 * b.total && (a.functions.get(name) ?? 0) >= 0.9 * a.total) continue
    const d = (count - (a.functions.get(name) ?? 0)) / n
    if (Math.abs(d) >= 1) deltas.push([name, d])
  }
  deltas.sort((x, y) => y[1] - x[1])
  const categories = new Map<string, number>()
  for (const [name, d] of deltas) {
    categories.set(category(name), (categories.get(category(name)) ?? 0) + d)
  }
  console.log(`\n${path}: ${perMessage.toFixed(0)} instructions per message (main thread)`)
  for (const [cat, d] of [...categories].sort((x, y) => y[1] - x[1])) {
    console.log(`  ${d.toFixed(0).padStart(7)}  ${cat}`)
  }
  for (const [name, d] of deltas.slice(0, top))
    console.log(`  ${d.toFixed(0).padStart(7)}  ${short(name)}`)
  report[path] = {
    n,
    instructionsPerMessage: perMessage,
    categories: Object.fromEntries(categories),
    functions: deltas.slice(0, 100).map(([name, d]) => ({ name: short(name), perMessage: d })),
  }
  mkdirSync(out, { recursive: true })
  writeFileSync(
    join(out, `${path.replace(/:/g, '_')}.json`),
    `${JSON.stringify(report[path], null, 2)}\n`,
  )
}
