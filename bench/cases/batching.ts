// Case 7: 16-byte logical messages packed by batch() into length-prefixed frames, sent
// push → pull over tcp in one process and unpacked by unbatch(); logical messages per second,
// set against the per-message figures of case 1 and libzmq's own C throughput.
import { Observable, type Subscription } from 'rxjs'
import { batch, PullSocket, PushSocket, unbatch } from '../lib/rxzmq'
import { now } from '../lib/stats'
import { bindEndpoint, type Transport } from '../lib/endpoints'
import { NativeProcess } from '../lib/external'
import { split } from '../lib/results'
import { interleave, type Context, type Contender } from './context'
import { throughputCase } from './throughput'

/** A source of `count` records, emitted in synchronous chunks with a turn of the event loop between. */
function records(record: Buffer, count: number, push: PushSocket): Observable<Buffer> {
  return new Observable<Buffer>((subscriber) => {
    let sent = 0
    const chunk = (): void => {
      // Keep the socket's bounded send queue from overflowing: wait while it is half full.
      if (push.queueDepth < 500) {
        const end = Math.min(count, sent + 65536)
        while (sent < end && !subscriber.closed) {
          subscriber.next(record)
          sent++
        }
      }
      if (sent < count) setImmediate(chunk)
      else subscriber.complete()
    }
    chunk()
  })
}

async function batched(transport: Transport, count: number): Promise<number> {
  const pull = new PullSocket()
  const endpoint = await pull.bind(bindEndpoint(transport))
  const push = new PushSocket({ connect: endpoint })
  const record = Buffer.alloc(16, 7)
  let first = 0
  let subscription: Subscription | undefined
  const done = new Promise<number>((resolve, reject) => {
    let n = 0
    subscription = pull.pipe(unbatch()).subscribe({
      next: () => {
        if (n === 0) first = now()
        if (++n === count) resolve((count - 1) / (now() - first))
      },
      error: reject,
    })
  })
  records(record, count, push)
    .pipe(batch({ maxBytes: 65536, maxDelay: 1 }))
    .subscribe(push)
  const rate = await done
  subscription?.unsubscribe()
  push.close()
  pull.close()
  return rate
}

export async function runBatching(ctx: Context): Promise<void> {
  const count = ctx.quick ? 2000000 : 6000000
  for (const transport of ['tcp', 'inproc'] as Transport[]) {
    const name = `7 batched 16 B records, ${transport}, 1 process`
    const contenders: Contender[] = [{ impl: 'rxzmq', run: () => batched(transport, count) }]
    if (ctx.cBinary !== undefined) {
      const binary = ctx.cBinary
      contenders.push({
        impl: 'libzmq',
        rounds: ctx.foreignRounds,
        run: async () => {
          const c = new NativeProcess(binary, [
            'thr',
            bindEndpoint(transport),
            '16',
            String(ctx.quick ? 500000 : 1000000),
          ])
          return (await c.wait('done')).rate!
        },
      })
    }
    const figures = await interleave(ctx.quick ? 2 : 3, contenders)
    for (const [impl, runs] of figures) {
      const rounds = split(runs).rounds
      ctx.results.add({
        case: name,
        group: '7 batching',
        impl,
        unit: 'records/s',
        better: 'higher',
        rounds,
        baseline:
          impl === 'rxzmq'
            ? { case: throughputCase(transport, 1, 16), impl: 'zeromq.js' }
            : undefined,
        ratioLabel: impl === 'rxzmq' ? 'vs per-message zeromq.js' : undefined,
        note:
          impl === 'rxzmq'
            ? 'batch({ maxBytes: 65536, maxDelay: 1 }) → Push → Pull → unbatch(); goal ≥ 8,000,000/s on tcp'
            : 'libzmq C, one 16-byte message per zmq_send, two threads',
      })
    }
    const rx = ctx.results.find(name, 'rxzmq')!.value
    const c = ctx.results.find(name, 'libzmq')?.value
    ctx.log(
      `${name}: ${(rx / 1e6).toFixed(2)} M records/s${c !== undefined ? ` (libzmq C single messages ${(c / 1e6).toFixed(2)} M/s, ${(rx / c).toFixed(2)}x)` : ''}`,
    )
  }
}
