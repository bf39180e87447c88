import { parseArgs } from 'node:util'
import { UsageError } from './exit'

/** One option of a command: what `util.parseArgs` takes, plus its help. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean'
  readonly short?: string
  readonly multiple?: boolean
  /** The placeholder shown in the help, e.g. `<ms>`. */
  readonly value?: string
  readonly help: string
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>

/** A command of the rxzmq CLI. */
export interface Command {
  readonly name: string
  /** One line, for `rxzmq --help`. */
  readonly summary: string
  /** The usage line after `Usage: `. */
  readonly usage: string
  /** What the command does, for `rxzmq <command> --help`. */
  readonly description: string
  readonly options: OptionSpecs
  /** Example command lines, for the help. */
  readonly examples?: readonly string[]
  /** Runs the command; resolves with the exit code. */
  run(args: Parsed, command: Command): Promise<number>
}

/** What a command line parsed into. */
export interface Parsed {
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>
  readonly positionals: readonly string[]
}

export const HELP: OptionSpec = { type: 'boolean', short: 'h', help: 'show this help and exit' }

/** Parses a command's arguments with `util.parseArgs` (strict); mistakes are UsageErrors. */
export function parse(command: Command, args: readonly string[]): Parsed {
  const options: Record<
    string,
    { type: 'string' | 'boolean'; short?: string; multiple?: boolean }
  > = {}
  for (const [name, spec] of Object.entries(command.options)) {
    options[name] = { type: spec.type }
    if (spec.short !== undefined) options[name].short = spec.short
    if (spec.multiple === true) options[name].multiple = true
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options,
      allowPositionals: true,
      strict: true,
    })
    return { values: values as Parsed['values'], positionals }
  } catch (error) {
    throw new UsageError(parseError(error))
  }
}

/** parseArgs's message, made one short line. */
function parseError(error: unknown): string {
  const code = (error as { code?: string }).code
  const message = error instanceof Error ? error.message : String(error)
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(message)?.[1] ?? message
    return `unknown option '${option}'`
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return message.replace(/^Option '([^']*)' argument missing$/, "option '$1' needs a value")
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    return `unexpected argument ${/'([^']+)'/.exec(message)?.[1] ?? ''}`.trim()
  }
  return message.split('\n')[0]!
}

/** A string option's value (the last one given). */
export function text(parsed: Parsed, name: string): string | undefined {
  const value = parsed.values[name]
  if (Array.isArray(value)) return value[value.length - 1]
  return typeof value === 'string' ? value : undefined
}

/** A repeatable string option's values. */
export function list(parsed: Parsed, name: string): string[] {
  const value = parsed.values[name]
  if (value === undefined) return []
  return Array.isArray(value) ? value : [String(value)]
}

export function flag(parsed: Parsed, name: string): boolean {
  return parsed.values[name] === true
}

/** An integer option, checked: `--count 0` or `--timeout x` is a UsageError naming it. */
export function integer(parsed: Parsed, name: string, min: number): number | undefined {
  const raw = text(parsed, name)
  if (raw === undefined) return undefined
  const n = Number(raw)
  if (raw.trim() === '' || !Number.isInteger(n) || n < min) {
    throw new UsageError(`option '--${name}' takes an integer >= ${min}, got '${raw}'`)
  }
  return n
}

/** The help of a command, as printed by `--help`. */
export function helpText(command: Command): string {
  const lines = [`Usage: ${command.usage}`, '', ...wrap(command.description, 90), '']
  const entries = Object.entries(command.options).map(([name, spec]) => {
    const short = spec.short !== undefined ? `-${spec.short}, ` : '    '
    const value = spec.type === 'string' ? ` ${spec.value ?? '<value>'}` : ''
    return [`  ${short}--${name}${value}`, spec.help] as const
  })
  const width = Math.min(34, Math.max(...entries.map(([left]) => left.length)) + 2)
  lines.push('Options:')
  for (const [left, help] of entries) {
    const helpLines = wrap(help, 96 - width)
    if (left.length + 2 > width) {
      lines.push(left)
      for (const h of helpLines) lines.push(`${' '.repeat(width)}${h}`)
    } else {
      lines.push(`${left.padEnd(width)}${helpLines[0] ?? ''}`)
      for (const h of helpLines.slice(1)) lines.push(`${' '.repeat(width)}${h}`)
    }
  }
  if (command.examples !== undefined && command.examples.length > 0) {
    lines.push('', 'Examples:')
    for (const example of command.examples) lines.push(`  ${example}`)
  }
  return `${lines.join('\n')}\n`
}

/** Wraps text at word boundaries; blank lines and lines starting with two spaces are kept. */
function wrap(text: string, width: number): string[] {
  const out: string[] = []
  for (const paragraph of text.split('\n')) {
    if (paragraph.startsWith('  ') || paragraph === '') {
      out.push(paragraph)
      continue
    }
    let line = ''
    for (const word of paragraph.split(' ')) {
      if (line !== '' && line.length + 1 + word.length > width) {
        out.push(line)
        line = word
      } else {
        line = line === '' ? word : `${line} ${word}`
      }
    }
    out.push(line)
  }
  return out
}
