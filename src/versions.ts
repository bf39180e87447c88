import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { zmq } from './transport/native/zeromq'

/** rxzmq's own package.json: one level up from src/, two from dist/cjs/. */
function ownVersion(): string {
  for (const up of ['..', join('..', '..')]) {
    try {
      const pkg = JSON.parse(readFileSync(join(__dirname, up, 'package.json'), 'utf8')) as {
        name?: string
        version?: string
      }
      if (pkg.name === 'rxzmq' && pkg.version !== undefined) return pkg.version
    } catch {
      // not here: try one level further up
    }
  }
  return 'unknown'
}

/**
 * The versions in use: libzmq (bundled with zeromq.js), zeromq.js, and rxzmq.
 *
 * ## Example
 * ```ts
 * const { libzmq, zeromq, rxzmq } = versions()
 * console.log(`rxzmq ${rxzmq}, zeromq.js ${zeromq}, libzmq ${libzmq}`)
 * ```
 */
export function versions(): { libzmq: string; zeromq: string; rxzmq: string } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const zeromq = (require('zeromq/package.json') as { version: string }).version
  return { libzmq: zmq.version, zeromq, rxzmq: ownVersion() }
}
