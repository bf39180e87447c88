// The BUILT package (dist/, made by `npm run build`, which `npm test` runs before Jest) loads
// from `require('rxzmq')` and `import('rxzmq')` alike, with the same names and one instance.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { killAll, ROOT, start } from './processes'

afterEach(killAll)

async function nodeOutput(name: string, args: string[]): Promise<string> {
  const run = start(name, process.execPath, args)
  const exit = await run.waitForExit(20000)
  expect({ exit, out: run.describe() }).toMatchObject({ exit: { code: 0 } })
  return run.stdout
}

describe('the built package', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'cjs', 'index.js'))) {
      throw new Error('dist/ is missing: run `npm run build` first (`npm test` does)')
    }
  })

  it('should expose the same names to require() and import()', async () => {
    const required = JSON.parse(
      await nodeOutput('require(rxzmq)', [
        '-e',
        "console.log(JSON.stringify(Object.keys(require('rxzmq')).sort()))",
      ]),
    ) as string[]
    const imported = JSON.parse(
      await nodeOutput('import(rxzmq)', [
        '--input-type=module',
        '-e',
        "const m = await import('rxzmq'); console.log(JSON.stringify(Object.keys(m).filter((k) => k !== 'default').sort()))",
      ]),
    ) as string[]

    expect(imported).toEqual(required)
    for (const name of ['reply', 'request', 'publisher', 'subscriber', 'push', 'pull', 'text']) {
      expect(required).toContain(name)
    }
  })

  it('should give import() and require() the same module instance', async () => {
    const out = await nodeOutput('import and require', [
      '--input-type=module',
      '-e',
      [
        "import { createRequire } from 'node:module'",
        "const required = createRequire(process.cwd() + '/')('rxzmq')",
        "const imported = await import('rxzmq')",
        'console.log(imported.Reply === required.Reply && imported.default === required)',
      ].join('\n'),
    ])
    expect(out.trim()).toBe('true')
  })
})
