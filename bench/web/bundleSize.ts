// Bundle size of rxzmq/web as an app sees it: esbuild, minified, for browsers, rxjs left out
// (the app has it anyway), gzip level 9. Two apps: one that uses only a SUB socket and text(),
// and one that imports the whole entry.
import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'
import { join } from 'node:path'

const root = join(__dirname, '..', '..')
const entry = join(root, 'dist', 'web', 'web', 'index.js')

const APPS = {
  'SUB socket + text()': `import { SubscriberSocket, text } from ${JSON.stringify(entry)}
new SubscriberSocket({ connect: 'ws://127.0.0.1:8556', topics: ['10001 '] })
  .pipe(text())
  .subscribe((line) => console.log(line))`,
  'whole rxzmq/web entry': `export * from ${JSON.stringify(entry)}`,
}

/** Minified and gzipped bytes of each app's bundle, rxjs excluded. */
export async function bundleSizes(): Promise<{ app: string; minified: number; gzipped: number }[]> {
  const sizes = []
  for (const [app, contents] of Object.entries(APPS)) {
    const result = await build({
      stdin: { contents, resolveDir: root, loader: 'js' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2020',
      external: ['rxjs', 'rxjs/*'],
      write: false,
      logLevel: 'silent',
    })
    const code = result.outputFiles[0].contents
    sizes.push({ app, minified: code.length, gzipped: gzipSync(code, { level: 9 }).length })
  }
  return sizes
}

if (require.main === module) {
  void bundleSizes().then((sizes) => {
    for (const { app, minified, gzipped } of sizes) {
      console.log(
        `${app}: ${(minified / 1024).toFixed(1)} kB minified, ${(gzipped / 1024).toFixed(1)} kB min+gzip`,
      )
    }
  })
}
