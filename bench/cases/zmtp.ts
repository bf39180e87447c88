// Case 8: rxzmq's own ZMTP transport (`transport: zmtpTransport()`, no libzmq under the socket)
// at the socket level, next to raw zeromq.js and libzmq's C API in the same run: push → pull
// over tcp and ipc, in one process and in two, 16 B and 1 KiB; pub → sub with 1,000 topics and
// 4 subscribers; REQ ↔ REP and DEALER ↔ ROUTER with 256 in flight (the server in the worker
// process); memory with a stalled subscriber. The `rxzmq` figures of this case are rxzmq on the
// ZMTP transport; the ratio compares them with raw zeromq.js measured alongside.
import { bindEndpoint, type Transport } from '../lib/endpoints'
import { NativeProcess } from '../lib/external'
import type { SendStyle } from '../lib/roles'
import type { Impl, Measured } from '../lib/results'
import { WorkerProcess } from '../lib/child'
import { sizeName, type Context } from './context'
import type { MemoryResult, MemoryScenario } from './memoryScenarios'
import { fanOut } from './pubsub'
import { dealerRouter, reqRep, report, timed, withServer } from './reqrep'
import { samePush, SIZES, twoProcessPush } from './throughput'

const GROUP = '8 zmtp transport'

/** One way of measuring one row: who, and how. */
interface Run {
  key: string
  run(): Promise<number>
}

/** `interleave` (context.ts) for runs that may share an implementation. */
async function interleaveRuns(
  rounds: number,
  runs: readonly Run[],
): Promise<Map<string, number[]>> {
  const figures = new Map<string, number[]>(runs.map((r) => [r.key, []]))
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? runs : [...runs].reverse()
    for (const r of order) figures.get(r.key)!.push(await r.run())
  }
  return figures
}

/** libzmq C, receiver and sender in two processes of their own. */
async function cTwoProcesses(binary: string, transport: Transport, size: number, count: number) {
  const receiver = new NativeProcess(binary, [
    'recv',
    bindEndpoint(transport),
    String(size),
    String(count),
  ])
  const { endpoint } = await receiver.wait('ready')
  const sender = new NativeProcess(binary, ['send', endpoint!, String(size), String(count)])
  try {
    return (await receiver.wait('done')).rate!
  } finally {
    receiver.kill()
    sender.kill()
  }
}

async function pushPull(ctx: Context): Promise<void> {
  // Messages per run: enough for the ZMTP transport's rate to be its steady state (its first
  // tens of thousands of messages run before the JIT has compiled the path); raw zeromq.js,
  // an order of magnitude slower, reaches its steady state with fewer.
  const counts = {
    zmtp: (size: number): number =>
      ctx.quick ? (size > 100 ? 50000 : 200000) : size > 100 ? 200000 : 1000000,
    'zeromq.js': (size: number): number =>
      ctx.quick ? (size > 100 ? 20000 : 50000) : size > 100 ? 100000 : 200000,
  }
  const cCount = ctx.quick ? 500000 : 1000000
  for (const transport of ['tcp', 'ipc'] as const) {
    for (const size of SIZES) {
      for (const processes of [1, 2] as const) {
        const push = (impl: 'zmtp' | 'zeromq.js', style: SendStyle): Promise<number> =>
          processes === 1
            ? samePush(impl, transport, size, counts[impl](size), { send: style }).then(valueOf)
            : twoProcessPush(ctx, impl, transport, size, counts[impl](size), {
                send: style,
              }).then(valueOf)
        const runs: Run[] = [
          { key: 'send', run: () => push('zmtp', 'send') },
          { key: 'next', run: () => push('zmtp', 'next') },
          { key: 'zeromq.js', run: () => push('zeromq.js', 'send') },
        ]
        const binary = ctx.cBinary
        if (binary !== undefined) {
          runs.push({
            key: 'libzmq',
            run: () =>
              processes === 1
                ? new NativeProcess(binary, [
                    'thr',
                    bindEndpoint(transport),
                    String(size),
                    String(cCount),
                  ])
                    .wait('done')
                    .then((e) => e.rate!)
                : cTwoProcesses(binary, transport, size, cCount),
          })
        }
        const figures = await interleaveRuns(ctx.rounds, runs)
        const name = `8 zmtp push→pull ${transport}, ${processes} process${processes === 1 ? '' : 'es'}, ${sizeName(size)}`
        const add = (caseName: string, impl: Impl, key: string, note?: string): void => {
          const rounds = figures.get(key)
          if (rounds === undefined) return
          ctx.results.add({
            case: caseName,
            group: GROUP,
            impl,
            unit: 'msg/s',
            better: 'higher',
            rounds,
            note,
            ...(caseName === name
              ? {}
              : {
                  baseline: { case: name, impl: 'zeromq.js' as Impl },
                  ratioLabel: 'vs zeromq.js await send()',
                }),
          })
        }
        add(name, 'rxzmq', 'send', 'rxzmq on zmtpTransport(), await send() per message')
        add(name, 'zeromq.js', 'zeromq.js')
        add(
          name,
          'libzmq',
          'libzmq',
          processes === 1
            ? 'sender and receiver on two threads of one process'
            : 'sender and receiver in two processes',
        )
        add(
          `${name}, next()`,
          'rxzmq',
          'next',
          'rxzmq on zmtpTransport(), next() filling the send queue, send() as the backpressure point',
        )
        const median = (key: string): number => med(figures.get(key))
        ctx.log(
          `${name}: zmtp ${Math.round(median('send'))} (next() ${Math.round(median('next'))}) zeromq.js ${Math.round(median('zeromq.js'))} libzmq ${Math.round(median('libzmq'))} msg/s`,
        )
      }
    }
  }
}

function med(values: number[] | undefined): number {
  if (values === undefined || values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** The figure of a measurement (this case reports rates; the CPU figures are case 1's). */
const valueOf = (measured: Measured): number => measured.value

async function pubSub(ctx: Context): Promise<void> {
  for (const size of SIZES) {
    const count = ctx.quick ? 20000 : size > 100 ? 40000 : 80000
    const name = `8 zmtp pub→sub tcp, 4 subs, 1000 topics, ${sizeName(size)}`
    const figures = await interleaveRuns(ctx.rounds, [
      { key: 'rxzmq', run: () => fanOut('zmtp', 4, 1000, size, count).then(valueOf) },
      { key: 'zeromq.js', run: () => fanOut('zeromq.js', 4, 1000, size, count).then(valueOf) },
    ])
    for (const [key, rounds] of figures) {
      ctx.results.add({
        case: name,
        group: GROUP,
        impl: key as Impl,
        unit: 'msg/s',
        better: 'higher',
        rounds,
        note: 'published messages per second, each delivered to every subscriber (one process)',
      })
    }
    ctx.log(
      `${name}: zmtp ${Math.round(med(figures.get('rxzmq')))} zeromq.js ${Math.round(med(figures.get('zeromq.js')))} msg/s`,
    )
  }
}

async function reqRepRows(ctx: Context): Promise<void> {
  const count = ctx.quick ? 2000 : 6000
  report(
    ctx,
    '8 zmtp REQ↔REP tcp',
    await timed(
      ctx.rounds,
      (impl) => withServer(ctx, impl, 'rep', (e, mark) => reqRep(impl, e, count, mark)),
      'zmtp',
    ),
    GROUP,
  )
  const n = ctx.quick ? 4000 : 25000
  report(
    ctx,
    '8 zmtp DEALER↔ROUTER tcp, 256 in flight',
    await timed(
      ctx.rounds,
      (impl) => withServer(ctx, impl, 'router', (e, mark) => dealerRouter(impl, e, n, 256, mark)),
      'zmtp',
    ),
    GROUP,
  )
}

async function memory(ctx: Context): Promise<void> {
  const count = ctx.quick ? 100000 : 1000000
  const rounds = ctx.quick ? 1 : 2
  const name = '8 zmtp memory, publisher → stalled subscriber, 1 KiB'
  const scenarios: [MemoryScenario, Impl][] = [
    ['publish-to-stalled-zmtp', 'rxzmq'],
    ['publish-to-stalled-zeromq.js', 'zeromq.js'],
  ]
  const results = new Map<Impl, MemoryResult[]>()
  for (let round = 0; round < rounds; round++) {
    for (const [scenario, impl] of round % 2 === 0 ? scenarios : [...scenarios].reverse()) {
      const worker = new WorkerProcess()
      try {
        await worker.up
        const result = await worker
          .run('memory', { scenario, count })
          .event<MemoryResult>('done', 300000)
        results.set(impl, [...(results.get(impl) ?? []), result])
      } finally {
        await worker.close()
      }
    }
  }
  for (const [impl, list] of results) {
    const last = list[list.length - 1]!
    const record = ctx.results.add({
      case: name,
      group: GROUP,
      impl,
      unit: 'MB',
      better: 'lower',
      rounds: list.map((r) => r.peakGrowthMB),
      note: `peak RSS growth while publishing ${count} messages (last run accepted ${last.accepted})`,
    })
    ctx.log(`${name} [${impl}]: +${record.value.toFixed(1)} MB peak`)
  }
}

export async function runZmtp(ctx: Context): Promise<void> {
  await pushPull(ctx)
  await pubSub(ctx)
  await reqRepRows(ctx)
  await memory(ctx)
}
