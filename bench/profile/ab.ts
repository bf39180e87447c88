// Two versions of src/ side by side, natively: the main thread's CPU ns per message of one
// path of probe.ts, version A and version B in alternation (ABBA...), each run a fresh process.
// Quicker than callgrind and in nanoseconds, but as noisy as the machine; the median of the
// per-pair ratios is reported with its range.
//
//   unshare -n bash -c 'ip link set lo up; npx tsx bench/profile/ab.ts --a=HEAD~1 --b=HEAD send:send'
//   options: --a=<commit> --b=<commit|worktree> --runs=8 --n=20000 --warm=10000
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { median } from '../lib/stats'
import { snapshot } from './snapshot'

function option(name: string, fallback: string): string {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`))
  return arg === undefined ? fallback : arg.slice(name.length + 3)
}

const a = option('a', 'HEAD~1')
const b = option('b', 'worktree')
const runs = Number(option('runs', '8'))
const n = option('n', '20000')
const warm = option('warm', '10000')
const paths = process.argv.slice(2).filter((x) => !x.startsWith('--'))
const roots = { A: snapshot(a), B: snapshot(b) }

function run(root: string, path: string): number {
  const out = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'bench', 'profile', 'probe.ts'), path, n, warm],
    { encoding: 'utf8' },
  )
  if (out.status !== 0) throw new Error(`${path}: ${out.stderr.slice(-1000)}`)
  const line = out.stdout.trim().split('\n').pop()!
  return (JSON.parse(line) as { cpuNsPerMsg: number }).cpuNsPerMsg
}

for (const path of paths) {
  const ns: Record<'A' | 'B', number[]> = { A: [], B: [] }
  for (let i = 0; i < runs; i++) {
    for (const v of i % 2 === 0 ? (['A', 'B'] as const) : (['B', 'A'] as const)) {
      ns[v].push(run(roots[v], path))
    }
  }
  const ratios = ns.A.map((x, i) => x / ns.B[i]!)
  console.log(
    `${path}: A ${median(ns.A).toFixed(0)} ns/msg, B ${median(ns.B).toFixed(0)} ns/msg, A/B ${median(ratios).toFixed(3)} [${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}]`,
  )
}
