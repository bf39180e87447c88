// The proxy benchmark: a tcp streamer, PUSH → proxy → PULL, through rxzmq's proxy() in native
// mode (libzmq's proxy on zeromq.js's worker thread), in rx mode (forwarding in JavaScript) and
// through pyzmq's zmq.proxy(), in the same run, interleaved round by round.
//
//   npm run bench:proxy                      5 rounds of 1,000,000 messages of 16 B
//   npm run bench:proxy -- --quick           2 rounds of 200,000
//   npm run bench:proxy -- --rounds=3 --messages=500000 --size=1024
//
// Each proxy runs in a process of its own; the feeder and the receiver are libzmq's C API
// (bench/native/zmqbench.c, compiled on first use) in two more processes, so the proxy is what
// is measured, not its peers (pyzmq's, when there is no C compiler). The rate is messages per
// second at the receiver, first message to last. Writes bench/results/proxy.json.
//
// With `serve <native|rx> <frontend> <backend>` this file is the rxzmq proxy process itself.
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { buildC, findPython, NativeProcess } from './lib/external'
import { proxy, PullSocket, PushSocket, versions, type ProxyMode } from '../src/index'

type Impl = 'rxzmq native' | 'rxzmq rx' | 'pyzmq'
const IMPLS: readonly Impl[] = ['rxzmq native', 'rxzmq rx', 'pyzmq']

function option(name: string): string | undefined {
  const arg = process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`))
  if (arg === undefined) return undefined
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : ''
}

/** The proxy process: proxy() between a bound PULL and a PUSH connected to the receiver. */
function serve(mode: ProxyMode, frontend: string, backend: string): void {
  proxy({
    frontend: () => new PullSocket({ bind: frontend }),
    backend: () => new PushSocket({ connect: backend }),
    mode,
  }).subscribe({
    next: (event) => {
      if (event.type === 'proxy:start') {
        console.log(JSON.stringify({ event: 'ready', endpoint: frontend, mode: event.mode }))
      }
    },
    error: (error: Error) => {
      console.error(`bench/proxy serve: ${error.message}`)
      process.exit(1)
    },
  })
}

/** A free tcp port on 127.0.0.1. */
async function freeEndpoint(): Promise<string> {
  const { createServer } = await import('node:net')
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(`tcp://127.0.0.1:${address.port}`)
          : reject(new Error('no port')),
      )
    })
  })
}

interface Tools {
  python: string
  /** The feeder and receiver: the C program, or pyzmq's when there is no compiler. */
  peer: (mode: 'send' | 'recv', endpoint: string) => NativeProcess
  peers: string
}

async function measure(impl: Impl, tools: Tools): Promise<number> {
  const receiver = tools.peer('recv', 'tcp://127.0.0.1:*')
  const processes: NativeProcess[] = [receiver]
  try {
    const backend = (await receiver.wait('ready')).endpoint!
    const frontend = await freeEndpoint()
    const server =
      impl === 'pyzmq'
        ? new NativeProcess(tools.python, [
            join(__dirname, 'native', 'proxy.py'),
            'proxy',
            frontend,
            backend,
          ])
        : new NativeProcess(process.execPath, [
            '--import',
            pathToFileURL(require.resolve('tsx')).href,
            __filename,
            'serve',
            impl === 'rxzmq native' ? 'native' : 'rx',
            frontend,
            backend,
          ])
    processes.push(server)
    await server.wait('ready', 60000)
    processes.push(tools.peer('send', frontend))
    const done = await receiver.wait('done', 300000)
    return done.rate!
  } finally {
    for (const p of processes) p.kill()
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const rate = (n: number): string =>
  n >= 1e6 ? `${(n / 1e6).toFixed(2)} M msg/s` : `${Math.round(n / 1000)} k msg/s`

async function main(): Promise<void> {
  const quick = option('quick') !== undefined
  const rounds = Number(option('rounds') ?? (quick ? 2 : 5))
  const count = Number(option('messages') ?? (quick ? 200000 : 1000000))
  const size = Number(option('size') ?? 16)
  const py = findPython()
  if (py.python === undefined) {
    console.error(`bench/proxy: pyzmq is needed for its proxy: ${py.reason}`)
    process.exit(1)
  }
  const python = py.python
  const c = buildC()
  const tools: Tools =
    c.binary !== undefined
      ? {
          python,
          peer: (mode, endpoint) =>
            new NativeProcess(c.binary!, [mode, endpoint, String(size), String(count)]),
          peers: 'libzmq C (bench/native/zmqbench.c)',
        }
      : {
          python,
          peer: (mode, endpoint) =>
            new NativeProcess(python, [
              join(__dirname, 'native', 'proxy.py'),
              mode,
              endpoint,
              String(size),
              String(count),
            ]),
          peers: `pyzmq (no C baseline: ${c.reason})`,
        }
  const v = versions()
  console.log(
    `proxy benchmark: PUSH → proxy → PULL over tcp, ${count.toLocaleString('en-US')} × ${size} B, ${rounds} rounds, ` +
      `${cpus().length} cores, node ${process.versions.node}, libzmq ${v.libzmq} (rxzmq), feeder and receiver: ${tools.peers}`,
  )
  const results = new Map<Impl, number[]>(IMPLS.map((impl) => [impl, []]))
  for (let round = 0; round < rounds; round++) {
    // the order turns from one round to the next
    const order = IMPLS.map((_, i) => IMPLS[(i + round) % IMPLS.length]!)
    for (const impl of order) {
      const value = await measure(impl, tools)
      results.get(impl)!.push(value)
      console.log(`  round ${round + 1} ${impl.padEnd(13)} ${rate(value)}`)
    }
  }
  const table = IMPLS.map((impl) => ({
    impl,
    value: median(results.get(impl)!),
    rounds: results.get(impl)!,
  }))
  console.log('\n| proxy | msg/s (median) | rounds |\n| --- | ---: | --- |')
  for (const row of table) {
    console.log(
      `| ${row.impl} | ${rate(row.value)} | ${row.rounds.map((r) => rate(r)).join(', ')} |`,
    )
  }
  const dir = join(__dirname, 'results')
  mkdirSync(dir, { recursive: true })
  writeFileSync(
    join(dir, 'proxy.json'),
    JSON.stringify(
      {
        meta: {
          date: new Date().toISOString(),
          count,
          size,
          rounds,
          cores: cpus().length,
          node: process.versions.node,
          ...v,
          peers: tools.peers,
        },
        records: table.map((r) => ({
          case: 'proxy streamer tcp',
          impl: r.impl,
          unit: 'msg/s',
          value: r.value,
          rounds: r.rounds,
        })),
      },
      null,
      2,
    ),
  )
  console.log(`\nwritten: bench/results/proxy.json`)
}

if (process.argv[2] === 'serve') {
  serve(process.argv[3] as ProxyMode, process.argv[4]!, process.argv[5]!)
} else {
  main().catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}
