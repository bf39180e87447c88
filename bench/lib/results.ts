import { median } from './stats'

/** Who a figure belongs to: rxzmq, its baselines, or a plain-code baseline for operators. */
export type Impl = 'rxzmq' | 'zeromq.js' | 'pyzmq' | 'libzmq' | 'naive'

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
  /**
   * For rxzmq: its figure over the baseline's (rates), or the baseline's over its own (times,
   * memory), so that higher is always better. The baseline is zeromq.js in the same case unless
   * `baseline` says otherwise.
   */
  ratio?: number
  /** What `ratio` compares with, when it is not zeromq.js in the same case. */
  baseline?: { case: string; impl: Impl }
  /** How the table names the baseline, when it is not zeromq.js in the same case. */
  ratioLabel?: string
  /** Anything a reader needs to read the figure right. */
  note?: string
}

export type NewRecord = Omit<BenchRecord, 'value' | 'ratio'>

/** Collects records, computes medians and ratios. */
export class Results {
  readonly records: BenchRecord[] = []

  /** Adds a record whose value is the median of its rounds; returns it. */
  add(record: NewRecord): BenchRecord {
    const full: BenchRecord = { ...record, value: median(record.rounds) }
    this.records.push(full)
    return full
  }

  find(caseName: string, impl: Impl): BenchRecord | undefined {
    return this.records.find((r) => r.case === caseName && r.impl === impl)
  }

  /** Fills every rxzmq record's ratio against its baseline, where the baseline was measured. */
  computeRatios(): void {
    for (const record of this.records) {
      if (record.impl !== 'rxzmq') continue
      const base = record.baseline ?? { case: record.case, impl: 'zeromq.js' as Impl }
      const other = this.find(base.case, base.impl)
      if (other === undefined || !(other.value > 0) || !(record.value > 0)) continue
      record.ratio =
        record.better === 'higher' ? record.value / other.value : other.value / record.value
    }
  }
}
