// `npm run example -- <pattern>/<role>` (scripts/example.mjs) and the `rxzmq` command.
import { join } from 'node:path'
import { killAll, ROOT, start } from './processes'

afterEach(killAll)

// eslint-disable-next-line @typescript-eslint/no-require-imports
const zeromqVersion = (require('zeromq/package.json') as { version: string }).version
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rxzmqVersion = (require('../../package.json') as { version: string }).version

describe('npm run example', () => {
  it('should run version/version and print the libzmq, zeromq.js and rxzmq versions', async () => {
    const run = start('npm run example -- version/version', 'npm', [
      'run',
      '--silent',
      'example',
      '--',
      'version/version',
    ])
    const exit = await run.waitForExit(30000)
    expect({ exit, out: run.describe() }).toMatchObject({ exit: { code: 0 } })
    expect(run.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^Current {4}libzmq version is \d+\.\d+\.\d+$/),
      `Current zeromq.js version is ${zeromqVersion}`,
      `Current     rxzmq version is ${rxzmqVersion}`,
    ])
  }, 40000)

  it('should list the examples and exit 2 for an unknown name', async () => {
    const run = start('example.mjs nope', process.execPath, [
      join(ROOT, 'scripts', 'example.mjs'),
      'nope/nope',
    ])
    const exit = await run.waitForExit(10000)
    expect(exit.code).toBe(2)
    expect(run.stderr).toMatch(/^Unknown example 'nope\/nope'\./m)
    for (const name of [
      'demo',
      'hello-world/client',
      'hello-world/server',
      'pipeline/sink',
      'pipeline/ventilator',
      'pipeline/worker',
      'version/version',
      'weather/client',
      'weather/server',
    ]) {
      expect(run.stderr).toContain(`\n  ${name}\n`)
    }
  })

  it('should pass the arguments and the exit code through', async () => {
    const run = start('example.mjs pipeline/ventilator --workers x', process.execPath, [
      join(ROOT, 'scripts', 'example.mjs'),
      'pipeline/ventilator',
      '--workers',
      'x',
    ])
    const exit = await run.waitForExit(20000)
    expect(exit.code).toBe(2)
    expect(run.stderr).toMatch(/--workers takes a positive integer/)
  }, 30000)
})

describe('rxzmq command (bin/rxzmq.js)', () => {
  it('should print its usage and exit 2 without a command', async () => {
    const run = start('rxzmq', process.execPath, [join(ROOT, 'bin', 'rxzmq.js')])
    const exit = await run.waitForExit(10000)
    expect(exit.code).toBe(2)
    expect(run.stderr).toMatch(/^Usage: rxzmq <command>/)
    expect(run.stderr).toMatch(/^ {2}demo /m)
  })
})
