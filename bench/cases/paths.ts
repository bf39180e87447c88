// Case 2: each direction alone, against a libzmq C peer in another process that is ~10x
// faster than either JavaScript side, so the figure is the JavaScript side's own limit.
import { NativeProcess } from '../lib/external'
import { pullReceiver, pushSender, type JsImpl, type SendStyle } from '../lib/roles'
import { interleave, sizeName, type Context } from './context'
import { SIZES } from './throughput'

/** A C sender floods an rxzmq or zeromq.js PULL bound on tcp. */
async function receivePath(
  binary: string,
  impl: JsImpl,
  size: number,
  count: number,
): Promise<number> {
  // The C sender sends a few more than counted, so that the receiver never waits on a tail.
  const receiver = await pullReceiver(impl, 'tcp://127.0.0.1:*', count)
  const sender = new NativeProcess(binary, [
    'send',
    receiver.endpoint,
    String(size),
    String(count + 1000),
  ])
  const rate = await receiver.done
  receiver.close()
  sender.kill()
  return rate
}

/** An rxzmq or zeromq.js PUSH sends to a C receiver, which times first to last message. */
async function sendPath(
  binary: string,
  impl: JsImpl,
  style: SendStyle,
  size: number,
  count: number,
): Promise<number> {
  const receiver = new NativeProcess(binary, [
    'recv',
    'tcp://127.0.0.1:*',
    String(size),
    String(count),
  ])
  const { endpoint } = await receiver.wait('ready')
  const sender = pushSender(impl, endpoint!, style)
  await sender.run(Buffer.alloc(size, 1), count)
  const done = await receiver.wait('done')
  sender.close()
  return done.rate!
}

export async function runPaths(ctx: Context): Promise<void> {
  const binary = ctx.cBinary
  if (binary === undefined) {
    ctx.skipped.push('case 2: needs the libzmq C baseline as the fast peer')
    return
  }
  const count = ctx.quick ? 40000 : 150000
  for (const size of SIZES) {
    const receiveName = `2 receive path, tcp, ${sizeName(size)}`
    const received = await interleave(ctx.rounds, [
      { impl: 'rxzmq', run: () => receivePath(binary, 'rxzmq', size, count) },
      { impl: 'zeromq.js', run: () => receivePath(binary, 'zeromq.js', size, count) },
    ])
    for (const [impl, rounds] of received) {
      ctx.results.add({
        case: receiveName,
        group: '2 paths',
        impl,
        unit: 'msg/s',
        better: 'higher',
        rounds,
        note: 'a libzmq C sender in another process',
      })
    }

    // Each rxzmq send style runs in its own interleaving with raw zeromq.js; the raw figures
    // of all three go into one record, the baseline of all three.
    const sendName = `2 send path, tcp, ${sizeName(size)}`
    const raw: number[] = []
    for (const style of ['send', 'next', 'sendTo'] as SendStyle[]) {
      const figures = await interleave(ctx.rounds, [
        { impl: 'rxzmq', run: () => sendPath(binary, 'rxzmq', style, size, count) },
        { impl: 'zeromq.js', run: () => sendPath(binary, 'zeromq.js', 'send', size, count) },
      ])
      raw.push(...figures.get('zeromq.js')!)
      const name =
        style === 'send' ? sendName : `${sendName}, ${style === 'next' ? 'next()' : 'sendTo'}`
      ctx.results.add({
        case: name,
        group: '2 paths',
        impl: 'rxzmq',
        unit: 'msg/s',
        better: 'higher',
        rounds: figures.get('rxzmq')!,
        baseline: style === 'send' ? undefined : { case: sendName, impl: 'zeromq.js' },
        ratioLabel: style === 'send' ? undefined : 'vs await send()',
        note: `rxzmq ${style === 'send' ? 'send()' : style === 'next' ? 'next()' : 'sendTo'} into a libzmq C receiver in another process`,
      })
    }
    ctx.results.add({
      case: sendName,
      group: '2 paths',
      impl: 'zeromq.js',
      unit: 'msg/s',
      better: 'higher',
      rounds: raw,
      note: '`await send()` into a libzmq C receiver in another process',
    })
  }
}
