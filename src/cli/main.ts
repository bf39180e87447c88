// The rxzmq command (bin/rxzmq.js runs this file, compiled to dist/cjs/cli/main.js).
// The sockets run on the native transport, as they do when imported from 'rxzmq'.
import '../transport/native/register'
import { helpText, parse, type Command, type Parsed } from './args'
import { benchCommand } from './commands/bench'
import { demoCommand, exampleCommand, keygenCommand, versionCommand } from './commands/misc'
import { monitorCommand } from './commands/monitor'
import { proxyCommand } from './commands/proxy'
import { socketCommands } from './commands/sockets'
import { describeError, EXIT, exitCodeOf, UsageError } from './exit'

/** Every command, in the order `rxzmq --help` lists them. */
export const commands: readonly Command[] = [
  demoCommand,
  exampleCommand,
  versionCommand,
  ...socketCommands,
  keygenCommand,
  monitorCommand,
  proxyCommand,
  benchCommand,
]

/** Commands whose arguments are not theirs to parse: they go to the program they run. */
const PASS_THROUGH = new Set(['example'])

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2
  const lines = [
    'Usage: rxzmq <command> [options]',
    '',
    'RxJS over ZeroMQ from the terminal: the demo and the examples, a socket of any type talking',
    'one message per line, CURVE keys, a live monitor, a proxy, a quick benchmark.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    "rxzmq <command> --help shows a command's options.",
    'Exit codes: 0 done, 1 runtime failure or timeout, 2 usage error, 130/143 stopped by SIGINT/SIGTERM.',
  ]
  return `${lines.join('\n')}\n`
}

/** Runs the command line; resolves with the exit code (never rejects). */
export async function run(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv
  if (name === undefined) {
    process.stderr.write(usage())
    return EXIT.usage
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? args[0] : undefined
    const command = commands.find((c) => c.name === topic)
    if (topic !== undefined && command === undefined) {
      return fail(new UsageError(`unknown command '${topic}'`), 'rxzmq')
    }
    process.stdout.write(command !== undefined ? helpText(command) : usage())
    return EXIT.ok
  }
  if (name === '--version' || name === '-V')
    return versionCommand.run({ values: {}, positionals: [] }, versionCommand)
  const command = commands.find((c) => c.name === name)
  if (command === undefined) {
    return fail(new UsageError(`unknown command '${name}' (rxzmq --help lists them)`), 'rxzmq')
  }
  try {
    let parsed: Parsed
    if (PASS_THROUGH.has(command.name)) {
      if (args[0] === '--help' || args[0] === '-h') {
        process.stdout.write(helpText(command))
        return EXIT.ok
      }
      parsed = { values: {}, positionals: args }
    } else {
      parsed = parse(command, args)
      if (parsed.values.help === true) {
        process.stdout.write(helpText(command))
        return EXIT.ok
      }
    }
    return await command.run(parsed, command)
  } catch (error) {
    return fail(error, `rxzmq ${command.name}`)
  }
}

/** Reports an error as one line on stderr; the exit code says what kind it was. */
function fail(error: unknown, who: string): number {
  const code = exitCodeOf(error)
  const hint = code === EXIT.usage ? ` (${who} --help)` : ''
  process.stderr.write(`${who}: ${describeError(error)}${hint}\n`)
  return code
}

/**
 * The launcher's entry: runs the command and exits with its code once the command is done.
 * Sockets close with their linger; what still holds the process after that is cut short.
 */
export function main(argv: readonly string[] = process.argv.slice(2)): void {
  void run(argv).then((code) => {
    process.exitCode = code
    // Everything is closed: the process ends on its own. If something still holds it (a
    // socket lingering on an unreachable peer), end it once its linger has had time.
    setTimeout(() => process.exit(code), 5000).unref()
  })
}
