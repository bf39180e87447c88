import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export const ROOT = join(__dirname, '..', '..', '..')
export const APP = join(ROOT, 'examples', 'angular-weather')
/** Where `ng build` puts the app (Angular's application builder: dist/<project>/browser). */
export const APP_DIST = join(APP, 'dist', 'angular-weather', 'browser')

/** Every file path named under one entry of package.json's `exports`. */
function exportTargets(entry: unknown): string[] {
  if (typeof entry === 'string') return [entry]
  if (entry !== null && typeof entry === 'object')
    return Object.values(entry).flatMap(exportTargets)
  return []
}

/**
 * Why the Angular example cannot be built yet: it imports `rxzmq/web`, which the root package
 * must export. Undefined once it does.
 */
export function rxzmqWebMissing(): string | undefined {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    exports?: Record<string, unknown>
  }
  return pkg.exports?.['./web'] === undefined
    ? `rxzmq/web is not there yet: package.json exports no "./web", and examples/angular-weather imports it`
    : undefined
}

/** Throws, naming them, when files that rxzmq/web's exports point to are not built. */
export function checkRxzmqWebBuilt(): void {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    exports: Record<string, unknown>
  }
  const missing = exportTargets(pkg.exports['./web']).filter((f) => !existsSync(join(ROOT, f)))
  if (missing.length > 0) {
    throw new Error(`rxzmq/web is not built (missing ${missing.join(', ')}): run npm run build`)
  }
}

/** Runs a command to its end; rejects with its output when it fails or runs past `timeout`. */
export function run(
  command: string,
  args: readonly string[],
  cwd: string,
  timeout: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NG_CLI_ANALYTICS: 'false', NO_COLOR: '1', FORCE_COLOR: '0' },
    })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    const timer = setTimeout(() => {
      output += `\n[killed: still running after ${timeout} ms]`
      child.kill('SIGKILL')
    }, timeout)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(new Error(`${command} ${args.join(' ')}: ${error.message}`))
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolve(output)
      else {
        reject(
          new Error(
            `${command} ${args.join(' ')} (in ${cwd}) failed: ${code ?? signal}\n${output}`,
          ),
        )
      }
    })
  })
}

interface Lock {
  packages?: Record<string, { version?: string; optional?: boolean; link?: boolean }>
}

/**
 * True when the example's node_modules hold what its package-lock.json says: npm's record of
 * what it installed (node_modules/.package-lock.json) names every locked package at its
 * locked version (optional ones, which another platform needs, may be absent). File times are
 * no guide: a checkout sets them.
 */
function installed(): boolean {
  const record = join(APP, 'node_modules', '.package-lock.json')
  if (!existsSync(record)) return false
  const lock = JSON.parse(readFileSync(join(APP, 'package-lock.json'), 'utf8')) as Lock
  const have = (JSON.parse(readFileSync(record, 'utf8')) as Lock).packages ?? {}
  return Object.entries(lock.packages ?? {}).every(
    ([path, entry]) =>
      !path.startsWith('node_modules/') ||
      entry.link === true ||
      have[path]?.version === entry.version ||
      (entry.optional === true && have[path] === undefined),
  )
}

/**
 * Installs the example's dependencies when they are missing or older than its lock file
 * (`npm ci`: this needs the npm registry), then builds it once with `ng build` (production).
 * Returns the folder to serve and what it took.
 */
export async function buildAngularApp(): Promise<{ dist: string; log: string }> {
  checkRxzmqWebBuilt()
  let log = ''
  if (!installed()) {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
    const started = Date.now()
    await run(npm, ['ci', '--no-audit', '--no-fund'], APP, 300000)
    log += `npm ci in examples/angular-weather: ${Date.now() - started} ms\n`
  }
  const started = Date.now()
  const ng = join(APP, 'node_modules', '@angular', 'cli', 'bin', 'ng.js')
  await run(process.execPath, [ng, 'build'], APP, 300000)
  log += `ng build: ${Date.now() - started} ms\n`
  if (!existsSync(join(APP_DIST, 'index.html'))) {
    throw new Error(`ng build made no ${join(APP_DIST, 'index.html')}`)
  }
  return { dist: APP_DIST, log }
}
