import type { Impl, Results } from './results'
import { formatValue } from './report'

const COLORS: Record<Impl, string> = {
  rxzmq: '#d6336c',
  'zeromq.js': '#1c7ed6',
  pyzmq: '#f59f00',
  libzmq: '#37b24d',
  naive: '#868e96',
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/**
 * The results as an SVG chart, drawn by hand (no dependency): on top, rxzmq's ratio to its
 * baseline for every case that has one, with the 0.95 goal marked; below, the throughput
 * figures (messages or records per second) of every implementation on a log scale.
 */
export function svgChart(results: Results, title: string): string {
  const ratios = results.records.filter((r) => r.impl === 'rxzmq' && r.ratio !== undefined)
  const rates = results.records.filter((r) => r.unit === 'msg/s' || r.unit === 'records/s')
  const rateCases = [...new Set(rates.map((r) => r.case))]
  const impls = [...new Set(rates.map((r) => r.impl))]

  const width = 1000
  const label = 330
  const plot = width - label - 90
  const row = 16
  const parts: string[] = []
  let y = 40
  parts.push(
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="16" font-weight="bold">${escape(title)}</text>`,
  )

  // Panel 1: ratios.
  const maxRatio = 2
  const xr = (v: number): number => label + (Math.min(v, maxRatio) / maxRatio) * plot
  parts.push(
    `<text x="10" y="${y + 12}" font-size="13" font-weight="bold">rxzmq / baseline (higher is better; goal ≥ 0.95; bars cut at ${maxRatio})</text>`,
  )
  y += 24
  const top = y
  for (const r of ratios) {
    const ratio = r.ratio!
    const color = ratio >= 0.95 ? '#37b24d' : '#f03e3e'
    parts.push(
      `<text x="${label - 6}" y="${y + 11}" font-size="11" text-anchor="end">${escape(r.case)}</text>`,
      `<rect x="${label}" y="${y + 2}" width="${(xr(ratio) - label).toFixed(1)}" height="${row - 4}" fill="${color}"/>`,
      `<text x="${(xr(ratio) + 4).toFixed(1)}" y="${y + 11}" font-size="11">${ratio.toFixed(2)}</text>`,
    )
    y += row
  }
  for (const mark of [0.95, 1]) {
    parts.push(
      `<line x1="${xr(mark)}" y1="${top}" x2="${xr(mark)}" y2="${y}" stroke="#333" stroke-dasharray="${mark === 1 ? '' : '4 3'}"/>`,
      `<text x="${xr(mark)}" y="${y + 12}" font-size="10" text-anchor="middle">${mark}</text>`,
    )
  }
  y += 34

  // Panel 2: throughput, log scale.
  const values = rates.map((r) => r.value).filter((v) => v > 0)
  const lo = Math.pow(10, Math.floor(Math.log10(Math.min(...values, 1e4))))
  const hi = Math.pow(10, Math.ceil(Math.log10(Math.max(...values, 1e5))))
  const xl = (v: number): number =>
    label +
    ((Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * plot
  parts.push(
    `<text x="10" y="${y + 12}" font-size="13" font-weight="bold">Throughput (messages or records per second, log scale)</text>`,
  )
  let lx = label
  for (const impl of impls) {
    parts.push(
      `<rect x="${lx}" y="${y + 22}" width="10" height="10" fill="${COLORS[impl]}"/>`,
      `<text x="${lx + 14}" y="${y + 31}" font-size="11">${impl}</text>`,
    )
    lx += 90
  }
  y += 40
  const top2 = y
  const bar = 7
  for (const name of rateCases) {
    const group = impls
      .map((impl) => rates.find((r) => r.case === name && r.impl === impl))
      .filter((r) => r !== undefined)
    const h = group.length * bar + 6
    parts.push(
      `<text x="${label - 6}" y="${y + h / 2 + 4}" font-size="11" text-anchor="end">${escape(name)}</text>`,
    )
    let by = y + 3
    for (const r of group) {
      parts.push(
        `<rect x="${label}" y="${by}" width="${(xl(r.value) - label).toFixed(1)}" height="${bar - 1}" fill="${COLORS[r.impl]}"><title>${escape(`${r.impl}: ${formatValue(r.value, r.unit)} ${r.unit}`)}</title></rect>`,
        `<text x="${(xl(r.value) + 3).toFixed(1)}" y="${by + bar - 1}" font-size="8">${escape(formatValue(r.value, r.unit))}</text>`,
      )
      by += bar
    }
    y += h
  }
  for (let v = lo; v <= hi; v *= 10) {
    parts.push(
      `<line x1="${xl(v)}" y1="${top2}" x2="${xl(v)}" y2="${y}" stroke="#bbb" stroke-width="0.5"/>`,
      `<text x="${xl(v)}" y="${y + 12}" font-size="10" text-anchor="middle">${formatValue(v, 'msg/s')}</text>`,
    )
  }
  y += 24

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n')
}
