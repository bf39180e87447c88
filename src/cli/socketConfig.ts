import { readFileSync } from 'node:fs'
import { curveClient } from '../security/curveClient'
import { curveKeyPair } from '../security/curveKeyPair'
import { curveServer } from '../security/curveServer'
import { flag, integer, list, text, type OptionSpecs, type Parsed } from './args'
import { UsageError } from './exit'

/** The environment variables the CURVE options read. */
export const ENV_SECRET_KEY = 'RXZMQ_CURVE_SECRET_KEY'
export const ENV_SERVER_KEY = 'RXZMQ_CURVE_SERVER_KEY'

export const ENDPOINT_OPTIONS: OptionSpecs = {
  bind: {
    type: 'string',
    multiple: true,
    value: '<endpoint>',
    help: 'bind to <endpoint>, e.g. tcp://*:5556 (repeatable)',
  },
  connect: {
    type: 'string',
    multiple: true,
    value: '<endpoint>',
    help: 'connect to <endpoint> (repeatable; endpoints given as arguments connect too)',
  },
}

export const SOCKET_OPTIONS: OptionSpecs = {
  linger: {
    type: 'string',
    value: '<ms>',
    help: 'how long messages still queued at the end may take to leave (default 1000; -1: no limit)',
  },
  option: {
    type: 'string',
    short: 'o',
    multiple: true,
    value: '<name=value>',
    help: 'a zeromq.js socket option, e.g. -o receiveHighWaterMark=10000 (repeatable)',
  },
}

export const CURVE_OPTIONS: OptionSpecs = {
  'curve-server': {
    type: 'boolean',
    help: `be a CURVE server: encrypt, with the secret key of --curve-secret-file or $${ENV_SECRET_KEY}`,
  },
  'curve-server-key': {
    type: 'string',
    value: '<key>',
    help: `be a CURVE client of the server with this public key (Z85; or $${ENV_SERVER_KEY})`,
  },
  'curve-secret-file': {
    type: 'string',
    value: '<file>',
    help: `this side's secret key, in a file written by 'rxzmq keygen' (default: $${ENV_SECRET_KEY}; a client without one gets a new key pair)`,
  },
}

/** The endpoints to bind and connect to: `--bind`, `--connect` and the arguments (connect). */
export function endpoints(parsed: Parsed): { bind: string[]; connect: string[] } {
  const bind = list(parsed, 'bind')
  const connect = [...list(parsed, 'connect'), ...parsed.positionals]
  if (bind.length === 0 && connect.length === 0) {
    throw new UsageError(`no endpoint: give one to connect to, or --bind <endpoint>`)
  }
  return { bind, connect }
}

/** The socket options of `--linger` and `-o name=value`, values read as JSON where they parse. */
export function socketOptions(parsed: Parsed): Record<string, unknown> {
  const options: Record<string, unknown> = {}
  const linger = integer(parsed, 'linger', -1)
  if (linger !== undefined) options.linger = linger
  for (const pair of list(parsed, 'option')) {
    const eq = pair.indexOf('=')
    if (eq <= 0) throw new UsageError(`option '--option' takes name=value, got '${pair}'`)
    const name = pair.slice(0, eq)
    const raw = pair.slice(eq + 1)
    let value: unknown = raw
    if (/^(-?\d+(\.\d+)?|true|false|null)$/.test(raw)) value = JSON.parse(raw)
    options[name] = value
  }
  return options
}

/** The CURVE socket options the command line asks for (none, a server's or a client's). */
export function curveOptions(parsed: Parsed): {
  options: Record<string, unknown>
  role?: 'server' | 'client'
  publicKey?: string
} {
  const file = text(parsed, 'curve-secret-file')
  const secret = file !== undefined ? readSecretKey(file) : process.env[ENV_SECRET_KEY] || undefined
  if (flag(parsed, 'curve-server')) {
    if (secret === undefined) {
      throw new UsageError(
        `--curve-server needs a secret key: --curve-secret-file <file> or $${ENV_SECRET_KEY} (make one with rxzmq keygen)`,
      )
    }
    const keys = curveKeyPair(secret)
    return { options: { ...curveServer(keys) }, role: 'server', publicKey: keys.publicKey }
  }
  const serverKey = text(parsed, 'curve-server-key') ?? (process.env[ENV_SERVER_KEY] || undefined)
  if (serverKey !== undefined) {
    const keys = secret !== undefined ? curveKeyPair(secret) : curveKeyPair()
    return {
      options: { ...curveClient({ serverKey, keys }) },
      role: 'client',
      publicKey: keys.publicKey,
    }
  }
  if (file !== undefined) {
    throw new UsageError('--curve-secret-file needs --curve-server or --curve-server-key')
  }
  return { options: {} }
}

/**
 * The secret key in a file: `rxzmq keygen`'s output (a `secret key:` line), its `--json`
 * output, or the 40 Z85 characters alone.
 */
function readSecretKey(file: string): string {
  let content: string
  try {
    content = readFileSync(file, 'utf8')
  } catch (error) {
    throw new UsageError(
      `cannot read the secret key file '${file}': ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    )
  }
  const line = /^\s*secret[ -]?key\s*[:=]\s*(\S+)\s*$/im.exec(content)
  if (line !== null) return line[1]!
  try {
    const json = JSON.parse(content) as { secretKey?: unknown }
    if (typeof json.secretKey === 'string') return json.secretKey
  } catch {
    // not JSON
  }
  const bare = content.trim()
  if (/^\S{40}$/.test(bare)) return bare
  throw new UsageError(`no secret key in '${file}' (write one with: rxzmq keygen > ${file})`)
}
