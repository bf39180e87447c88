import { openWebSocket, type WsConnection } from './wsClient'

/** A DevTools protocol session with one target, as little as a profiler needs. */
export interface CdpSession {
  send<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>
  close(): void
}

/**
 * Attaches to the page whose URL contains `urlPart` through Chromium's DevTools port, and
 * enables nothing: the caller enables the domains it wants (the Profiler alone adds no per
 * WebSocket frame work, unlike the Network domain that Playwright enables).
 */
export async function attachToPage(port: number, urlPart: string): Promise<CdpSession> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
    type: string
    url: string
    webSocketDebuggerUrl: string
  }[]
  const target = targets.find((t) => t.type === 'page' && t.url.includes(urlPart))
  if (target === undefined) {
    throw new Error(`no page at ${urlPart} among ${targets.map((t) => t.url).join(', ')}`)
  }
  const ws = await openWebSocket(target.webSocketDebuggerUrl)
  if (!ws.ok) throw new Error(`DevTools refused the connection: ${ws.status}`)
  const connection: WsConnection = ws
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>()
  let count = 0
  connection.onText = (text) => {
    const message = JSON.parse(text) as {
      id?: number
      result?: unknown
      error?: { message: string }
    }
    const call = message.id === undefined ? undefined : pending.get(message.id)
    if (call === undefined) return // an event
    pending.delete(message.id!)
    if (message.error !== undefined) call.reject(new Error(message.error.message))
    else call.resolve(message.result)
  }
  connection.onClose = () => {
    for (const call of pending.values()) call.reject(new Error('DevTools connection closed'))
    pending.clear()
  }
  return {
    send: <T>(method: string, params: Record<string, unknown> = {}) =>
      new Promise<T>((resolve, reject) => {
        const id = ++count
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
        connection.sendText(JSON.stringify({ id, method, params }))
      }),
    close: () => connection.close(),
  }
}

/** A V8 CPU profile (the DevTools protocol's Profiler.Profile). */
export interface CpuProfile {
  nodes: {
    id: number
    callFrame: { functionName: string; url: string; lineNumber: number }
    children?: number[]
  }[]
  samples: number[]
  timeDeltas: number[]
}

/**
 * Self time (ms) of a profile, by where it was spent: `where(url, line)` names the place of a
 * frame with a script (e.g. the module of a bundle); builtins without a script are charged to
 * the nearest caller that has one; V8's own entries (`(program)`: Blink and V8 outside
 * JavaScript, such as dispatching a WebSocket message event; `(garbage collector)`; `(idle)`)
 * are kept as they are. Samples under a function `skip` names are left out (a wait). Also the
 * top functions by self time.
 */
export function summarizeProfile(
  profile: CpuProfile,
  where: (url: string, line: number) => string,
  skip: (functionName: string) => boolean = () => false,
): { byPlace: Record<string, number>; topFunctions: [string, number][]; totalMs: number } {
  const parent = new Map<number, number>()
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id)
  const skipped = new Map<number, boolean>()
  const isSkipped = (id: number): boolean => {
    let known = skipped.get(id)
    if (known === undefined) {
      const up = parent.get(id)
      known = skip(byId.get(id)!.callFrame.functionName) || (up !== undefined && isSkipped(up))
      skipped.set(id, known)
    }
    return known
  }
  const place = new Map<number, string>()
  const placeOf = (id: number): string => {
    const known = place.get(id)
    if (known !== undefined) return known
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame
    let name: string
    if (url !== '') name = where(url, lineNumber)
    else if (functionName.startsWith('(')) name = functionName
    else {
      const up = parent.get(id)
      name = up === undefined ? 'builtins' : placeOf(up)
      if (name.startsWith('(')) name = 'builtins'
    }
    place.set(id, name)
    return name
  }
  const byPlace: Record<string, number> = {}
  const byFunction = new Map<string, number>()
  let totalMs = 0
  profile.samples.forEach((id, i) => {
    if (isSkipped(id)) return
    const ms = (profile.timeDeltas[i] ?? 0) / 1000
    totalMs += ms
    const p = placeOf(id)
    byPlace[p] = (byPlace[p] ?? 0) + ms
    const { functionName, url } = byId.get(id)!.callFrame
    const fn = `${functionName || '(anonymous)'} ${url === '' ? '' : `[${p}]`}`.trim()
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms)
  })
  const topFunctions = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 25)
  return { byPlace, topFunctions, totalMs }
}
