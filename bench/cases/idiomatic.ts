// Case 10: the idiomatic paths, 16 B over tcp, one process and two, against raw zeromq.js as
// its README writes it (`await send()` in a loop, `for await` to receive):
//   - sending with `range(N).pipe(map(() => payload), sendTo(push))`
//   - sending with `range(N).pipe(map(() => payload)).subscribe(push)` (the socket as an
//     Observer; its send queue's limit raised to N, since the source is synchronous)
//   - receiving with a typical chain, `pull.pipe(text(), map(f))` subscribed, against
//     `for await` + `toString()` + the same f
//   - both ends idiomatic: sendTo into `pull.pipe(text(), map(f))`.
// The receivers of the send rows just count (rxzmq: a subscriber, zeromq.js: `for await`);
// the senders of the receive rows are `await send()` loops on both sides.
import type { Transport } from '../lib/endpoints'
import type { Impl, Measured } from '../lib/results'
import { addFigures, interleave, logRatio, type Context } from './context'
import { samePush, throughputCount, twoProcessPush, type Styles } from './throughput'

const ROWS: [string, Styles][] = [
  ['send range(N).pipe(sendTo(push))', { send: 'sendTo' }],
  ['send range(N).subscribe(push)', { send: 'subscribe' }],
  ['receive pull.pipe(text(), map(f))', { receive: 'chain' }],
  ['sendTo → pull.pipe(text(), map(f))', { send: 'sendTo', receive: 'chain' }],
]

export async function runIdiomatic(ctx: Context): Promise<void> {
  const transport: Transport = 'tcp'
  const size = 16
  const n = throughputCount(ctx, size)
  let first = true
  for (const [what, styles] of ROWS) {
    for (const processes of [1, 2] as const) {
      const name = `10 ${what}, tcp, ${processes} process${processes === 1 ? '' : 'es'}, 16 B`
      const run = (impl: 'rxzmq' | 'zeromq.js'): Promise<Measured> =>
        processes === 1
          ? samePush(impl, transport, size, n, styles)
          : twoProcessPush(ctx, impl, transport, size, n, styles)
      const figures: Map<Impl, Measured[]> = await interleave(
        ctx.rounds,
        [
          { impl: 'rxzmq', run: () => run('rxzmq') },
          { impl: 'zeromq.js', run: () => run('zeromq.js') },
        ],
        { warmUp: first },
      )
      first = false
      addFigures(
        ctx,
        {
          case: name,
          group: '10 idiomatic',
          unit: 'msg/s',
          better: 'higher',
          note: (impl) =>
            impl === 'rxzmq'
              ? `rxzmq: ${what}${styles.send === 'subscribe' ? ' (sendQueue.limit = N)' : ''}`
              : `zeromq.js: await send() loop, for await${styles.receive === 'chain' ? ' + toString() + f' : ''}`,
        },
        figures,
      )
      logRatio(ctx, name)
    }
  }
}
