// rxzmq bench: a quick benchmark that ships compiled in the package. The full suite, with the
// pyzmq and libzmq C baselines, is TypeScript under bench/ in the repository (npm run bench).
import { cpus } from 'node:os'
import { count, firstValueFrom, lastValueFrom, Subject, take, tap } from 'rxjs'
import { proxy } from '../../proxy/proxy'
import type { ProxyCommand, ProxyMode } from '../../proxy/ProxyEvent'
import { PullSocket } from '../../sockets/PullSocket'
import { PushSocket } from '../../sockets/PushSocket'
import { ReplySocket } from '../../sockets/ReplySocket'
import { RequestSocket } from '../../sockets/RequestSocket'
import { zmq } from '../../transport/native/zeromq'
import { versions } from '../../versions'
import { flag, HELP, integer, type Command } from '../args'
import { freeEndpoint } from '../ports'
import { Progress, short } from '../terminal'

interface Row {
  readonly case: string
  readonly impl: 'rxzmq' | 'zeromq.js' | 'native proxy' | 'rx proxy'
  readonly unit: string
  readonly value: number
}

export const benchCommand: Command = {
  name: 'bench',
  summary: 'a quick benchmark of this machine: throughput, round trips, the proxy',
  usage: 'rxzmq bench [--messages <n>] [--json]',
  description:
    'Measures, in this process over tcp on 127.0.0.1, in a few seconds: push → pull throughput with rxzmq and with raw zeromq.js, REQ ↔ REP round trips, and a streamer proxy (PUSH → proxy → PULL) in native and rx mode. A progress line shows on a terminal. The full benchmark suite (separate processes, interleaved rounds, pyzmq and libzmq C baselines, a report and a chart) is TypeScript in the repository: clone it, then npm ci && npm run bench.',
  options: {
    messages: {
      type: 'string',
      value: '<n>',
      help: 'messages per throughput case (default 100000)',
    },
    json: { type: 'boolean', help: 'print the results as JSON' },
    help: HELP,
  },
  run: async (parsed) => {
    const n = integer(parsed, 'messages', 1000) ?? 100000
    const cases: [string, () => Promise<Row>][] = [
      ['push → pull, tcp, 16 B', () => rxzmqThroughput(n)],
      ['push → pull, tcp, 16 B', () => zeromqThroughput(n)],
      ['REQ ↔ REP round trips, tcp', () => roundTrips(Math.max(1000, Math.round(n / 20)))],
      ['PUSH → proxy → PULL, tcp, 16 B', () => proxyThroughput(n, 'native')],
      ['PUSH → proxy → PULL, tcp, 16 B', () => proxyThroughput(n, 'rx')],
    ]
    const progress = Progress.start('rxzmq bench', cases.length, 'case')
    const rows: Row[] = []
    try {
      for (const [, run] of cases) {
        rows.push(await run())
        progress?.update(rows.length)
      }
    } finally {
      progress?.stop()
    }
    const v = versions()
    if (flag(parsed, 'json')) {
      console.log(
        JSON.stringify({
          meta: { ...v, node: process.versions.node, cores: cpus().length, messages: n },
          results: rows,
        }),
      )
      return 0
    }
    console.log(
      `rxzmq ${v.rxzmq} quick benchmark: libzmq ${v.libzmq}, zeromq.js ${v.zeromq}, node ${process.versions.node}, ${cpus().length} cores, one process`,
    )
    for (const row of rows) {
      console.log(
        `  ${row.case.padEnd(32)} ${row.impl.padEnd(13)} ${short(row.value).padStart(7)} ${row.unit}`,
      )
    }
    console.log('The full suite is in the repository: npm run bench')
    return 0
  },
}

const PAYLOAD = Buffer.alloc(16, 120)

async function rxzmqThroughput(n: number): Promise<Row> {
  const pull = new PullSocket()
  const endpoint = await pull.bind(await freeEndpoint())
  const push = new PushSocket({ connect: endpoint, sendQueue: { limit: 2000 } })
  let first = 0
  const received = lastValueFrom(
    pull.pipe(take(n), tap({ next: () => (first ||= performance.now()) }), count()),
  )
  for (let i = 0; i < n; i++) {
    if (i % 1000 === 999) await push.send(PAYLOAD)
    else push.next(PAYLOAD)
  }
  await received
  const seconds = (performance.now() - first) / 1000
  push.close()
  pull.close()
  return { case: 'push → pull, tcp, 16 B', impl: 'rxzmq', unit: 'msg/s', value: (n - 1) / seconds }
}

async function zeromqThroughput(n: number): Promise<Row> {
  const pull = new zmq.Pull()
  await pull.bind(await freeEndpoint())
  const push = new zmq.Push()
  push.connect(pull.lastEndpoint!)
  const received = (async () => {
    let first = 0
    for (let i = 0; i < n; i++) {
      await pull.receive()
      if (i === 0) first = performance.now()
    }
    return (performance.now() - first) / 1000
  })()
  for (let i = 0; i < n; i++) await push.send(PAYLOAD)
  const seconds = await received
  push.close()
  pull.close()
  return {
    case: 'push → pull, tcp, 16 B',
    impl: 'zeromq.js',
    unit: 'msg/s',
    value: (n - 1) / seconds,
  }
}

async function roundTrips(n: number): Promise<Row> {
  const rep = new ReplySocket()
  const endpoint = await rep.bind(await freeEndpoint())
  // eslint-disable-next-line rxjs-x/no-ignored-subscription -- ends with rep.close() below
  rep.subscribe((request) => rep.next(request))
  const req = new RequestSocket({ connect: endpoint })
  await firstValueFrom(req.request('warm up'))
  const started = performance.now()
  for (let i = 0; i < n; i++) await firstValueFrom(req.request(PAYLOAD))
  const seconds = (performance.now() - started) / 1000
  req.close()
  rep.close()
  return {
    case: 'REQ ↔ REP round trips, tcp',
    impl: 'rxzmq',
    unit: 'round trips/s',
    value: n / seconds,
  }
}

/** A streamer proxy between a raw zeromq.js PUSH and PULL, in native or rx mode. */
async function proxyThroughput(n: number, mode: ProxyMode): Promise<Row> {
  const [front, back] = [await freeEndpoint(), await freeEndpoint()]
  const control = new Subject<ProxyCommand>()
  const events = proxy({
    frontend: () => new PullSocket({ bind: front }),
    backend: () => new PushSocket({ bind: back }),
    mode,
    control,
  })
  let running!: () => void
  const started = new Promise<void>((resolve) => (running = resolve))
  const ended = lastValueFrom(
    events.pipe(
      tap((event) => {
        if (event.type === 'proxy:start') running()
      }),
    ),
    { defaultValue: undefined },
  )
  await Promise.race([started, ended])
  const pull = new zmq.Pull()
  pull.connect(back)
  const push = new zmq.Push()
  push.connect(front)
  const received = (async () => {
    let first = 0
    for (let i = 0; i < n; i++) {
      await pull.receive()
      if (i === 0) first = performance.now()
    }
    return (performance.now() - first) / 1000
  })()
  for (let i = 0; i < n; i++) await push.send(PAYLOAD)
  const seconds = await received
  control.next('TERMINATE')
  await ended
  push.close()
  pull.close()
  return {
    case: 'PUSH → proxy → PULL, tcp, 16 B',
    impl: mode === 'native' ? 'native proxy' : 'rx proxy',
    unit: 'msg/s',
    value: (n - 1) / seconds,
  }
}
