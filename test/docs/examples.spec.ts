// The API reference (`npm run docs`, TypeDoc) shows an example for every runtime export of
// 'rxzmq', 'rxzmq/testing' and 'rxzmq/web': a ```ts block under `## Example` (or `@example`) in
// its TSDoc. Its `@see` tags resolve for someone who installed the package: a {@link} to an
// export, or the name of an example shipped under dist/examples, never a repository path. The
// examples type-check against the sources, so one that stops fitting the API fails here.
import {
  checkExamples,
  ENTRIES,
  publicExports,
  seeProblem,
  type Entry,
  type Export,
} from './docExamples'

let exports: Export[]

beforeAll(() => {
  exports = publicExports()
}, 120000)

/** What the entry point gives at run time, by requiring it. */
function runtimeNames(entry: Entry): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(ENTRIES[entry]) as Record<string, unknown>
  return Object.keys(module)
    .filter((name) => name !== '__esModule' && name !== 'default')
    .sort()
}

describe('the TSDoc of the public exports', () => {
  it.each(Object.keys(ENTRIES) as Entry[])(
    'should know every runtime export of %s (the compiler and require agree)',
    (entry) => {
      const documented = exports
        .filter((e) => e.entry === entry && e.runtime)
        .map((e) => e.name)
        .sort()
      expect(documented).toEqual(runtimeNames(entry))
    },
  )

  it.each(Object.keys(ENTRIES) as Entry[])(
    'should give every runtime export of %s an example',
    (entry) => {
      const names = new Set(runtimeNames(entry))
      expect(names.size).toBeGreaterThan(5)
      const without = exports
        .filter((e) => e.entry === entry && names.has(e.name) && e.examples.length === 0)
        .map((e) => `${e.name} (${e.file})`)
      expect(without).toEqual([])
    },
  )

  it('should have examples that type-check against the package', () => {
    const errors = checkExamples(exports).map((e) => `${e.example} ${e.message}`)
    expect(errors).toEqual([])
  }, 180000)

  it('should have @see tags that resolve for someone who installed the package', () => {
    const problems = exports.flatMap((e) =>
      e.see
        .map((see) => seeProblem(see))
        .filter((p) => p !== undefined)
        .map((p) => `${e.name} (${e.file}): ${p}`),
    )
    expect([...new Set(problems)]).toEqual([])
  })
})
