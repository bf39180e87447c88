// Case 2: each direction alone, against a libzmq C peer in another process that is ~10x
// faster than either JavaScript side, so the figure is the JavaScript side's own limit.
import { threadCpuNs } from '../lib/cpu'
import { NativeProcess } from '../lib/external'
import { pullReceiver, pushSender, type JsImpl, type SendStyle } from '../lib/roles'
import { split, type Measured } from '../lib/results'
import { addFigures, interleave, logRatio, sizeName, type Context } from './context'
import { SIZES } from './throughput'

/** A C sender floods an rxzmq or zeromq.js PULL bound on tcp. */
async function receivePath(
  binary: string,
  impl: JsImpl,
  size: number,
  count: number,
): Promise<Measured> {
  // The C sender sends a few more than counted, so that the receiver never waits on a tail.
  const receiver = await pullReceiver(impl, 'tcp://127.0.0.1:*', count)
  const cpu0 = threadCpuNs()
  const sender = new NativeProcess(binary, [
    'send',
    receiver.endpoint,
    String(size),
    String(count + 1000),
  ])
  const rate = await receiver.done
  const cpuNs = (threadCpuNs() - cpu0) / count
  receiver.close()
  sender.kill()
  return { value: rate, cpuNs }
}

/** An rxzmq or zeromq.js PUSH sends to a C receiver, which times first to last message. */
async function sendPath(
  binary: string,
  impl: JsImpl,
  style: SendStyle,
  size: number,
  count: number,
): Promise<Measured> {
  const receiver = new NativeProcess(binary, [
    'recv',
    'tcp://127.0.0.1:*',
    String(size),
    String(count),
  ])
  const { endpoint } = await receiver.wait('ready')
  const sender = pushSender(impl, endpoint!, style, count)
  const cpu0 = threadCpuNs()
  await sender.run(Buffer.alloc(size, 1), count)
  const cpuNs = (threadCpuNs() - cpu0) / count
  const done = await receiver.wait('done')
  sender.close()
  return { value: done.rate!, cpuNs }
}

export async function runPaths(ctx: Context): Promise<void> {
  const binary = ctx.cBinary
  if (binary === undefined) {
    ctx.skipped.push('case 2: needs the libzmq C baseline as the fast peer')
    return
  }
  const count = ctx.quick ? 10000 : 40000
  let first = true
  for (const size of SIZES) {
    const receiveName = `2 receive path, tcp, ${sizeName(size)}`
    const received = await interleave(
      ctx.rounds,
      [
        { impl: 'rxzmq', run: () => receivePath(binary, 'rxzmq', size, count) },
        { impl: 'zeromq.js', run: () => receivePath(binary, 'zeromq.js', size, count) },
      ],
      { warmUp: first },
    )
    addFigures(
      ctx,
      {
        case: receiveName,
        group: '2 paths',
        unit: 'msg/s',
        better: 'higher',
        note: () => 'a libzmq C sender in another process',
      },
      received,
    )
    logRatio(ctx, receiveName)

    // Each rxzmq send style runs in its own interleaving with raw zeromq.js, and its ratio
    // pairs it with the raw rounds of that interleaving; the raw figures of all of them go
    // into one record, the baseline row.
    const sendName = `2 send path, tcp, ${sizeName(size)}`
    const raw: Measured[] = []
    const styles: [SendStyle, string][] = [
      ['send', sendName],
      ['next', `${sendName}, next()`],
      ['sendTo', `${sendName}, range(N).pipe(sendTo(push))`],
      ['subscribe', `${sendName}, range(N).subscribe(push)`],
    ]
    for (const [style, name] of styles) {
      const figures = await interleave(
        ctx.rounds,
        [
          { impl: 'rxzmq', run: () => sendPath(binary, 'rxzmq', style, size, count) },
          { impl: 'zeromq.js', run: () => sendPath(binary, 'zeromq.js', 'send', size, count) },
        ],
        { warmUp: first },
      )
      first = false
      const rawRuns = figures.get('zeromq.js')!
      raw.push(...rawRuns)
      const { rounds, cpu } = split(rawRuns)
      ctx.results.add({
        case: name,
        group: '2 paths',
        impl: 'rxzmq',
        unit: 'msg/s',
        better: 'higher',
        ...split(figures.get('rxzmq')!),
        baseline: style === 'send' ? undefined : { case: sendName, impl: 'zeromq.js' },
        pairedWith: { rounds, cpu },
        ratioLabel: style === 'send' ? undefined : 'vs await send()',
        note: `rxzmq ${name.slice(sendName.length + 2) || 'send()'} into a libzmq C receiver in another process${style === 'subscribe' ? '; sendQueue.limit raised to N' : ''}`,
      })
      const rx = ctx.results.find(name, 'rxzmq')!
      const pairs = rx.rounds.map((v, i) => v / rounds[i]!)
      ctx.log(`${name}: ${pairs.map((p) => p.toFixed(2)).join(' ')}`)
    }
    ctx.results.add({
      case: sendName,
      group: '2 paths',
      impl: 'zeromq.js',
      unit: 'msg/s',
      better: 'higher',
      ...split(raw),
      note: '`await send()` into a libzmq C receiver in another process',
    })
  }
}
