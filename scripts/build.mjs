// Builds rxzmq: TypeScript to CommonJS with declarations (dist/cjs), then a thin ES module
// wrapper per entry point (dist/esm) that re-exports the CommonJS build by name, so `import`
// and `require` get the same module instance (no dual-package hazard).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const entries = ['index', 'testing/index'].filter((e) => existsSync(join(root, 'src', `${e}.ts`)))

rmSync(join(root, 'dist'), { recursive: true, force: true })
execFileSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')],
  {
    stdio: 'inherit',
  },
)

for (const entry of entries) {
  const cjs = join(root, 'dist/cjs', `${entry}.js`)
  const names = Object.keys(require(cjs)).filter((n) => n !== '__esModule' && n !== 'default')
  const esm = join(root, 'dist/esm', `${entry}.mjs`)
  mkdirSync(dirname(esm), { recursive: true })
  const from = relative(dirname(esm), cjs)
  writeFileSync(
    esm,
    `import cjs from '${from}'\nexport const { ${names.join(', ')} } = cjs\nexport default cjs\n`,
  )
  writeFileSync(esm.replace(/\.mjs$/, '.d.mts'), `export * from '${from.replace(/\.js$/, '')}'\n`)
}
console.log(`built ${entries.length} entry point(s) to dist/cjs and dist/esm`)
