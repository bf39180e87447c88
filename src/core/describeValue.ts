/** A short, safe rendering of an option value for an error message (never throws). */
export function describeValue(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'function') return 'a function'
  if (typeof value === 'symbol') return value.toString()
  try {
    const text = JSON.stringify(value) ?? String(value)
    return text.length > 60 ? `${text.slice(0, 57)}...` : text
  } catch {
    return `a ${typeof value}`
  }
}
