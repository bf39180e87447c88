/**
 * The names closest to a mistyped one, for a "did you mean" hint: by edit distance
 * (insertions, deletions, substitutions and swaps of two neighbours each count 1), ignoring
 * case, so `conect` finds `connect`, `topic` finds `topics` and `sendHighWatermark` finds
 * `sendHighWaterMark`. Only names within a third of the name's length (at least 2 edits)
 * count; the nearest come first, at most `max` of them.
 */
export function suggest(name: string, candidates: Iterable<string>, max = 3): string[] {
  const wanted = name.toLowerCase()
  const limit = Math.max(2, Math.floor(wanted.length / 3))
  const scored: [string, number][] = []
  const seen = new Set<string>()
  for (const candidate of candidates) {
    if (seen.has(candidate) || candidate === name) continue
    seen.add(candidate)
    const distance = editDistance(wanted, candidate.toLowerCase(), limit)
    if (distance <= limit) scored.push([candidate, distance])
  }
  scored.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
  return scored.slice(0, max).map(([candidate]) => candidate)
}

/** `' (did you mean a, b?)'`, or `''` when nothing is near. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const near = suggest(name, candidates)
  return near.length > 0 ? ` (did you mean ${near.join(', ')}?)` : ''
}

/**
 * The optimal-string-alignment distance between `a` and `b`; anything above `limit` is
 * reported as `limit + 1` (the search stops early).
 */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  let before = new Array<number>(b.length + 1).fill(0)
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  let current = new Array<number>(b.length + 1).fill(0)
  for (let i = 1; i <= a.length; i++) {
    current[0] = i
    let best = current[0]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, before[j - 2]! + 1)
      }
      current[j] = d
      if (d < best) best = d
    }
    if (best > limit) return limit + 1
    ;[before, previous, current] = [previous, current, before]
  }
  return previous[b.length]!
}
