// Case 1: push → pull throughput over tcp, ipc, inproc; one process and two processes.
import { threadCpuNs } from '../lib/cpu'
import { withTimeout } from '../lib/stats'
import { bindEndpoint, type Transport } from '../lib/endpoints'
import { NativeProcess, runPython } from '../lib/external'
import {
  pullReceiver,
  pushSender,
  type JsImpl,
  type ReceiveStyle,
  type SendStyle,
} from '../lib/roles'
import type { Impl, Measured } from '../lib/results'
import { addFigures, interleave, logRatio, sizeName, type Contender, type Context } from './context'

export const SIZES = [16, 1024]
const TRANSPORTS: Transport[] = ['tcp', 'ipc', 'inproc']

export function throughputCase(transport: Transport, processes: 1 | 2, size: number): string {
  return `1 push→pull ${transport}, ${processes} process${processes === 1 ? '' : 'es'}, ${sizeName(size)}`
}

/** How each side of a push → pull run is written (rxzmq's styles; zeromq.js's matching ones). */
export interface Styles {
  send?: SendStyle
  receive?: ReceiveStyle
}

/** Text for the `chain` receivers: valid UTF-8. */
function payloadOf(size: number): Buffer {
  return Buffer.alloc(size, 0x61)
}

/**
 * One push → pull run in this process: messages per second at the receiver (first message to
 * last), and the main thread's CPU per message from the first send to the last receive.
 */
export async function samePush(
  impl: JsImpl,
  transport: Transport,
  size: number,
  count: number,
  styles: Styles = {},
): Promise<Measured> {
  const payload = payloadOf(size)
  const receiver = await pullReceiver(impl, bindEndpoint(transport), count, styles.receive)
  const sender = pushSender(impl, receiver.endpoint, styles.send, count)
  const cpu0 = threadCpuNs()
  await sender.run(payload, count)
  const rate = await withTimeout(receiver.done, 120000, `${impl} push → pull ${transport}`)
  const cpuNs = (threadCpuNs() - cpu0) / count
  sender.close()
  receiver.close()
  return { value: rate, cpuNs }
}

/**
 * One push → pull run with the receiver in the worker process. CPU: the sender's main thread
 * from the first send until the worker reported the last message, plus the receiver's main
 * thread from ready to the last message, per message.
 */
export async function twoProcessPush(
  ctx: Context,
  impl: JsImpl,
  transport: Transport,
  size: number,
  count: number,
  styles: Styles = {},
): Promise<Measured> {
  const job = ctx.worker.run('pull', {
    impl,
    bindTo: bindEndpoint(transport),
    count,
    style: styles.receive,
  })
  const { endpoint } = await job.event<{ endpoint: string }>('ready')
  const sender = pushSender(impl, endpoint, styles.send, count)
  const cpu0 = threadCpuNs()
  await sender.run(payloadOf(size), count)
  const { rate, cpuNs: peer } = await job.event<{ rate: number; cpuNs: number }>('done')
  const own = threadCpuNs() - cpu0
  sender.close()
  return { value: rate, cpuNs: (own + peer) / count, peerCpuNs: peer / count }
}

async function nativeRate(process: NativeProcess): Promise<number> {
  const done = await process.wait('done')
  return done.rate!
}

/** Messages per run: long enough to be steady, short enough for the time budget. */
export function throughputCount(ctx: Context, size: number): number {
  if (ctx.quick) return size > 100 ? 6000 : 8000
  return size > 100 ? 20000 : 30000
}

export async function runThroughput(ctx: Context): Promise<void> {
  let first = true
  for (const transport of TRANSPORTS) {
    for (const size of SIZES) {
      const n = throughputCount(ctx, size)
      const contenders: Contender[] = [
        { impl: 'rxzmq', run: () => samePush('rxzmq', transport, size, n) },
        { impl: 'zeromq.js', run: () => samePush('zeromq.js', transport, size, n) },
      ]
      if (ctx.python !== undefined) {
        const python = ctx.python
        contenders.push({
          impl: 'pyzmq',
          rounds: ctx.foreignRounds,
          run: () =>
            nativeRate(
              runPython(python, ['thr', bindEndpoint(transport), String(size), String(n * 4)]),
            ),
        })
      }
      if (ctx.cBinary !== undefined) {
        const binary = ctx.cBinary
        const cCount = ctx.quick ? 200000 : 1000000
        contenders.push({
          impl: 'libzmq',
          rounds: ctx.foreignRounds,
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
      const one = throughputCase(transport, 1, size)
      record(ctx, one, await interleave(ctx.rounds, contenders, { warmUp: first }))
      if (transport === 'inproc') continue
      const two = throughputCase(transport, 2, size)
      const figures = await interleave(
        ctx.rounds,
        [
          { impl: 'rxzmq', run: () => twoProcessPush(ctx, 'rxzmq', transport, size, n) },
          { impl: 'zeromq.js', run: () => twoProcessPush(ctx, 'zeromq.js', transport, size, n) },
        ],
        { warmUp: first },
      )
      record(ctx, two, figures)
      first = false
    }
  }
}

function record(ctx: Context, name: string, figures: Map<Impl, Measured[]>): void {
  addFigures(
    ctx,
    {
      case: name,
      group: '1 throughput',
      unit: 'msg/s',
      better: 'higher',
      note: (impl) =>
        impl === 'pyzmq' || impl === 'libzmq'
          ? 'sender and receiver on two threads of one process'
          : undefined,
    },
    figures,
  )
  logRatio(ctx, name)
}
