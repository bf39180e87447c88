import { example, type Proc } from '../../examples/processes'

export interface WeatherServer {
  readonly proc: Proc
  /** The ws:// endpoint as bound, without the trailing slash: `ws://127.0.0.1:41234`. */
  readonly endpoint: string
  readonly port: number
}

/**
 * Starts the rxzmq weather server (examples/weather/server.ts, a native PUB through libzmq)
 * bound on `ws://127.0.0.1:<port>` (`*`: a free port the kernel picks) and waits until it says
 * it is bound. The test's `killAll()` (test/examples/processes) stops it.
 */
export async function startWeatherServer(port: number | '*' = '*'): Promise<WeatherServer> {
  const proc = example('weather/server', '--bind', `ws://127.0.0.1:${port}`)
  const [line] = await proc.waitFor(/^weather\/server: bound ws:\/\/\S+$/m, { timeout: 30000 })
  const endpoint = line!.replace(/^weather\/server: bound /, '').replace(/\/$/, '')
  return { proc, endpoint, port: Number(new URL(endpoint).port) }
}
