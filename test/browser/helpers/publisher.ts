import { join } from 'node:path'
import { example, start, TSX, type Proc } from '../../examples/processes'

export interface Publisher {
  readonly proc: Proc
  /** The ws:// endpoint as bound, without the trailing slash: `ws://127.0.0.1:41234`. */
  readonly endpoint: string
  readonly port: number
}

/** Waits for "<name>: bound ws://..." and reads the endpoint from it. */
async function bound(proc: Proc, name: string): Promise<Publisher> {
  const pattern = new RegExp(`^${name}: bound (ws://\\S+)$`, 'm')
  const [line] = await proc.waitFor(pattern, { timeout: 30000 })
  const endpoint = pattern.exec(line!)![1]!.replace(/\/$/, '')
  return { proc, endpoint, port: Number(new URL(endpoint).port) }
}

/**
 * Starts the rxzmq weather server (examples/weather/server.ts, a native PUB through libzmq)
 * bound on `ws://127.0.0.1:<port>` (`*`: a free port the kernel picks) and waits until it says
 * it is bound. The test's `killAll()` (test/examples/processes) stops it.
 */
export async function startWeatherServer(port: number | '*' = '*'): Promise<Publisher> {
  const proc = example('weather/server', '--bind', `ws://127.0.0.1:${port}`)
  return bound(proc, 'weather/server')
}

/**
 * Starts drivers/weather-xpub.ts: weather lines for a few zip codes at a steady rate from a
 * native XPUB on `ws://127.0.0.1:<port>`, which prints the subscriptions it gets.
 */
export async function startWeatherXpub(
  port: number | '*' = '*',
  zips: readonly string[] = ['10001', '10002', '10003'],
  rate = 300,
): Promise<Publisher> {
  const proc = start('weather-xpub', process.execPath, [
    '--import',
    TSX,
    join(__dirname, '..', 'drivers', 'weather-xpub.ts'),
    '--bind',
    `ws://127.0.0.1:${port}`,
    '--zips',
    zips.join(','),
    '--rate',
    String(rate),
  ])
  return bound(proc, 'weather-xpub')
}
