// Builds rxzmq: TypeScript to CommonJS with declarations (dist/cjs), then a thin ES module
// wrapper per entry point (dist/esm) that re-exports the CommonJS build by name, so `import`
// and `require` get the same module instance (no dual-package hazard).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const entries = ['index', 'testing/index', 'web/index'].filter((e) =>
  existsSync(join(root, 'src', `${e}.ts`)),
)

rmSync(join(root, 'dist'), { recursive: true, force: true })
execFileSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')],
  {
    stdio: 'inherit',
  },
)

// rxzmq/web as real ES modules for bundlers (Angular, Vite, esbuild): tree-shakable, no
// CommonJS wrapper, no Node API. Node takes the CommonJS build of the same entry.
execFileSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.web.json')],
  { stdio: 'inherit' },
)
writeFileSync(join(root, 'dist/web/package.json'), '{ "type": "module" }\n')
// Fully specified relative imports ('./x.js', './dir/index.js'), as ES modules in Node and strict
// bundlers (webpack's fullySpecified) require.
for (const file of listFiles(join(root, 'dist/web'), '.js')) {
  const text = readFileSync(file, 'utf8').replace(
    /(from\s+|import\s+)(['"])(\.{1,2}\/[^'"]*)\2/g,
    (all, keyword, quote, specifier) => {
      const target = join(dirname(file), specifier)
      const resolved = existsSync(`${target}.js`) ? `${specifier}.js` : `${specifier}/index.js`
      return `${keyword}${quote}${resolved}${quote}`
    },
  )
  writeFileSync(file, text)
}

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

/** Every file under `dir` whose name ends with `suffix`. */
function listFiles(dir, suffix) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return listFiles(path, suffix)
    return entry.name.endsWith(suffix) ? [path] : []
  })
}
