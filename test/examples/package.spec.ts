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

  async function names(specifier: string): Promise<{ required: string[]; imported: string[] }> {
    const required = JSON.parse(
      await nodeOutput(`require(${specifier})`, [
        '-e',
        `console.log(JSON.stringify(Object.keys(require('${specifier}')).sort()))`,
      ]),
    ) as string[]
    const imported = JSON.parse(
      await nodeOutput(`import(${specifier})`, [
        '--input-type=module',
        '-e',
        `const m = await import('${specifier}'); console.log(JSON.stringify(Object.keys(m).filter((k) => k !== 'default').sort()))`,
      ]),
    ) as string[]
    return { required, imported }
  }

  it('should expose the same names to require() and import()', async () => {
    const { required, imported } = await names('rxzmq')
    expect(imported).toEqual(required)
    for (const name of [
      'ReplySocket',
      'RequestSocket',
      'PublisherSocket',
      'fromSubscriber',
      'PushSocket',
      'fromPull',
      'text',
      'proxy',
    ]) {
      expect(required).toContain(name)
    }
  })

  it('should expose the same names from rxzmq/testing to require() and import()', async () => {
    const { required, imported } = await names('rxzmq/testing')
    expect(required.length).toBeGreaterThan(0)
    expect(imported).toEqual(required)
  })

  it('should give import() and require() the same module instance', async () => {
    const out = await nodeOutput('import and require', [
      '--input-type=module',
      '-e',
      [
        "import { createRequire } from 'node:module'",
        "const required = createRequire(process.cwd() + '/')('rxzmq')",
        "const imported = await import('rxzmq')",
        'console.log(imported.ReplySocket === required.ReplySocket && imported.default === required)',
      ].join('\n'),
    ])
    expect(out.trim()).toBe('true')
  })
})
