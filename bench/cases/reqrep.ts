// Case 4: request/reply over tcp with the server in the worker process. REQ ↔ REP one at a
// time, and DEALER ↔ ROUTER with 1, 16 and 256 correlated requests in flight.
import { lastValueFrom } from 'rxjs'
import * as zmq from 'zeromq'
import { correlate, DealerSocket, RequestSocket } from '../../src/index'
import { percentile, now } from '../lib/stats'
import { via, type JsImpl } from '../lib/roles'
import type { Impl } from '../lib/results'
import { interleave, type Context } from './context'

/** Untimed round trips first: the connection is up and the code is compiled. */
function warmUp(count: number): number {
  return Math.max(200, Math.floor(count / 10))
}

/** Fresh Request sockets the rxzmq REQ client needed (see reqRep). */

export interface Timing {
  rate: number
  latencies: number[]
}

export async function withServer(
  ctx: Context,
  impl: JsImpl,
  kind: 'rep' | 'router',
  client: (endpoint: string) => Promise<Timing>,
): Promise<Timing> {
  const job = ctx.worker.run('serve', { impl, kind, bindTo: 'tcp://127.0.0.1:*' })
  const { endpoint } = await job.event<{ endpoint: string }>('ready')
  try {
    return await client(endpoint)
  } finally {
    job.stop()
    await job.event('done')
  }
}

export async function reqRep(impl: JsImpl, endpoint: string, count: number): Promise<Timing> {
  const payload = Buffer.alloc(16, 1)
  const latencies: number[] = []
  let t0: number
  if (impl === 'zeromq.js') {
    const req = new zmq.Request()
    req.connect(endpoint)
    for (let i = 0; i < warmUp(count); i++) {
      await req.send(payload)
      await req.receive() // connected and warm
    }
    t0 = now()
    for (let i = 0; i < count; i++) {
      const start = now()
      await req.send(payload)
      await req.receive()
      latencies.push(now() - start)
    }
    req.close()
  } else {
    const req = new RequestSocket({ connect: endpoint, ...via(impl) })
    const roundTrip = async (): Promise<void> => {
      await lastValueFrom(req.request(payload))
    }
    for (let i = 0; i < warmUp(count); i++) await roundTrip()
    t0 = now()
    for (let i = 0; i < count; i++) {
      const start = now()
      await roundTrip()
      latencies.push(now() - start)
    }
    req.close()
  }
  return { rate: count / (now() - t0), latencies }
}

export async function dealerRouter(
  impl: JsImpl,
  endpoint: string,
  count: number,
  inFlight: number,
): Promise<Timing> {
  const payload = Buffer.alloc(16, 1)
  const latencies: number[] = []
  let t0: number
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
    t0 = now()
    await Promise.all(Array.from({ length: inFlight }, lane))
    rpc.close()
    dealer.close()
  }
  return { rate: latencies.length / (now() - t0), latencies }
}

export function report(
  ctx: Context,
  name: string,
  figures: Map<Impl, Timing[]>,
  group = '4 request/reply',
): void {
  const metrics: [string, string, 'higher' | 'lower', (t: Timing) => number][] = [
    ['round trips', 'rt/s', 'higher', (t) => t.rate],
    ['p50', 'µs', 'lower', (t) => percentile(t.latencies, 50) * 1e6],
    ['p99', 'µs', 'lower', (t) => percentile(t.latencies, 99) * 1e6],
  ]
  for (const [metric, unit, better, pick] of metrics) {
    for (const [impl, timings] of figures) {
      ctx.results.add({
        case: `${name}, ${metric}`,
        group,
        impl,
        unit,
        better,
        rounds: timings.map(pick),
      })
    }
  }
  const rx = ctx.results.find(`${name}, round trips`, 'rxzmq')!.value
  const raw = ctx.results.find(`${name}, round trips`, 'zeromq.js')!.value
  ctx.log(
    `${name}: rxzmq ${Math.round(rx)} zeromq.js ${Math.round(raw)} rt/s (${(rx / raw).toFixed(2)})`,
  )
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
  const count = ctx.quick ? 2000 : 6000
  report(
    ctx,
    '4 REQ↔REP tcp',
    await timed(ctx.rounds, (impl) => withServer(ctx, impl, 'rep', (e) => reqRep(impl, e, count))),
  )
  for (const inFlight of [1, 16, 256]) {
    const n = ctx.quick ? 4000 : inFlight === 1 ? 6000 : 25000
    report(
      ctx,
      `4 DEALER↔ROUTER tcp, ${inFlight} in flight`,
      await timed(ctx.rounds, (impl) =>
        withServer(ctx, impl, 'router', (e) => dealerRouter(impl, e, n, inFlight)),
      ),
    )
  }
}
