import type { BenchRecord, Impl, Results } from './results'

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
    for (const r of records) cells[r.impl] = formatValue(r.value, r.unit)
    const rx = records.find((r) => r.impl === 'rxzmq')
    let ratio = ''
    if (rx?.ratio !== undefined) {
      ratio = rx.ratio.toFixed(2)
      if (rx.ratioLabel !== undefined) ratio += ` (${rx.ratioLabel})`
    }
    return {
      group: records[0]!.group,
      case: records[0]!.case,
      unit: records[0]!.unit,
      cells,
      ratio,
    }
  })
}

function usedImpls(results: Results): Impl[] {
  return IMPLS.filter((impl) => results.records.some((r) => r.impl === impl))
}

/** The results as a plain-text table for the terminal. */
export function textTable(results: Results): string {
  const impls = usedImpls(results)
  const header = ['case', ...impls, 'unit', 'rxzmq/zeromq.js']
  const body = rows(results).map((row) => [
    row.case,
    ...impls.map((impl) => row.cells[impl] ?? ''),
    row.unit,
    row.ratio,
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
  const header = ['case', ...impls, 'unit', 'rxzmq / zeromq.js']
  const lines = [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
  ]
  for (const row of rows(results)) {
    const cells = [row.case, ...impls.map((impl) => row.cells[impl] ?? ''), row.unit, row.ratio]
    lines.push(`| ${cells.join(' | ')} |`)
  }
  return lines.join('\n')
}
