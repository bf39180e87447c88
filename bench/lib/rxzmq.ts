// rxzmq as its users run it: the TypeScript compiler's build of src/ (what `npm run build`
// puts in dist/cjs), compiled here into bench/results/build/rxzmq when src/ changed since.
//
// Not src/ through tsx, which the benchmarks themselves run under: tsx compiles with esbuild's
// keepNames, which wraps every named function expression in __name(fn, 'name'), an
// Object.defineProperty on the new function. A closure made per message (a promise executor,
// an observer object's next/error/complete, a then() callback) then costs ~3,500 more
// instructions and a function in dictionary mode: measured, 15,000 of the 50,000 instructions
// of an rxzmq REQ round trip. The published package has none of it.
//
// RXZMQ_BENCH_SOURCE=1 loads src/ through tsx instead (to see that difference).
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type * as Source from '../../src/index'

const root = join(__dirname, '..', '..')
const out = join(root, 'bench', 'results', 'build', 'rxzmq')

/** The newest modification time of the files under `dir`. */
function newest(dir: string): number {
  let time = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    time = Math.max(time, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return time
}

/** Where the library is loaded from: the build (made or refreshed first), or src/. */
export const librarySource: string = ((): string => {
  if (process.env.RXZMQ_BENCH_SOURCE === '1') return 'src/ through tsx (RXZMQ_BENCH_SOURCE=1)'
  const stamp = join(out, '.stamp')
  const changed = newest(join(root, 'src')) + statSync(join(root, 'tsconfig.build.json')).mtimeMs
  if (!existsSync(stamp) || Number(readFileSync(stamp, 'utf8')) !== changed) {
    const t0 = Date.now()
    execFileSync(
      process.execPath,
      [
        join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
        ...['-p', join(root, 'tsconfig.build.json'), '--outDir', out],
        ...['--declaration', 'false', '--declarationMap', 'false', '--sourceMap', 'false'],
        ...['--incremental', '--tsBuildInfoFile', join(out, '.tsbuildinfo')],
      ],
      { cwd: root, stdio: 'inherit' },
    )
    writeFileSync(stamp, String(changed))
    console.log(`(built src/ with tsc into bench/results/build/rxzmq in ${Date.now() - t0} ms)`)
  }
  return 'the tsc build of src/ (bench/results/build/rxzmq)'
})()

// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib = require(
  process.env.RXZMQ_BENCH_SOURCE === '1' ? join(root, 'src', 'index') : join(out, 'index.js'),
) as typeof Source

export const {
  batch,
  correlate,
  DealerSocket,
  fairQueue,
  PublisherSocket,
  PullSocket,
  PushSocket,
  ReplySocket,
  RequestSocket,
  RouterSocket,
  roundRobin,
  sendTo,
  SubscriberSocket,
  text,
  topics,
  unbatch,
  versions,
  zmtpTransport,
} = lib

export type DealerSocket = Source.DealerSocket
export type PublisherSocket = Source.PublisherSocket
export type PullSocket = Source.PullSocket
export type PushSocket = Source.PushSocket
export type ReplySocket = Source.ReplySocket
export type RequestSocket = Source.RequestSocket
export type RouterSocket = Source.RouterSocket
export type SubscriberSocket = Source.SubscriberSocket
export type Transport = Source.Transport
