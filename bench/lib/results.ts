import { median, spread, type Spread } from './stats'

/** Who a figure belongs to: rxzmq, its baselines, or a plain-code baseline for operators. */
export type Impl = 'rxzmq' | 'zeromq.js' | 'pyzmq' | 'libzmq' | 'naive'

/** What one run of one contender measured. */
export interface Measured {
  /** The figure: msg/s, rt/s, µs, MB, ops/s. */
  value: number
  /**
   * On-CPU nanoseconds of the JavaScript main thread per message (or round trip), this
   * process's plus, in two-process cases, the worker's (see bench/lib/cpu.ts).
   */
  cpuNs?: number
  /** The worker process's share of `cpuNs`, when there is a worker. */
  peerCpuNs?: number
}

/** One figure of one case for one implementation, as written to latest.json. */
export interface BenchRecord {
  /** Which case, e.g. `1 push→pull tcp, 1 process, 16 B`. */
  case: string
  /** The case family (`1 throughput`, `4 request/reply`...), for the table and the chart. */
  group: string
  impl: Impl
  /** `msg/s`, `rt/s`, `µs`, `MB`, `ops/s`, `records/s`. */
  unit: string
  /** The median over the rounds. */
  value: number
  /** Whether a larger value is better (rates) or a smaller one (times, memory). */
  better: 'higher' | 'lower'
  /** Every round's figure, in the order measured. */
  rounds: number[]
  /** Every round's main-thread CPU nanoseconds per message (see Measured.cpuNs). */
  cpu?: number[]
  /** Every round's worker share of `cpu`. */
  peerCpu?: number[]
  /** The median of `cpu`. */
  cpuValue?: number
  /**
   * For rxzmq: the median over the rounds of the pair ratio (its figure over the baseline's
   * measured next to it in the same round for rates; the baseline's over its own for times
   * and memory), so that higher is always better. The baseline is zeromq.js in the same case
   * unless `baseline` says otherwise. Where the baseline was not measured round for round
   * (`ratioMethod: 'medians'`), the ratio of the medians.
   */
  ratio?: number
  ratioMethod?: 'paired' | 'medians'
  /** The per-round pair ratios behind `ratio`. */
  pairs?: number[]
  /** min / quartiles / max of `pairs`. */
  spread?: Spread
  /** The same for CPU per message: baseline ns over rxzmq ns, the median of the pairs. */
  cpuRatio?: number
  cpuPairs?: number[]
  cpuSpread?: Spread
  /** What `ratio` compares with, when it is not zeromq.js in the same case. */
  baseline?: { case: string; impl: Impl }
  /**
   * The baseline's figures measured round for round with these (when the baseline record
   * holds figures from several interleavings, as the send-style rows of case 2 do).
   */
  pairedWith?: { rounds: number[]; cpu?: number[] }
  /** How the table names the baseline, when it is not zeromq.js in the same case. */
  ratioLabel?: string
  /** Anything a reader needs to read the figure right. */
  note?: string
}

export type NewRecord = Omit<BenchRecord, 'value' | 'ratio' | 'cpuValue'>

/** Splits measured runs into figures and CPU figures. */
export function split(runs: readonly Measured[]): {
  rounds: number[]
  cpu?: number[]
  peerCpu?: number[]
} {
  const rounds = runs.map((r) => r.value)
  const cpu = runs.every((r) => r.cpuNs !== undefined) ? runs.map((r) => r.cpuNs!) : undefined
  const peerCpu = runs.every((r) => r.peerCpuNs !== undefined)
    ? runs.map((r) => r.peerCpuNs!)
    : undefined
  return { rounds, cpu, peerCpu }
}

/** Collects records, computes medians and ratios. */
export class Results {
  readonly records: BenchRecord[] = []

  /** Adds a record whose value is the median of its rounds; returns it. */
  add(record: NewRecord): BenchRecord {
    const full: BenchRecord = {
      ...record,
      value: median(record.rounds),
      cpuValue: record.cpu === undefined ? undefined : median(record.cpu),
    }
    this.records.push(full)
    return full
  }

  find(caseName: string, impl: Impl): BenchRecord | undefined {
    return this.records.find((r) => r.case === caseName && r.impl === impl)
  }

  /** Fills every rxzmq record's ratios against its baseline, where the baseline was measured. */
  computeRatios(): void {
    for (const record of this.records) {
      if (record.impl !== 'rxzmq') continue
      const base = record.baseline ?? { case: record.case, impl: 'zeromq.js' as Impl }
      const other = this.find(base.case, base.impl)
      const baseRounds = record.pairedWith?.rounds ?? other?.rounds
      if (baseRounds === undefined || baseRounds.length === 0) continue
      const higher = record.better === 'higher'
      const ratioOf = (rx: number, raw: number): number => (higher ? rx / raw : raw / rx)
      // Pairs only where the baseline ran round for round with this record: the same case, or
      // the rounds given in pairedWith.
      const paired = record.pairedWith !== undefined || base.case === record.case
      if (paired && baseRounds.length === record.rounds.length) {
        record.pairs = record.rounds.map((rx, i) => ratioOf(rx, baseRounds[i]!))
        record.ratio = median(record.pairs)
        record.spread = spread(record.pairs)
        record.ratioMethod = 'paired'
      } else {
        const raw = median(baseRounds)
        if (!(raw > 0) || !(record.value > 0)) continue
        record.ratio = ratioOf(record.value, raw)
        record.ratioMethod = 'medians'
      }
      const baseCpu = record.pairedWith?.cpu ?? other?.cpu
      if (
        paired &&
        record.cpu !== undefined &&
        baseCpu !== undefined &&
        baseCpu.length === record.cpu.length
      ) {
        record.cpuPairs = record.cpu.map((rx, i) => baseCpu[i]! / rx)
        record.cpuRatio = median(record.cpuPairs)
        record.cpuSpread = spread(record.cpuPairs)
      }
    }
  }
}
