// The rxzmq command as a subprocess, and the seed's Python programs on free ports, for the CLI
// tests. The command is the built one (bin/rxzmq.js runs dist/cjs/cli): `npm test` builds first.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { PYTHON, ROOT, start, type Exit, type Proc } from '../examples/processes'

export const BIN = join(ROOT, 'bin', 'rxzmq.js')
const SEED_ON_PORT = join(ROOT, 'test', 'examples', 'seed-on-port.py')

/** Fails the suite early, and clearly, when the command has not been built. */
export function requireBuild(): void {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'cjs', 'cli', 'main.js'))) {
      throw new Error('dist/ is missing: run `npm run build` first (`npm test` does)')
    }
  })
}

/** Starts `rxzmq <args>`; killAll() cleans it up. */
export function rxzmq(args: readonly string[], env?: Record<string, string>): Proc {
  return start(`rxzmq ${args.join(' ')}`, process.execPath, [BIN, ...args], { env })
}

/** Starts one of the seed's programs with its fixed port moved to `port`. */
export function seedOnPort(
  program: string,
  seedPort: number,
  port: number,
  ...args: string[]
): Proc {
  return start(`python ${program} on ${port}`, PYTHON, [
    SEED_ON_PORT,
    program,
    String(seedPort),
    String(port),
    ...args,
  ])
}

export interface Result extends Exit {
  stdout: string
  stderr: string
  /** Both outputs, for failure messages. */
  out: string
}

/** Waits for the process to exit and returns what it printed. */
export async function result(proc: Proc, timeout = 20000): Promise<Result> {
  const exit = await proc.waitForExit(timeout)
  return { ...exit, stdout: proc.stdout, stderr: proc.stderr, out: proc.describe() }
}

/** Runs `rxzmq <args>` to the end, with `input` on stdin (closed after it). */
export async function run(
  args: readonly string[],
  input = '',
  options: { env?: Record<string, string>; timeout?: number } = {},
): Promise<Result> {
  const proc = rxzmq(args, options.env)
  proc.end(input)
  return result(proc, options.timeout)
}

/** Lines of output, without the empty last one. */
export function lines(text: string): string[] {
  const all = text.split('\n')
  if (all[all.length - 1] === '') all.pop()
  return all
}

/** An error reported as the command promises: one line on stderr, no stack trace. */
export function expectOneLine(stderr: string, pattern: RegExp): void {
  expect(lines(stderr)).toHaveLength(1)
  expect(lines(stderr)[0]).toMatch(pattern)
  expect(stderr).not.toMatch(/^\s+at /m)
}
