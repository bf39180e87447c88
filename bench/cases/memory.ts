// Case 6: resident memory stays bounded when the peer stops or slows down. Each scenario runs
// in a fresh worker process (a peak is sticky), and reports its peak growth over the baseline.
import { WorkerProcess } from '../lib/child'
import type { Impl } from '../lib/results'
import type { MemoryResult, MemoryScenario } from './memoryScenarios'
import type { Context } from './context'

async function inFreshWorker(scenario: MemoryScenario, count: number): Promise<MemoryResult> {
  const worker = new WorkerProcess()
  try {
    await worker.up
    return await worker.run('memory', { scenario, count }).event<MemoryResult>('done', 300000)
  } finally {
    await worker.close()
  }
}

export async function runMemory(ctx: Context): Promise<void> {
  const count = ctx.quick ? 50000 : 1000000
  const rounds = ctx.quick ? 1 : 2
  const stalled = '6 memory, publisher → stalled subscriber, 1 KiB'
  const scenarios: [string, MemoryScenario, Impl][] = [
    [stalled, 'publish-to-stalled-rxzmq', 'rxzmq'],
    [stalled, 'publish-to-stalled-zeromq.js', 'zeromq.js'],
    ["6 memory, next() → slow peer, 'drop-newest'", 'next-drop-newest', 'rxzmq'],
    ["6 memory, next() → slow peer, 'drop-oldest'", 'next-drop-oldest', 'rxzmq'],
    ["6 memory, next() → slow peer, 'error'", 'next-error', 'rxzmq'],
  ]
  const figures = new Map<MemoryScenario, MemoryResult[]>()
  for (let round = 0; round < rounds; round++) {
    for (const [, scenario] of round % 2 === 0 ? scenarios : [...scenarios].reverse()) {
      const list = figures.get(scenario) ?? []
      list.push(await inFreshWorker(scenario, count))
      figures.set(scenario, list)
    }
  }
  for (const [name, scenario, impl] of scenarios) {
    const results = figures.get(scenario)!
    const last = results[results.length - 1]!
    const record = ctx.results.add({
      case: name,
      group: '6 memory',
      impl,
      unit: 'MB',
      better: 'lower',
      rounds: results.map((r) => r.peakGrowthMB),
      note: `peak RSS growth while sending ${count} messages (baseline ${last.baselineMB.toFixed(0)} MB; last run accepted ${last.accepted}, dropped ${last.dropped})`,
    })
    ctx.log(
      `${name} [${impl}]: +${record.value.toFixed(1)} MB peak (accepted ${last.accepted}, dropped ${last.dropped})`,
    )
  }
}
