import { build, type Plugin } from 'esbuild'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

const ROOT = join(__dirname, '..', '..', '..')
const HANDLERS = join(__dirname, '..', 'pages', 'handlers')
/** The built rxzmq/web entry, as package.json's "browser" condition names it. */
export const WEB_ENTRY = join(ROOT, 'dist', 'web', 'web', 'index.js')

/** The handler's import of the web entry's source, bundled from the built entry instead. */
const builtEntry: Plugin = {
  name: 'rxzmq-web-built',
  setup(on) {
    on.onResolve({ filter: /\/src\/web\/index$/ }, () => ({ path: WEB_ENTRY }))
  },
}

/**
 * Bundles pages/handlers/rxzmq.src.ts with rxjs into pages/handlers/rxzmq.js (an ES module the
 * pages load by name), from the built rxzmq/web entry (`npm run build`), for browsers, not
 * minified (readable in profiles), with a `// <module path>` comment before each module's code
 * (what `bundleModules` reads). Returns the bundle's path.
 */
export async function buildRxzmqHandler(): Promise<string> {
  if (!existsSync(WEB_ENTRY)) {
    throw new Error(`rxzmq/web is not built (${WEB_ENTRY} is missing): run npm run build`)
  }
  const outfile = join(HANDLERS, 'rxzmq.js')
  await build({
    entryPoints: [join(HANDLERS, 'rxzmq.src.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    sourcemap: 'inline',
    // rxjs's ES2015 build, as Angular's builder picks it (the default is its ES5 build).
    conditions: ['es2015'],
    plugins: [builtEntry],
    logLevel: 'silent',
  })
  return outfile
}
