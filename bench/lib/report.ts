import type { BenchRecord, Impl, Results } from './results'
import { median } from './stats'

const IMPLS: Impl[] = ['rxzmq', 'zeromq.js', 'pyzmq', 'libzmq', 'naive']

/** A figure for a table: 3 significant digits, thousands separated. */
export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return '—'
  if (unit === 'µs' || unit === 'MB') return value < 10 ? value.toFixed(1) : value.toFixed(0)
  if (unit === 'kB') return value.toFixed(1) // bundle sizes, against goals like 8 kB
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} M`
  if (value >= 1e4) return `${(value / 1e3).toFixed(0)} k`
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)} k`
  return value.toFixed(0)
}

interface Row {
  group: string
  case: string
  unit: string
  cells: Partial<Record<Impl, string>>
  ratio: string
  /** min–max of the per-round pair ratios. */
  range: string
  /** rxzmq's and zeromq.js's main-thread CPU per message, ns (medians). */
  cpuRx: string
  cpuRaw: string
  cpuRatio: string
  cpuRange: string
}

function range(s: { min: number; max: number } | undefined): string {
  return s === undefined ? '' : `${s.min.toFixed(2)}–${s.max.toFixed(2)}`
}

/** A figure, and for latencies the range over the rounds: `53 (48–80)`. */
function cell(r: BenchRecord): string {
  const value = formatValue(r.value, r.unit)
  if (r.unit !== 'µs' || r.rounds.length < 2) return value
  return `${value} (${formatValue(Math.min(...r.rounds), r.unit)}–${formatValue(Math.max(...r.rounds), r.unit)})`
}

function rows(results: Results): Row[] {
  const byCase = new Map<string, BenchRecord[]>()
  for (const record of results.records) {
    const list = byCase.get(record.case) ?? []
    list.push(record)
    byCase.set(record.case, list)
  }
  return [...byCase.values()].map((records) => {
    const cells: Partial<Record<Impl, string>> = {}
    for (const r of records) cells[r.impl] = cell(r)
    const rx = records.find((r) => r.impl === 'rxzmq')
    const raw = records.find((r) => r.impl === 'zeromq.js')
    let ratio = ''
    if (rx?.ratio !== undefined) {
      ratio = rx.ratio.toFixed(2)
      if (rx.ratioLabel !== undefined) ratio += ` (${rx.ratioLabel})`
    }
    const ns = (v: number | undefined): string => (v === undefined ? '' : v.toFixed(0))
    return {
      group: records[0]!.group,
      case: records[0]!.case,
      unit: records[0]!.unit,
      cells,
      ratio,
      range: range(rx?.spread),
      cpuRx: ns(rx?.cpuValue),
      cpuRaw: ns(rx?.pairedWith?.cpu !== undefined ? median(rx.pairedWith.cpu) : raw?.cpuValue),
      cpuRatio: rx?.cpuRatio === undefined ? '' : rx.cpuRatio.toFixed(2),
      cpuRange: range(rx?.cpuSpread),
    }
  })
}

function usedImpls(results: Results): Impl[] {
  return IMPLS.filter((impl) => results.records.some((r) => r.impl === impl))
}

/** The results as a plain-text table for the terminal. */
export function textTable(results: Results): string {
  const impls = usedImpls(results)
  const header = [
    'case',
    ...impls,
    'unit',
    'ratio',
    'min–max',
    'cpu ns rx',
    'raw',
    'cpu ratio',
    'min–max',
  ]
  const body = rows(results).map((row) => [
    row.case,
    ...impls.map((impl) => row.cells[impl] ?? ''),
    row.unit,
    row.ratio,
    row.range,
    row.cpuRx,
    row.cpuRaw,
    row.cpuRatio,
    row.cpuRange,
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((line) => line[i]!.length)))
  const format = (line: string[]): string =>
    line
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
  const out = [format(header), widths.map((w) => '-'.repeat(w)).join('  ')]
  let group = ''
  for (let i = 0; i < body.length; i++) {
    const row = rows(results)[i]!
    if (row.group !== group && group !== '') out.push('')
    group = row.group
    out.push(format(body[i]!))
  }
  return out.join('\n')
}

/** The results as a Markdown table (for bench/README.md). */
export function markdownTable(results: Results): string {
  const impls = usedImpls(results)
  const header = [
    'case',
    ...impls,
    'unit',
    'rxzmq / zeromq.js',
    'pair ratios min–max',
    'CPU ns/msg rxzmq',
    'CPU ns/msg zeromq.js',
    'CPU ratio',
    'CPU min–max',
  ]
  const lines = [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
  ]
  for (const row of rows(results)) {
    const cells = [
      row.case,
      ...impls.map((impl) => row.cells[impl] ?? ''),
      row.unit,
      row.ratio,
      row.range,
      row.cpuRx,
      row.cpuRaw,
      row.cpuRatio,
      row.cpuRange,
    ]
    lines.push(`| ${cells.join(' | ')} |`)
  }
  return lines.join('\n')
}
