// Case 1: push → pull throughput over tcp, ipc, inproc; one process and two processes.
import { bindEndpoint, type Transport } from '../lib/endpoints'
import { NativeProcess, runPython } from '../lib/external'
import { pullReceiver, pushSender, type JsImpl, type SendStyle } from '../lib/roles'
import type { Impl } from '../lib/results'
import { interleave, sizeName, type Contender, type Context } from './context'

export const SIZES = [16, 1024]
const TRANSPORTS: Transport[] = ['tcp', 'ipc', 'inproc']

export function throughputCase(transport: Transport, processes: 1 | 2, size: number): string {
  return `1 push→pull ${transport}, ${processes} process${processes === 1 ? '' : 'es'}, ${sizeName(size)}`
}

/** One push → pull run in this process; messages per second at the receiver. */
export async function samePush(
  impl: JsImpl,
  transport: Transport,
  size: number,
  count: number,
  style: SendStyle = 'send',
): Promise<number> {
  const payload = Buffer.alloc(size, 1)
  const receiver = await pullReceiver(impl, bindEndpoint(transport), count)
  const sender = pushSender(impl, receiver.endpoint, style)
  await sender.run(payload, count)
  const rate = await receiver.done
  sender.close()
  receiver.close()
  return rate
}

/** One push → pull run with the receiver in the worker process. */
export async function twoProcessPush(
  ctx: Context,
  impl: JsImpl,
  transport: Transport,
  size: number,
  count: number,
  style: SendStyle = 'send',
): Promise<number> {
  const job = ctx.worker.run('pull', { impl, bindTo: bindEndpoint(transport), count })
  const { endpoint } = await job.event<{ endpoint: string }>('ready')
  const sender = pushSender(impl, endpoint, style)
  await sender.run(Buffer.alloc(size, 1), count)
  const { rate } = await job.event<{ rate: number }>('done')
  sender.close()
  return rate
}

async function nativeRate(process: NativeProcess): Promise<number> {
  const done = await process.wait('done')
  return done.rate!
}

export async function runThroughput(ctx: Context): Promise<void> {
  const count = (size: number): number => (ctx.quick ? 30000 : size > 100 ? 120000 : 160000)
  for (const transport of TRANSPORTS) {
    for (const size of SIZES) {
      const n = count(size)
      const contenders: Contender[] = [
        { impl: 'rxzmq', run: () => samePush('rxzmq', transport, size, n) },
        { impl: 'zeromq.js', run: () => samePush('zeromq.js', transport, size, n) },
      ]
      if (ctx.python !== undefined) {
        const python = ctx.python
        contenders.push({
          impl: 'pyzmq',
          run: () =>
            nativeRate(
              runPython(python, ['thr', bindEndpoint(transport), String(size), String(n)]),
            ),
        })
      }
      if (ctx.cBinary !== undefined) {
        const binary = ctx.cBinary
        const cCount = ctx.quick ? 500000 : 1000000
        contenders.push({
          impl: 'libzmq',
          run: () =>
            nativeRate(
              new NativeProcess(binary, [
                'thr',
                bindEndpoint(transport),
                String(size),
                String(cCount),
              ]),
            ),
        })
      }
      record(ctx, throughputCase(transport, 1, size), await interleave(ctx.rounds, contenders))
      if (transport === 'inproc') continue
      const figures = await interleave(ctx.rounds, [
        { impl: 'rxzmq', run: () => twoProcessPush(ctx, 'rxzmq', transport, size, n) },
        { impl: 'zeromq.js', run: () => twoProcessPush(ctx, 'zeromq.js', transport, size, n) },
      ])
      record(ctx, throughputCase(transport, 2, size), figures)
    }
  }
}

function record(ctx: Context, name: string, figures: Map<Impl, number[]>): void {
  for (const [impl, rounds] of figures) {
    const note =
      impl === 'pyzmq' || impl === 'libzmq'
        ? 'sender and receiver on two threads of one process'
        : undefined
    ctx.results.add({
      case: name,
      group: '1 throughput',
      impl,
      unit: 'msg/s',
      better: 'higher',
      rounds,
      note,
    })
  }
  const rx = ctx.results.find(name, 'rxzmq')!
  const raw = ctx.results.find(name, 'zeromq.js')!
  ctx.log(
    `${name}: rxzmq ${Math.round(rx.value)} zeromq.js ${Math.round(raw.value)} msg/s (${(rx.value / raw.value).toFixed(2)})`,
  )
}
