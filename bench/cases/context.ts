import type { WorkerProcess } from '../lib/child'
import { split, type Impl, type Measured, type Results } from '../lib/results'
import { median } from '../lib/stats'

/** What every case gets from bench/run.ts. */
export interface Context {
  quick: boolean
  /** Rounds per case: implementations alternate within each round, pair ratios are reported. */
  rounds: number
  /** Rounds for the foreign baselines (pyzmq, libzmq C), which no ratio depends on. */
  foreignRounds: number
  results: Results
  worker: WorkerProcess
  /** The compiled libzmq C baseline, when a compiler and headers are present. */
  cBinary?: string
  /** A Python with pyzmq, when present. */
  python?: string
  /** Baselines or cases left out, with the reason, for the report. */
  skipped: string[]
  log(line: string): void
}

/** One implementation's way of running one measurement. */
export interface Contender {
  impl: Impl
  run(): Promise<number | Measured>
  /** Run only in the first `rounds` rounds (foreign baselines in quick mode). */
  rounds?: number
}

/** Options of {@link interleave}. */
export interface InterleaveOptions {
  /** Run every contender once, untimed, before the rounds (JIT, connections, caches). */
  warmUp?: boolean
}

/**
 * Runs every contender once per round, rxzmq and its baseline back to back, the order
 * alternating from round to round (AB BA AB BA...) so that neither always goes first, and
 * returns each one's figures in round order: round i of one contender pairs with round i of
 * another.
 */
export async function interleave(
  rounds: number,
  contenders: readonly Contender[],
  options: InterleaveOptions = {},
): Promise<Map<Impl, Measured[]>> {
  const figures = new Map<Impl, Measured[]>(contenders.map((c) => [c.impl, []]))
  if (options.warmUp === true) {
    for (const contender of contenders) if (contender.rounds === undefined) await contender.run()
  }
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? contenders : [...contenders].reverse()
    for (const contender of order) {
      if (contender.rounds !== undefined && round >= contender.rounds) continue
      const result = await contender.run()
      figures.get(contender.impl)!.push(typeof result === 'number' ? { value: result } : result)
    }
  }
  return figures
}

/** `16 B` / `1 KiB`. */
export function sizeName(size: number): string {
  return size >= 1024 ? `${size / 1024} KiB` : `${size} B`
}

/** Adds one record per implementation from interleaved figures; returns rxzmq's ratio line. */
export function addFigures(
  ctx: Context,
  what: {
    case: string
    group: string
    unit: string
    better: 'higher' | 'lower'
    note?: (impl: Impl) => string | undefined
    baseline?: { case: string; impl: Impl }
    ratioLabel?: string
  },
  figures: Map<Impl, Measured[]>,
): void {
  for (const [impl, runs] of figures) {
    ctx.results.add({
      case: what.case,
      group: what.group,
      impl,
      unit: what.unit,
      better: what.better,
      ...split(runs),
      baseline: impl === 'rxzmq' ? what.baseline : undefined,
      ratioLabel: impl === 'rxzmq' ? what.ratioLabel : undefined,
      note: what.note?.(impl),
    })
  }
}

/** Logs rxzmq's paired ratios for a case (wall clock and CPU), as soon as it is measured. */
export function logRatio(ctx: Context, name: string, baseline: Impl = 'zeromq.js'): void {
  const rx = ctx.results.find(name, 'rxzmq')
  const raw = ctx.results.find(name, baseline)
  if (rx === undefined || raw === undefined) return
  const higher = rx.better === 'higher'
  const pairs = rx.rounds.map((v, i) => (higher ? v / raw.rounds[i]! : raw.rounds[i]! / v))
  const cpuPairs =
    rx.cpu !== undefined && raw.cpu !== undefined ? rx.cpu.map((v, i) => raw.cpu![i]! / v) : []
  const fmt = (xs: number[]): string =>
    xs.length === 0
      ? '—'
      : `${median(xs).toFixed(2)} [${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}]`
  const cpu =
    rx.cpuValue !== undefined && raw.cpuValue !== undefined
      ? `, cpu ${Math.round(rx.cpuValue)} vs ${Math.round(raw.cpuValue)} ns: ${fmt(cpuPairs)}`
      : ''
  ctx.log(`${name}: ${fmt(pairs)}${cpu}`)
}
