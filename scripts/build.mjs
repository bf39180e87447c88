// Builds rxzmq: TypeScript to CommonJS with declarations (dist/cjs), then a thin ES module
// wrapper per entry point (dist/esm) that re-exports the CommonJS build by name, so `import`
// and `require` get the same module instance (no dual-package hazard). The CLI (src/cli) is
// part of dist/cjs; the demo and the examples are compiled into dist/examples, importing the
// package by its name, so that `npx rxzmq demo` runs from the installed package.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

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
// Bundlers read `sideEffects` from the nearest package.json, this one: only the entry has any
// (it sets the default transport); every other module may be left out when nothing of it is used.
writeFileSync(
  join(root, 'dist/web/package.json'),
  '{ "type": "module", "sideEffects": ["./web/index.js"] }\n',
)
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
const examples = buildExamples(join(root, 'examples'), join(root, 'dist', 'examples'))
console.log(
  `built ${entries.length} entry point(s) to dist/cjs and dist/esm, ${examples} example(s) to dist/examples`,
)

/**
 * Compiles every examples/**\/*.ts to CommonJS (the type check is `npm run typecheck`'s), with
 * imports of the sources (`'../../src'`, `'../src/testing'`) turned into imports of the package
 * (`'rxzmq'`, `'rxzmq/testing'`): inside the package they resolve to the package itself.
 */
function buildExamples(from, to) {
  let built = 0
  // an example with its own package.json (the Angular app) is built by its own tools
  const apps = readdirSync(from, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name === 'package.json')
    .map((entry) => entry.parentPath ?? entry.path)
  for (const entry of readdirSync(from, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue
    const dir = entry.parentPath ?? entry.path
    if (apps.some((app) => dir === app || dir.startsWith(app + sep))) continue
    const source = join(dir, entry.name)
    const { outputText, diagnostics } = ts.transpileModule(readFileSync(source, 'utf8'), {
      fileName: source,
      reportDiagnostics: true,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
      transformers: { before: [packageImports(source)] },
    })
    if (diagnostics !== undefined && diagnostics.length > 0) {
      throw new Error(
        `${source}: ${ts.flattenDiagnosticMessageText(diagnostics[0].messageText, '\n')}`,
      )
    }
    const target = join(to, relative(from, source)).replace(/\.ts$/, '.js')
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, outputText)
    built++
  }
  return built
}

/** A transformer that rewrites `from '../src'` (any depth) to `from 'rxzmq'`. */
function packageImports(file) {
  const rewrite = (specifier) => {
    const match = /^(\.\.\/)+src(\/testing)?(\/index)?$/.exec(specifier)
    if (match !== null) return `rxzmq${match[2] ?? ''}`
    if (specifier.startsWith('.')) {
      throw new Error(
        `${file}: an example may import the package only ('../../src'), not '${specifier}'`,
      )
    }
    return specifier
  }
  return (context) => (sourceFile) => {
    const visit = (node) => {
      if (
        (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
        node.moduleSpecifier !== undefined &&
        ts.isStringLiteral(node.moduleSpecifier)
      ) {
        const specifier = rewrite(node.moduleSpecifier.text)
        if (specifier !== node.moduleSpecifier.text) {
          const literal = context.factory.createStringLiteral(specifier)
          return ts.isImportDeclaration(node)
            ? context.factory.updateImportDeclaration(
                node,
                node.modifiers,
                node.importClause,
                literal,
                node.attributes,
              )
            : context.factory.updateExportDeclaration(
                node,
                node.modifiers,
                node.isTypeOnly,
                node.exportClause,
                literal,
                node.attributes,
              )
        }
      }
      return node
    }
    return ts.visitEachChild(sourceFile, visit, context)
  }
}

/** Every file under `dir` whose name ends with `suffix`. */
function listFiles(dir, suffix) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return listFiles(path, suffix)
    return entry.name.endsWith(suffix) ? [path] : []
  })
}
