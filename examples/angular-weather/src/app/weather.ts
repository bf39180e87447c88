/** One line of the weather feed, "zip temperature humidity": `10001 72 43`. */
export interface WeatherUpdate {
  readonly zip: string
  readonly temperature: number
  readonly humidity: number
}

/** What the page shows for one zip code, from its updates so far. */
export interface WeatherStats {
  readonly zip: string
  readonly count: number
  /** Running averages over every update since the zip code was chosen (NaN before the first). */
  readonly averageTemperature: number
  readonly averageHumidity: number
  /** The latest updates, oldest first, at most {@link RECENT}. */
  readonly recent: readonly WeatherUpdate[]
}

/** How many updates the chart and the list keep. */
export const RECENT = 60

/** The server when the page's URL names none (`?server=ws://host:port`). */
export const DEFAULT_SERVER = 'ws://127.0.0.1:8556'

/** The zip code when the page's URL names none (`?zip=10002`): New York City, as in the zguide. */
export const DEFAULT_ZIP = '10001'

/** The weather server's zip codes: 1 to 99999, unpadded. */
export const isZip = (value: string): boolean => /^[1-9]\d{0,4}$/.test(value)

/** The server's ZWS endpoint from `?server=`, else {@link DEFAULT_SERVER}. */
export function serverFrom(search: string): string {
  const server = new URLSearchParams(search).get('server')
  return server !== null && /^wss?:\/\/./.test(server) ? server : DEFAULT_SERVER
}

/** The first zip code from `?zip=`, else {@link DEFAULT_ZIP}. */
export function zipFrom(search: string): string {
  const zip = new URLSearchParams(search).get('zip')
  return zip !== null && isZip(zip) ? zip : DEFAULT_ZIP
}

/** Parses one update; a line that is not three numbers gives undefined. */
export function parseUpdate(line: string): WeatherUpdate | undefined {
  const [zip, temperature, humidity, ...rest] = line.split(' ')
  if (zip === undefined || rest.length > 0) return undefined
  const t = Number(temperature)
  const h = Number(humidity)
  return Number.isFinite(t) && Number.isFinite(h) && temperature !== '' && humidity !== ''
    ? { zip, temperature: t, humidity: h }
    : undefined
}

/** No update yet for `zip`. */
export const emptyStats = (zip: string): WeatherStats => ({
  zip,
  count: 0,
  averageTemperature: NaN,
  averageHumidity: NaN,
  recent: [],
})

/** The stats after one more update (a running mean, no sums that grow). */
export function addUpdate(stats: WeatherStats, update: WeatherUpdate): WeatherStats {
  const count = stats.count + 1
  const mean = (average: number, value: number): number =>
    count === 1 ? value : average + (value - average) / count
  return {
    zip: stats.zip,
    count,
    averageTemperature: mean(stats.averageTemperature, update.temperature),
    averageHumidity: mean(stats.averageHumidity, update.humidity),
    recent: [...stats.recent.slice(-(RECENT - 1)), update],
  }
}

/**
 * The connection status shown from a socket's events: `connect`/`handshake` mean connected,
 * `disconnect` that the server went away (the socket reconnects by itself), `connect:retry`
 * a new attempt, `close`/`error` that the socket is gone. Other events change nothing.
 */
export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected' | 'retrying' | 'closed'

export function statusOf(event: { readonly type: string }): ConnectionStatus | undefined {
  switch (event.type) {
    case 'connect':
    case 'handshake':
      return 'connected'
    case 'disconnect':
      return 'disconnected'
    case 'connect:retry':
      return 'retrying'
    case 'connect:delay':
      return 'connecting'
    case 'close':
    case 'error':
      return 'closed'
    default:
      return undefined
  }
}
