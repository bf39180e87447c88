// System calls per message of one path of probe.ts (all threads: the JavaScript thread and
// libzmq's I/O thread), from `strace -f -c` with N and 2N messages: the difference over N.
// On this machine a system call costs microseconds (paravirtualised), more than the
// JavaScript of a message: a path that makes one more call per message pays for it.
//
//   unshare -n bash -c 'ip link set lo up; npx tsx bench/profile/syscalls.ts req:raw req:rx'
//   options: --n=4000 --warm=1000 --src=<commit> (see snapshot.ts)
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { snapshot } from './snapshot'

function option(name: string, fallback: string): string {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`))
  return arg === undefined ? fallback : arg.slice(name.length + 3)
}

const n = Number(option('n', '4000'))
const warm = option('warm', '1000')
const probe = join(snapshot(option('src', '')), 'bench', 'profile', 'probe.ts')
const paths = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const dir = mkdtempSync(join(tmpdir(), 'rxzmq-strace-'))

/** Calls per system call name for one run of `count` messages. */
function count(path: string, messages: number): Map<string, number> {
  const out = join(dir, `${path.replace(/:/g, '_')}-${messages}.txt`)
  const run = spawnSync(
    'strace',
    [
      '-f',
      '-c',
      '-o',
      out,
      process.execPath,
      '--import',
      'tsx',
      probe,
      path,
      String(messages),
      warm,
    ],
    { encoding: 'utf8' },
  )
  if (run.status !== 0) throw new Error(`${path}: ${run.stderr.slice(-1000)}`)
  const calls = new Map<string, number>()
  for (const line of readFileSync(out, 'utf8').split('\n')) {
    const m = /^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(\w+)$/.exec(line)
    if (m !== null && m[2] !== 'total') calls.set(m[2]!, Number(m[1]))
  }
  return calls
}

for (const path of paths) {
  const a = count(path, n)
  const b = count(path, 2 * n)
  const per = [...b]
    .map(([name, c]) => [name, (c - (a.get(name) ?? 0)) / n] as const)
    .filter(([, d]) => Math.abs(d) >= 0.05)
    .sort((x, y) => y[1] - x[1])
  const total = per.reduce((s, [, d]) => s + d, 0)
  console.log(
    `${path}: ${total.toFixed(1)} system calls per message: ${per.map(([k, d]) => `${k} ${d.toFixed(2)}`).join(', ')}`,
  )
}
