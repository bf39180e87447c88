// Case 4: request/reply over tcp with the server in the worker process. REQ ↔ REP one at a
// time, and DEALER ↔ ROUTER with 1, 16 and 256 correlated requests in flight.
import { lastValueFrom } from 'rxjs'
import * as zmq from 'zeromq'
import { correlate, DealerSocket, RequestSocket } from '../lib/rxzmq'
import { threadCpuNs } from '../lib/cpu'
import { percentile, now } from '../lib/stats'
import { via, type JsImpl } from '../lib/roles'
import type { Impl, Measured } from '../lib/results'
import { addFigures, interleave, logRatio, type Context } from './context'

/** Untimed round trips first: the connection is up and the code is compiled. */
function warmUp(count: number): number {
  return Math.max(200, Math.floor(count / 10))
}

export interface Timing {
  rate: number
  latencies: number[]
  /** Main-thread CPU of client and server per round trip, ns. */
  cpuNs: number
  /** The server's share. */
  peerCpuNs: number
}

/** Main-thread CPU so far: this process's and the worker's (asked over IPC), ns. */
type CpuMark = () => Promise<{ own: number; peer: number }>

export async function withServer(
  ctx: Context,
  impl: JsImpl,
  kind: 'rep' | 'router',
  client: (endpoint: string, mark: CpuMark) => Promise<Timing>,
): Promise<Timing> {
  const job = ctx.worker.run('serve', { impl, kind, bindTo: 'tcp://127.0.0.1:*' })
  const { endpoint } = await job.event<{ endpoint: string }>('ready')
  const mark: CpuMark = async () => {
    const { ns } = await ctx.worker.run('cpu', {}).event<{ ns: number }>('done')
    return { own: threadCpuNs(), peer: ns }
  }
  try {
    return await client(endpoint, mark)
  } finally {
    job.stop()
    await job.event('done')
  }
}

/** The CPU figures of a timed section from its two marks. */
function cpuFigures(
  a: { own: number; peer: number },
  b: { own: number; peer: number },
  count: number,
): { cpuNs: number; peerCpuNs: number } {
  const peer = b.peer - a.peer
  return { cpuNs: (b.own - a.own + peer) / count, peerCpuNs: peer / count }
}

export async function reqRep(
  impl: JsImpl,
  endpoint: string,
  count: number,
  mark: CpuMark,
): Promise<Timing> {
  const payload = Buffer.alloc(16, 1)
  const latencies: number[] = []
  let t0: number
  let c0: { own: number; peer: number }
  let t1: number
  if (impl === 'zeromq.js') {
    const req = new zmq.Request()
    req.connect(endpoint)
    for (let i = 0; i < warmUp(count); i++) {
      await req.send(payload)
      await req.receive() // connected and warm
    }
    c0 = await mark()
    t0 = now()
    for (let i = 0; i < count; i++) {
      const start = now()
      await req.send(payload)
      await req.receive()
      latencies.push(now() - start)
    }
    t1 = now()
    req.close()
  } else {
    const req = new RequestSocket({ connect: endpoint, ...via(impl) })
    const roundTrip = async (): Promise<void> => {
      await lastValueFrom(req.request(payload))
    }
    for (let i = 0; i < warmUp(count); i++) await roundTrip()
    c0 = await mark()
    t0 = now()
    for (let i = 0; i < count; i++) {
      const start = now()
      await roundTrip()
      latencies.push(now() - start)
    }
    t1 = now()
    req.close()
  }
  return { rate: count / (t1 - t0), latencies, ...cpuFigures(c0, await mark(), count) }
}

export async function dealerRouter(
  impl: JsImpl,
  endpoint: string,
  count: number,
  inFlight: number,
  mark: CpuMark,
): Promise<Timing> {
  const payload = Buffer.alloc(16, 1)
  const latencies: number[] = []
  let t0: number
  let t1: number
  let c0: { own: number; peer: number }
  if (impl === 'zeromq.js') {
    // One task sends and receives, so there is never more than one send in flight.
    const dealer = new zmq.Dealer()
    dealer.connect(endpoint)
    const empty = Buffer.alloc(0)
    const started = new Map<number, number>()
    let nextId = 0
    const sendOne = async (): Promise<void> => {
      const id = nextId++
      const frame = Buffer.alloc(4)
      frame.writeUInt32BE(id)
      started.set(id, now())
      await dealer.send([frame, empty, payload])
    }
    for (let i = 0; i < warmUp(count); i++) {
      await sendOne()
      await dealer.receive() // connected and warm
    }
    started.clear()
    nextId = 0
    c0 = await mark()
    t0 = now()
    for (let i = 0; i < inFlight; i++) await sendOne()
    let done = 0
    for await (const [id] of dealer) {
      const key = id!.readUInt32BE(0)
      latencies.push(now() - started.get(key)!)
      started.delete(key)
      if (++done === count) break
      if (nextId < count) await sendOne()
    }
    t1 = now()
    dealer.close()
  } else {
    const dealer = new DealerSocket({ connect: endpoint, ...via(impl) })
    const rpc = correlate(dealer, (message) => dealer.next(message))
    for (let i = 0; i < warmUp(count); i++) await lastValueFrom(rpc.request(payload)) // warm
    let issued = 0
    const lane = async (): Promise<void> => {
      while (issued < count) {
        issued++
        const start = now()
        await lastValueFrom(rpc.request(payload))
        latencies.push(now() - start)
      }
    }
    c0 = await mark()
    t0 = now()
    await Promise.all(Array.from({ length: inFlight }, lane))
    t1 = now()
    rpc.close()
    dealer.close()
  }
  return {
    rate: latencies.length / (t1 - t0),
    latencies,
    ...cpuFigures(c0, await mark(), latencies.length),
  }
}

export function report(
  ctx: Context,
  name: string,
  figures: Map<Impl, Timing[]>,
  group = '4 request/reply',
): void {
  const metrics: [string, string, 'higher' | 'lower', (t: Timing) => Measured][] = [
    [
      'round trips',
      'rt/s',
      'higher',
      (t) => ({ value: t.rate, cpuNs: t.cpuNs, peerCpuNs: t.peerCpuNs }),
    ],
    ['p50', 'µs', 'lower', (t) => ({ value: percentile(t.latencies, 50) * 1e6 })],
    ['p99', 'µs', 'lower', (t) => ({ value: percentile(t.latencies, 99) * 1e6 })],
  ]
  for (const [metric, unit, better, pick] of metrics) {
    const byImpl = new Map<Impl, Measured[]>()
    for (const [impl, timings] of figures) byImpl.set(impl, timings.map(pick))
    addFigures(
      ctx,
      {
        case: `${name}, ${metric}`,
        group,
        unit,
        better,
        note: () =>
          metric === 'round trips'
            ? 'CPU: client and server main threads per round trip'
            : `per round: the ${metric} of that round's round-trip times`,
      },
      byImpl,
    )
    logRatio(ctx, `${name}, ${metric}`)
  }
}

/** `rx`: the rxzmq implementation measured against raw zeromq.js (recorded as `rxzmq`). */
export async function timed(
  rounds: number,
  run: (impl: JsImpl) => Promise<Timing>,
  rx: JsImpl = 'rxzmq',
): Promise<Map<Impl, Timing[]>> {
  const timings = new Map<Impl, Timing[]>([
    ['rxzmq', []],
    ['zeromq.js', []],
  ])
  await interleave(rounds, [
    { impl: 'rxzmq', run: async () => (timings.get('rxzmq')!.push(await run(rx)), 0) },
    {
      impl: 'zeromq.js',
      run: async () => (timings.get('zeromq.js')!.push(await run('zeromq.js')), 0),
    },
  ])
  return timings
}

export async function runReqRep(ctx: Context): Promise<void> {
  const count = ctx.quick ? 600 : 2500
  report(
    ctx,
    '4 REQ↔REP tcp',
    await timed(ctx.rounds, (impl) =>
      withServer(ctx, impl, 'rep', (e, mark) => reqRep(impl, e, count, mark)),
    ),
  )
  for (const inFlight of [1, 16, 256]) {
    const n = ctx.quick ? (inFlight === 1 ? 600 : 2500) : inFlight === 1 ? 2500 : 10000
    report(
      ctx,
      `4 DEALER↔ROUTER tcp, ${inFlight} in flight`,
      await timed(ctx.rounds, (impl) =>
        withServer(ctx, impl, 'router', (e, mark) => dealerRouter(impl, e, n, inFlight, mark)),
      ),
    )
  }
}
