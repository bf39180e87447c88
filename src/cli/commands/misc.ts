// rxzmq version | keygen | demo | example
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { curveKeyPair } from '../../security/curveKeyPair'
import { versions } from '../../versions'
import { flag, HELP, type Command } from '../args'
import { UsageError } from '../exit'

const JSON_OUTPUT = { json: { type: 'boolean', help: 'print JSON' } } as const

export const versionCommand: Command = {
  name: 'version',
  summary: 'print the libzmq, zeromq.js and rxzmq versions',
  usage: 'rxzmq version [--json]',
  description: 'Prints the versions in use: libzmq (inside zeromq.js), zeromq.js and rxzmq.',
  options: { ...JSON_OUTPUT, help: HELP },
  run: async (parsed) => {
    const v = versions()
    if (flag(parsed, 'json')) {
      console.log(JSON.stringify({ ...v, node: process.versions.node }))
    } else {
      // the format of the seed's version.py
      console.log(`Current    libzmq version is ${v.libzmq}`)
      console.log(`Current zeromq.js version is ${v.zeromq}`)
      console.log(`Current     rxzmq version is ${v.rxzmq}`)
    }
    return 0
  },
}

export const keygenCommand: Command = {
  name: 'keygen',
  summary: 'print a new CURVE key pair',
  usage: 'rxzmq keygen [--json]',
  description:
    'Prints a new CURVE key pair (Z85, 40 characters each), made by libzmq. Keep the secret key secret: write it to a file only you can read and give that file to --curve-secret-file, or put it in $RXZMQ_CURVE_SECRET_KEY. Give the public key to the peers (--curve-server-key).',
  options: { ...JSON_OUTPUT, help: HELP },
  examples: [
    '(umask 077; rxzmq keygen > server.key)',
    "rxzmq rep --bind 'tcp://*:5555' --curve-server --curve-secret-file server.key",
  ],
  run: async (parsed) => {
    const keys = curveKeyPair()
    if (flag(parsed, 'json')) {
      console.log(JSON.stringify({ publicKey: keys.publicKey, secretKey: keys.secretKey }))
    } else {
      console.log(`public key: ${keys.publicKey}`)
      console.log(`secret key: ${keys.secretKey}`)
    }
    return 0
  },
}

/**
 * The compiled examples: dist/examples next to dist/cjs, in the package and in a built clone.
 * This file is dist/cjs/cli/commands/misc.js.
 */
const EXAMPLES = join(__dirname, '..', '..', '..', 'examples')

/** Every example as `<pattern>/<role>`, plus `demo`. */
export function listExamples(): string[] {
  if (!existsSync(EXAMPLES)) return []
  const names: string[] = []
  for (const entry of readdirSync(EXAMPLES, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      for (const file of readdirSync(join(EXAMPLES, entry.name))) {
        if (file.endsWith('.js')) names.push(`${entry.name}/${file.slice(0, -3)}`)
      }
    } else if (entry.name.endsWith('.js')) {
      names.push(entry.name.slice(0, -3))
    }
  }
  return names.sort()
}

/**
 * Runs a compiled example in this process, as `node dist/examples/<name>.js [args]` would: it
 * reads its arguments from process.argv, sets the exit code and ends when its sockets close.
 */
function runExample(name: string, args: readonly string[]): Promise<number> {
  const file = join(EXAMPLES, `${name}.js`)
  if (!existsSync(file)) {
    throw new UsageError(
      `the examples are missing (${EXAMPLES}): in a clone of the repository, run npm run build`,
    )
  }
  process.argv = [process.argv[0]!, file, ...args]
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- runs the compiled example, a CommonJS file found at run time
  require(file)
  // the example runs on its own; the process exits when it is done
  return new Promise(() => {})
}

export const demoCommand: Command = {
  name: 'demo',
  summary: "run the seed's three patterns end to end on loopback",
  usage: 'rxzmq demo',
  description:
    "Runs the seed's three ZeroMQ patterns in one process over tcp on 127.0.0.1 (ports the system picks): request-reply (hello world, 10 requests, 1 s of work each), publish-subscribe (weather updates for one zip code) and the parallel pipeline (a ventilator, three workers and a sink). Prints what crossed and how long it took (about 14 s), and exits 0 when every pattern did its job, 1 otherwise.",
  options: { help: HELP },
  run: async (parsed) => {
    if (parsed.positionals.length > 0) {
      throw new UsageError(`demo takes no arguments, got '${parsed.positionals[0]!}'`)
    }
    return runExample('demo', [])
  },
}

export const exampleCommand: Command = {
  name: 'example',
  summary: 'run one of the examples (without a name: list them)',
  usage: 'rxzmq example <name> [args...]',
  description:
    "Runs one of the example programs, compiled in the package: the seed's programs (hello-world/server, hello-world/client, weather/server, weather/client, pipeline/ventilator, pipeline/worker, pipeline/sink, version/version) and the reliability and security examples. Their sources are in the repository's examples/ folder. Arguments after the name go to the example.",
  options: { help: HELP },
  examples: ['rxzmq example weather/client 10001', 'rxzmq example pipeline/ventilator --workers 3'],
  run: async (parsed) => {
    const [name, ...args] = parsed.positionals
    const names = listExamples()
    if (name === undefined) {
      console.log('Examples (rxzmq example <name> [args...]):')
      for (const n of names) console.log(`  ${n}`)
      return 0
    }
    const normalized = name.replace(/\.(ts|js)$/, '').replace(/^examples\//, '')
    if (!names.includes(normalized)) {
      throw new UsageError(`unknown example '${name}' (rxzmq example lists them)`)
    }
    return runExample(normalized, args)
  },
}
