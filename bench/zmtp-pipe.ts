// Throughput of the ZMTP pipe (src/transport/zmtp) against libzmq in another process, next to
// raw zeromq.js measured in the same run, over tcp:
//
//   npx tsx bench/zmtp-pipe.ts [--count=2000000] [--rounds=3] [--sizes=16,1024]
//
// Each direction on its own, against a peer faster than either JavaScript side (libzmq's C API,
// bench/native/zmqbench.c, compiled on first use), then against zeromq.js in a child process:
//
//   send:    ZmtpPipe PUSH     -> C PULL          vs   zeromq.js PUSH -> C PULL
//   receive: C PUSH            -> ZmtpPipe PULL   vs   C PUSH         -> zeromq.js PULL
//   js:      ZmtpPipe PUSH     -> zeromq.js PULL (child)
//            zeromq.js PUSH (child) -> ZmtpPipe PULL
//            zeromq.js PUSH (child) -> zeromq.js PULL   (raw zeromq.js push -> pull)
//
// Rates are messages per second at the receiver, from its first message to its last; the table
// gives the median of the rounds (and the best), rounds interleaved so that a busy machine
// weighs on every row alike. Run it in a network namespace of its own on a shared machine:
//   unshare -n bash -c 'ip link set lo up; npx tsx bench/zmtp-pipe.ts'
import { loadavg } from 'node:os'
import * as zmq from 'zeromq'
import { buildC, NativeProcess } from './lib/external'
import type { Pipe } from '../src/transport/pipes/Pipe'
import { zmtpNetwork } from '../src/transport/zmtp'

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=')
    return [k, v ?? 'true'] as const
  }),
)
const COUNT = Number(args.get('count') ?? 2_000_000)
const ROUNDS = Number(args.get('rounds') ?? 3)
const SIZES = (args.get('sizes') ?? '16,1024').split(',').map(Number)
/** 1 KiB messages: fewer of them, so that the zeromq.js rows stay short. */
const countFor = (size: number): number => (size >= 1024 ? Math.min(COUNT, 500_000) : COUNT)

const c = buildC()
if (c.binary === undefined) {
  console.error(`the libzmq C peer cannot be built: ${c.reason}`)
  process.exit(1)
}
const C = c.binary

/** A zeromq.js peer in a child process, printing the same JSON lines as the C peer. */
function jsChild(
  mode: 'send' | 'recv',
  endpoint: string,
  size: number,
  count: number,
): NativeProcess {
  const script = `
const zmq = require('zeromq')
const [mode, endpoint, size, count] = [process.argv[1], process.argv[2], +process.argv[3], +process.argv[4]]
const out = (o) => process.stdout.write(JSON.stringify(o) + '\\n')
;(async () => {
  if (mode === 'send') {
    const push = new zmq.Push({ sendHighWaterMark: 1000 })
    push.connect(endpoint)
    const payload = Buffer.alloc(size)
    const start = process.hrtime.bigint()
    for (let i = 0; i < count; i++) await push.send(payload)
    out({ event: 'done', count, seconds: Number(process.hrtime.bigint() - start) / 1e9 })
    push.linger = 5000
    push.close()
  } else {
    const pull = new zmq.Pull()
    await pull.bind(endpoint)
    out({ event: 'ready', endpoint: pull.lastEndpoint })
    let n = 0
    let start
    for await (const [m] of pull) {
      if (n++ === 0) start = process.hrtime.bigint()
      if (n === count) break
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9
    out({ event: 'done', count, seconds, rate: (count - 1) / seconds })
    pull.close()
  }
})()`
  return new NativeProcess(process.execPath, [
    '-e',
    script,
    mode,
    endpoint,
    String(size),
    String(count),
  ])
}

const local = (type: 'PUSH' | 'PULL') => ({ type, identity: undefined, options: {} })

/** Writes `count` messages as fast as the pipe takes them. */
function pump(pipe: Pipe, count: number, size: number): void {
  const message = [Buffer.alloc(size)]
  let sent = 0
  const write = (): void => {
    while (sent < count && pipe.write(message)) sent++
  }
  pipe.handler = { readable() {}, writable: write, closed() {} }
  cpuFrom()
  write()
}

/** Our PULL: resolves with the rate once `count` messages were read. */
function drain(pipe: Pipe, count: number): Promise<number> {
  return new Promise((resolve) => {
    let n = 0
    let start = 0n
    pipe.handler = {
      readable: (p) => {
        while (p.read() !== undefined) {
          if (n++ === 0) {
            start = process.hrtime.bigint()
            cpuFrom()
          }
        }
        if (n >= count) {
          cpuTo(count)
          resolve((count - 1) / (Number(process.hrtime.bigint() - start) / 1e9))
        }
      },
      writable() {},
      closed() {},
    }
  })
}

function dialed(endpoint: string, type: 'PUSH' | 'PULL'): Promise<Pipe> {
  return new Promise((resolve, reject) => {
    zmtpNetwork.dial(endpoint, local(type), { pipe: resolve, event() {}, failed: reject })
  })
}

async function listened(
  type: 'PUSH' | 'PULL',
): Promise<{ endpoint: string; pipe: Promise<Pipe>; close: () => void }> {
  let deliver!: (pipe: Pipe) => void
  const pipe = new Promise<Pipe>((resolve) => (deliver = resolve))
  const listener = await zmtpNetwork.listen('tcp://127.0.0.1:*', local(type), {
    pipe: (p) => deliver(p),
    event() {},
  })
  return { endpoint: listener.endpoint, pipe, close: () => listener.close() }
}

type Case = (size: number, count: number) => Promise<number>

/**
 * CPU time of this process (all its threads: zeromq.js's I/O thread too) over the transfer, per
 * message: a figure a busy machine moves much less than the rates.
 */
let cpuStart: NodeJS.CpuUsage | undefined
let cpuNs = 0
const cpuFrom = (): void => {
  cpuStart = process.cpuUsage()
}
const cpuTo = (count: number): void => {
  const used = process.cpuUsage(cpuStart)
  cpuNs = ((used.user + used.system) * 1000) / count
}

const cases: [string, Case][] = [
  [
    'send     ZmtpPipe PUSH -> C PULL',
    async (size, count) => {
      const peer = new NativeProcess(C, ['recv', 'tcp://127.0.0.1:*', String(size), String(count)])
      const { endpoint } = await peer.wait('ready')
      const pipe = await dialed(endpoint!, 'PUSH')
      pump(pipe, count, size)
      const { rate } = await peer.wait('done', 120000)
      cpuTo(count)
      pipe.close(0)
      return rate!
    },
  ],
  [
    'send     zeromq.js PUSH -> C PULL',
    async (size, count) => {
      const peer = new NativeProcess(C, ['recv', 'tcp://127.0.0.1:*', String(size), String(count)])
      const { endpoint } = await peer.wait('ready')
      const push = new zmq.Push({ linger: 0 })
      push.connect(endpoint!)
      const payload = Buffer.alloc(size)
      const done = peer.wait('done', 120000)
      cpuFrom()
      for (let i = 0; i < count; i++) await push.send(payload)
      const { rate } = await done
      cpuTo(count)
      push.close()
      return rate!
    },
  ],
  [
    'receive  C PUSH -> ZmtpPipe PULL',
    async (size, count) => {
      const server = await listened('PULL')
      const peer = new NativeProcess(C, ['send', server.endpoint, String(size), String(count)])
      const rate = await drain(await server.pipe, count)
      ;(await server.pipe).close(0)
      server.close()
      peer.kill()
      return rate
    },
  ],
  [
    'receive  C PUSH -> zeromq.js PULL',
    async (size, count) => {
      const pull = new zmq.Pull({ linger: 0 })
      await pull.bind('tcp://127.0.0.1:*')
      const peer = new NativeProcess(C, ['send', pull.lastEndpoint!, String(size), String(count)])
      let n = 0
      let start = 0n
      for await (const _ of pull) {
        if (n++ === 0) {
          start = process.hrtime.bigint()
          cpuFrom()
        }
        if (n === count) break
      }
      const rate = (count - 1) / (Number(process.hrtime.bigint() - start) / 1e9)
      cpuTo(count)
      pull.close()
      peer.kill()
      return rate
    },
  ],
  [
    'js       ZmtpPipe PUSH -> zeromq.js PULL (child)',
    async (size, count) => {
      const peer = jsChild('recv', 'tcp://127.0.0.1:*', size, count)
      const { endpoint } = await peer.wait('ready')
      const pipe = await dialed(endpoint!, 'PUSH')
      pump(pipe, count, size)
      const { rate } = await peer.wait('done', 120000)
      cpuTo(count)
      pipe.close(0)
      return rate!
    },
  ],
  [
    'js       zeromq.js PUSH (child) -> ZmtpPipe PULL',
    async (size, count) => {
      const server = await listened('PULL')
      const peer = jsChild('send', server.endpoint, size, count)
      const rate = await drain(await server.pipe, count)
      ;(await server.pipe).close(0)
      server.close()
      peer.kill()
      return rate
    },
  ],
  [
    'js       zeromq.js PUSH (child) -> zeromq.js PULL',
    async (size, count) => {
      const pull = new zmq.Pull({ linger: 0 })
      await pull.bind('tcp://127.0.0.1:*')
      const peer = jsChild('send', pull.lastEndpoint!, size, count)
      let n = 0
      let start = 0n
      for await (const _ of pull) {
        if (n++ === 0) {
          start = process.hrtime.bigint()
          cpuFrom()
        }
        if (n === count) break
      }
      const rate = (count - 1) / (Number(process.hrtime.bigint() - start) / 1e9)
      cpuTo(count)
      pull.close()
      peer.kill()
      return rate
    },
  ],
]

const only = args.get('only')?.split(',').map(Number)

async function main(): Promise<void> {
  const load = loadavg()[0].toFixed(1)
  console.log(
    `zmtp pipe throughput, tcp, two processes; ${ROUNDS} rounds; node ${process.version}; ` +
      `libzmq ${zmq.version} (zeromq.js); load average ${load} at start`,
  )
  const results = new Map<string, number[]>()
  const cpu = new Map<string, number[]>()
  for (let round = 0; round < ROUNDS; round++) {
    for (const size of SIZES) {
      const order = round % 2 === 0 ? cases : [...cases].reverse()
      for (const [name, run] of order) {
        if (only !== undefined && !only.includes(cases.findIndex(([n]) => n === name) + 1)) continue
        cpuNs = 0
        const rate = await run(size, countFor(size))
        const key = `${size}\t${name}`
        results.set(key, [...(results.get(key) ?? []), rate])
        cpu.set(key, [...(cpu.get(key) ?? []), cpuNs])
        console.log(
          `  round ${round + 1}: ${String(size).padStart(4)} B  ${name.padEnd(50)}` +
            `${(rate / 1e6).toFixed(2)} M/s, ${cpuNs.toFixed(0)} ns CPU/msg here ` +
            `(load ${loadavg()[0].toFixed(1)})`,
        )
      }
    }
  }
  const fmt = (rate: number): string => `${(rate / 1e6).toFixed(2)} M/s`.padStart(10)
  console.log(
    `\nsize  case${' '.repeat(46)}median      best   cpu ns/msg here (median)   (rounds, M/s)`,
  )
  for (const [key, rates] of results) {
    const [size, name] = key.split('\t')
    const sorted = [...rates].sort((a, b) => a - b)
    const median = sorted[Math.floor(sorted.length / 2)]
    const cpus = [...cpu.get(key)!].sort((a, b) => a - b)
    const cpuMedian = cpus[Math.floor(cpus.length / 2)]
    console.log(
      `${size.padStart(4)}  ${name.padEnd(50)}${fmt(median)}${fmt(sorted[sorted.length - 1])}` +
        `${cpuMedian.toFixed(0).padStart(12)}${' '.repeat(15)}` +
        `(${rates.map((r) => (r / 1e6).toFixed(2)).join(', ')})`,
    )
  }
  console.log(`load average ${loadavg()[0].toFixed(1)} at the end`)
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  },
)
