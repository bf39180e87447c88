// Bundle size of rxzmq/web as an app sees it: esbuild, minified, for browsers, rxjs left out
// (the app has it anyway), gzip level 9. Two apps: one that uses only a SUB socket and text(),
// and one that imports the whole entry.
//
//   npx tsx bench/web/bundleSize.ts          the two apps' sizes
//   npx tsx bench/web/bundleSize.ts --files  and, per app, the minified bytes each module of
//                                            dist/web puts in the bundle (esbuild's metafile),
//                                            largest first: where the bytes are
import { build, type Metafile } from 'esbuild'
import { gzipSync } from 'node:zlib'
import { join, relative } from 'node:path'

const root = join(__dirname, '..', '..')
const entry = join(root, 'dist', 'web', 'web', 'index.js')

const APPS = {
  'SUB socket + text()': `import { SubscriberSocket, text } from ${JSON.stringify(entry)}
new SubscriberSocket({ connect: 'ws://127.0.0.1:8556', topics: ['10001 '] })
  .pipe(text())
  .subscribe((line) => console.log(line))`,
  'whole rxzmq/web entry': `export * from ${JSON.stringify(entry)}`,
}

/** One app's bundle: its minified and gzipped bytes, and the minified bytes per module. */
interface AppBundle {
  app: string
  minified: number
  gzipped: number
  /** Module (relative to dist/web) → minified bytes it contributes, largest first. */
  files: [string, number][]
}

async function bundle(app: string, contents: string): Promise<AppBundle> {
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
    metafile: true,
    outfile: 'bundle.js', // not written: names the output in the metafile
  })
  const code = result.outputFiles.find((file) => file.path.endsWith('.js'))!.contents
  return {
    app,
    minified: code.length,
    gzipped: gzipSync(code, { level: 9 }).length,
    files: filesOf(result.metafile),
  }
}

function filesOf(metafile: Metafile): [string, number][] {
  const output = Object.values(metafile.outputs)[0]
  const web = join(root, 'dist', 'web')
  return Object.entries(output.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([file, input]): [string, number] => [
      file === '<stdin>' ? '(the app)' : relative(web, join(root, file)),
      input.bytesInOutput,
    ])
    .sort((a, b) => b[1] - a[1])
}

/** Minified and gzipped bytes of each app's bundle, rxjs excluded. */
export async function bundleSizes(): Promise<{ app: string; minified: number; gzipped: number }[]> {
  const sizes = []
  for (const [app, contents] of Object.entries(APPS)) {
    const { minified, gzipped } = await bundle(app, contents)
    sizes.push({ app, minified, gzipped })
  }
  return sizes
}

if (require.main === module) {
  const files = process.argv.includes('--files')
  void (async () => {
    for (const [app, contents] of Object.entries(APPS)) {
      const sizes = await bundle(app, contents)
      console.log(
        `${app}: ${(sizes.minified / 1024).toFixed(1)} kB minified, ${(sizes.gzipped / 1024).toFixed(1)} kB min+gzip`,
      )
      if (!files) continue
      for (const [file, bytes] of sizes.files)
        console.log(`  ${String(bytes).padStart(6)}  ${file}`)
    }
  })()
}
