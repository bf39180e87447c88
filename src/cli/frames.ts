import { flag, text, type OptionSpecs, type Parsed } from './args'
import { UsageError } from './exit'

/** How one frame is written on a line: UTF-8 text, hex, base64, or a JSON value. */
export type Encoding = 'text' | 'hex' | 'base64' | 'json'

const ENCODINGS: readonly Encoding[] = ['text', 'hex', 'base64', 'json']

/** How messages become lines and lines messages. */
export interface LineFormat {
  /** The encoding of frame n is `encodings[n]`, the last one for the frames after it. */
  readonly encodings: readonly Encoding[]
  /** Frames joined (and split) by this instead of JSON arrays. */
  readonly separator?: string
  /** Scripts: every message is a JSON array of frames, both ways. */
  readonly json: boolean
}

export const FORMAT_OPTIONS: OptionSpecs = {
  encoding: {
    type: 'string',
    short: 'e',
    value: '<enc>',
    help: "how frames are written: text (UTF-8, the default), hex, base64 or json; a list ('hex,text') gives frame 1, 2... their own, the last for the rest",
  },
  separator: {
    type: 'string',
    short: 's',
    value: '<sep>',
    help: 'frames of a multipart message joined by <sep> on one line (default: a JSON array)',
  },
  json: {
    type: 'boolean',
    help: 'for scripts: every message a JSON array of frames, in and out; other output as JSON',
  },
}

export function lineFormat(parsed: Parsed, defaultEncoding = 'text'): LineFormat {
  const spec = text(parsed, 'encoding') ?? defaultEncoding
  const encodings = spec.split(',').map((e) => e.trim().toLowerCase())
  for (const e of encodings) {
    if (!ENCODINGS.includes(e as Encoding)) {
      throw new UsageError(
        `option '--encoding' takes text, hex, base64 or json (or a comma-separated list), got '${spec}'`,
      )
    }
  }
  const separator = text(parsed, 'separator')
  if (separator === '') throw new UsageError(`option '--separator' cannot be empty`)
  const json = flag(parsed, 'json')
  if (json && separator !== undefined) {
    throw new UsageError(`options '--json' and '--separator' do not go together`)
  }
  return { encodings: encodings as Encoding[], separator, json }
}

function encodingOf(format: LineFormat, index: number): Encoding {
  const { encodings } = format
  return encodings[Math.min(index, encodings.length - 1)]!
}

// ------------------------------------------------------------------ messages to lines

/** One message as one line (no newline). Throws a DecodeFailure for a frame that is not JSON. */
export function formatMessage(frames: readonly Buffer[], format: LineFormat): string {
  if (format.json) return JSON.stringify(frames.map((f, i) => jsonValue(f, encodingOf(format, i))))
  if (format.separator !== undefined) {
    return frames.map((f, i) => frameText(f, encodingOf(format, i))).join(format.separator)
  }
  if (frames.length === 1) {
    const encoding = encodingOf(format, 0)
    const line = frameText(frames[0]!, encoding)
    // One frame is its text, unless that would read back as something else: a JSON array
    // (a multipart message) or several lines.
    if (!/[\n\r]/.test(line) && !isJsonArray(line)) return line
    return JSON.stringify([jsonValue(frames[0]!, encoding)])
  }
  return JSON.stringify(frames.map((f, i) => jsonValue(f, encodingOf(format, i))))
}

/** Thrown for a frame that cannot be shown in the chosen encoding (not JSON). */
export class DecodeFailure extends Error {}

function frameText(frame: Buffer, encoding: Encoding): string {
  switch (encoding) {
    case 'text':
      return frame.toString('utf8')
    case 'hex':
      return frame.toString('hex')
    case 'base64':
      return frame.toString('base64')
    case 'json':
      return JSON.stringify(parseJsonFrame(frame))
  }
}

function jsonValue(frame: Buffer, encoding: Encoding): unknown {
  return encoding === 'json' ? parseJsonFrame(frame) : frameText(frame, encoding)
}

function parseJsonFrame(frame: Buffer): unknown {
  const source = frame.toString('utf8')
  try {
    return JSON.parse(source) as unknown
  } catch {
    const shown = source.length > 40 ? `${source.slice(0, 40)}...` : source
    throw new DecodeFailure(`a frame is not JSON: ${JSON.stringify(shown)} (try --encoding text)`)
  }
}

function isJsonArray(line: string): boolean {
  if (!line.startsWith('[')) return false
  try {
    return Array.isArray(JSON.parse(line))
  } catch {
    return false
  }
}

// ------------------------------------------------------------------ lines to messages

/** One line read as one message. Throws an InputError saying what is wrong with it. */
export function parseLine(line: string, format: LineFormat): Buffer[] {
  if (format.json) {
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      throw new InputError('not JSON (with --json, each line is a JSON array of frames)')
    }
    if (typeof value === 'string') return [fromJson(value, encodingOf(format, 0), 0)]
    if (!Array.isArray(value) || value.length === 0) {
      throw new InputError('not a JSON array of frames')
    }
    return value.map((v, i) => fromJson(v, encodingOf(format, i), i))
  }
  if (format.separator !== undefined) {
    return line.split(format.separator).map((part, i) => fromText(part, encodingOf(format, i), i))
  }
  if (line.startsWith('[')) {
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      value = undefined
    }
    if (Array.isArray(value) && value.length > 0) {
      const jsonFrames = format.encodings.includes('json')
      if (jsonFrames || value.every((v) => typeof v === 'string')) {
        return value.map((v, i) => fromJson(v, encodingOf(format, i), i))
      }
    }
  }
  return [fromText(line, encodingOf(format, 0), 0)]
}

/** What is wrong with a line of input. */
export class InputError extends Error {}

function fromText(part: string, encoding: Encoding, index: number): Buffer {
  switch (encoding) {
    case 'text':
      return Buffer.from(part, 'utf8')
    case 'hex':
      if (!/^([0-9a-fA-F]{2})*$/.test(part)) {
        throw new InputError(`frame ${index + 1} is not hex: ${JSON.stringify(part)}`)
      }
      return Buffer.from(part, 'hex')
    case 'base64':
      if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(part)) {
        throw new InputError(`frame ${index + 1} is not base64: ${JSON.stringify(part)}`)
      }
      return Buffer.from(part, 'base64')
    case 'json':
      try {
        JSON.parse(part)
      } catch {
        throw new InputError(`frame ${index + 1} is not JSON: ${JSON.stringify(part)}`)
      }
      return Buffer.from(part, 'utf8')
  }
}

function fromJson(value: unknown, encoding: Encoding, index: number): Buffer {
  if (encoding === 'json') return Buffer.from(JSON.stringify(value), 'utf8')
  if (typeof value !== 'string') {
    throw new InputError(
      `frame ${index + 1} is ${value === null ? 'null' : typeof value}; with --encoding ${encoding} frames are JSON strings`,
    )
  }
  return fromText(value, encoding, index)
}
