import type { WorkerProcess } from '../lib/child'
import type { Impl, Results } from '../lib/results'

/** What every case gets from bench/run.ts. */
export interface Context {
  quick: boolean
  /** Rounds per case: implementations alternate within each round, medians are reported. */
  rounds: number
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
  run(): Promise<number>
}

/**
 * Runs every contender once per round, alternating the order from round to round so that
 * neither always goes first, and returns each one's figures in round order.
 */
export async function interleave(
  rounds: number,
  contenders: readonly Contender[],
): Promise<Map<Impl, number[]>> {
  const figures = new Map<Impl, number[]>(contenders.map((c) => [c.impl, []]))
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? contenders : [...contenders].reverse()
    for (const contender of order) figures.get(contender.impl)!.push(await contender.run())
  }
  return figures
}

/** `16 B` / `1 KiB`. */
export function sizeName(size: number): string {
  return size >= 1024 ? `${size / 1024} KiB` : `${size} B`
}
