// What a new user gets: the packed tarball (npm pack) installed into an empty folder, with rxjs,
// offline, from the npm cache that `npm ci` filled, then `npx rxzmq version` and `npx rxzmq demo`
// with nothing of the repository around (no tsx, no examples/, no src/).
//
// The cache holds the tarballs npm ci fetched (by integrity), not the registry's metadata, so the
// app gets a lockfile: rxzmq from the tarball, and zeromq and rxjs with what they depend on
// copied from the repository's lockfile (same versions, same integrity).
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { killAll, ROOT, start, type Proc } from '../examples/processes'
import { freePort } from '../helpers/ports'
import { lines, requireBuild, result } from './cli'

requireBuild()
afterEach(killAll)

interface LockEntry {
  version: string
  dependencies?: Record<string, string>
  dev?: boolean
  devOptional?: boolean
  peer?: boolean
  [key: string]: unknown
}

/** The lockfile of an app that depends on the tarball and rxjs, from the repository's lockfile. */
function appLockfile(tarball: string): { manifest: object; lock: object } {
  const repoLock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>
  }
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    version: string
    license: string
    dependencies: Record<string, string>
    peerDependencies: Record<string, string>
    devDependencies: Record<string, string>
    bin: Record<string, string>
    engines: Record<string, string>
  }
  const packages: Record<string, LockEntry> = {}
  /** Where Node would find `name` from the package at `from` (a lockfile path). */
  const resolve = (from: string, name: string): string => {
    let dir = from
    for (;;) {
      const path = `${dir === '' ? '' : `${dir}/`}node_modules/${name}`
      if (repoLock.packages[path] !== undefined) return path
      if (dir === '') throw new Error(`${name} (needed by ${from}) is not in package-lock.json`)
      const i = dir.lastIndexOf('/node_modules/')
      dir = i === -1 ? '' : dir.slice(0, i)
    }
  }
  const add = (path: string): void => {
    if (packages[path] !== undefined) return
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = repoLock.packages[path]!
    packages[path] = entry
    for (const dep of Object.keys(entry.dependencies ?? {})) add(resolve(path, dep))
  }
  for (const dep of Object.keys(pkg.dependencies)) add(`node_modules/${dep}`)
  add('node_modules/rxjs')

  const dependencies = { rxjs: pkg.devDependencies.rxjs!, rxzmq: `file:${tarball}` }
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`
  return {
    manifest: { name: 'app', version: '1.0.0', private: true, dependencies },
    lock: {
      name: 'app',
      version: '1.0.0',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: 'app', version: '1.0.0', dependencies },
        'node_modules/rxzmq': {
          version: pkg.version,
          resolved: `file:${tarball}`,
          integrity,
          license: pkg.license,
          dependencies: pkg.dependencies,
          peerDependencies: pkg.peerDependencies,
          bin: pkg.bin,
          engines: pkg.engines,
        },
        ...packages,
      },
    },
  }
}

async function succeeds(proc: Proc, timeout: number): Promise<string> {
  const r = await result(proc, timeout)
  expect({ code: r.code, out: r.out }).toMatchObject({ code: 0 })
  return r.stdout
}

describe('the packed package, installed offline into an empty folder', () => {
  let dir: string
  let app: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxzmq-package-'))
    app = join(dir, 'app')
    await succeeds(start('npm pack', 'npm', ['pack', '--silent', '--pack-destination', dir]), 60000)
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))
    if (tarball === undefined) throw new Error(`npm pack made no tarball in ${dir}`)
    const { manifest, lock } = appLockfile(join(dir, tarball))
    mkdirSync(app)
    writeFileSync(join(app, 'package.json'), JSON.stringify(manifest, null, 2))
    writeFileSync(join(app, 'package-lock.json'), JSON.stringify(lock, null, 2))
    await succeeds(
      start(
        'npm install --offline',
        'npm',
        ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error'],
        { cwd: app },
      ),
      120000,
    )
  }, 200000)

  afterAll(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  it('should hold the compiled command, demo and examples, and no TypeScript sources', () => {
    const installed = join(app, 'node_modules', 'rxzmq')
    expect(existsSync(join(installed, 'dist', 'cjs', 'cli', 'main.js'))).toBe(true)
    expect(existsSync(join(installed, 'dist', 'examples', 'demo.js'))).toBe(true)
    expect(existsSync(join(installed, 'dist', 'examples', 'hello-world', 'server.js'))).toBe(true)
    expect(existsSync(join(installed, 'examples'))).toBe(false)
    expect(existsSync(join(installed, 'src'))).toBe(false)
    expect(existsSync(join(app, 'node_modules', 'tsx'))).toBe(false)
  })

  it('should print the libzmq, zeromq.js and rxzmq versions: npx rxzmq version', async () => {
    const out = await succeeds(
      start('npx rxzmq version', 'npx', ['--offline', 'rxzmq', 'version'], { cwd: app }),
      60000,
    )
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
    expect(lines(out)).toEqual([
      expect.stringMatching(/^Current {4}libzmq version is 4\.\d+\.\d+$/),
      expect.stringMatching(/^Current zeromq\.js version is 6\.\d+\.\d+$/),
      `Current     rxzmq version is ${pkg.version}`,
    ])
  }, 70000)

  it("should run the seed's three patterns: npx rxzmq demo", async () => {
    const out = await succeeds(
      start('npx rxzmq demo', 'npx', ['--offline', 'rxzmq', 'demo'], { cwd: app }),
      90000,
    )
    expect(out).toMatch(/^ {3}ok hello world: 10 requests, 10 replies "World"/m)
    expect(out).toMatch(/^ {3}ok weather: 5 updates for zip 10001/m)
    expect(out).toMatch(/^ {3}ok pipeline: sink elapsed \d+ ms/m)
    expect(out).toMatch(/^All three patterns worked in [\d.]+ s\.$/m)
  }, 100000)

  it('should talk to a socket from the installed command: npx rxzmq rep / req', async () => {
    const port = await freePort()
    const rep = start(
      'npx rxzmq rep',
      'npx',
      [
        '--offline',
        'rxzmq',
        'rep',
        '--bind',
        `tcp://127.0.0.1:${port}`,
        '-n',
        '1',
        '--reply',
        'pong',
      ],
      { cwd: app },
    )
    const req = start(
      'npx rxzmq req',
      'npx',
      ['--offline', 'rxzmq', 'req', `tcp://127.0.0.1:${port}`, '-m', 'ping'],
      { cwd: app },
    )
    req.end()
    expect(lines(await succeeds(req, 60000))).toEqual(['pong'])
    expect(lines(await succeeds(rep, 60000))).toEqual(['ping'])
  }, 70000)
})
