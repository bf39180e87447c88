// Case 9: rxzmq/web as a page gets it. Bundle sizes (bench/web/bundleSize.ts: esbuild, minified,
// rxjs left out, gzip 9) of an app with only a SUB socket and text(), and of the whole entry;
// then, in Chromium, messages per second an rxzmq/web SubscriberSocket receives from a native
// PUB over ws://, against a hand-written raw WebSocket SUB in the same page and run
// (bench/web/throughput.ts), the two taking turns round after round.
import { bundleSizes } from '../web/bundleSize'
import { webThroughput, webThroughputMissing } from '../web/throughput'
import type { Context } from './context'

const GROUP = '9 rxzmq/web'

export async function runWeb(ctx: Context): Promise<void> {
  const missing = webThroughputMissing()
  if (missing !== undefined) {
    ctx.skipped.push(`case 9 (rxzmq/web): ${missing}`)
    return
  }
  for (const { app, gzipped, minified } of await bundleSizes()) {
    ctx.log(
      `bundle, ${app}: ${(gzipped / 1024).toFixed(1)} kB min+gzip (${(minified / 1024).toFixed(1)} kB minified)`,
    )
    ctx.results.add({
      case: `9 bundle, ${app}, min+gzip`,
      group: GROUP,
      impl: 'rxzmq',
      unit: 'kB',
      better: 'lower',
      rounds: [gzipped / 1024],
      note: 'rxjs excluded; goal: 8 kB for SUB + text(), 20 kB for the whole entry',
    })
  }
  const name = '9 SUB in Chromium, native PUB over ws://'
  const { result } = await webThroughput({
    rounds: ctx.rounds,
    messages: ctx.quick ? 10000 : 30000,
    log: (line) => ctx.log(line),
  })
  const ratio = result.ratios['rxzmq']!
  ctx.log(
    `rxzmq/raw messages/s, median of the per-round ratios: ${ratio.median.toFixed(3)} ` +
      `(${ratio.min.toFixed(3)}–${ratio.max.toFixed(3)}; goal >= 0.9)`,
  )
  for (const [impl, handler] of [
    ['naive', 'raw'],
    ['rxzmq', 'rxzmq'],
  ] as const) {
    ctx.results.add({
      case: name,
      group: GROUP,
      impl,
      unit: 'msg/s',
      better: 'higher',
      rounds: result.runs.map((round) => round.find((run) => run.handler === handler)!.rate),
      baseline: impl === 'rxzmq' ? { case: name, impl: 'naive' } : undefined,
      ratioLabel: impl === 'rxzmq' ? 'vs raw WebSocket' : undefined,
      note:
        impl === 'naive' ? 'naive = a hand-written ZWS 2.0 SUB on the raw WebSocket' : undefined,
    })
  }
}
