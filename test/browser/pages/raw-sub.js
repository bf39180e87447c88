// A ZWS 2.0 SUB written by hand over the browser's WebSocket, and a harness that measures the
// messages per second that SUB handlers receive from a native PUB bound on ws://.
//
// ZWS 2.0 as libzmq speaks it: the WebSocket is opened with the sub-protocol "ZWS2.0"; every
// ZeroMQ frame is one binary WebSocket message whose first byte is a flags byte (0x01: more
// frames follow, 0x02: a command); the server first sends its routing id ([0x00]), and the
// client sends its own ([0x00]) first; [0x00, 0x01, ...topic] subscribes, [0x00, 0x00, ...topic]
// unsubscribes.
//
// A handler is { start(url, topics, onMessage) } returning { opened: Promise, stop() }:
// `opened` resolves when the WebSocket is open and rejects when it fails before that;
// `onMessage(frames)` is called once per ZeroMQ message (frames: Uint8Array[]). The raw
// handler is built in; `?handlers=raw,rxzmq` also loads ./handlers/rxzmq.js, a module whose
// default export is a handler (an rxzmq/web SubscriberSocket behind the same interface), so
// both run in turns in the same page and the same run.

const FLAG_MORE = 0x01
const FLAG_COMMAND = 0x02
const encoder = new TextEncoder()

/** One subscription message: [0x00 (last frame), 0x01 (subscribe) | 0x00, ...topic]. */
function subscription(subscribe, topic) {
  const bytes = encoder.encode(topic)
  const message = new Uint8Array(bytes.length + 2)
  message[1] = subscribe ? 1 : 0
  message.set(bytes, 2)
  return message
}

/** The hand-written SUB: a WebSocket and a frame assembler, nothing else. */
export const raw = {
  start(url, topics, onMessage) {
    const ws = new WebSocket(url, 'ZWS2.0')
    ws.binaryType = 'arraybuffer'
    let routingIdSeen = false
    let frames = []
    const opened = new Promise((resolve, reject) => {
      ws.onopen = () => {
        ws.send(new Uint8Array([0x00])) // our routing id: empty, last frame
        for (const topic of topics) ws.send(subscription(true, topic))
        resolve()
      }
      ws.onerror = () => reject(new Error(`WebSocket to ${url} failed`))
      ws.onclose = (event) =>
        reject(new Error(`WebSocket to ${url} closed before it opened (code ${event.code})`))
    })
    ws.onmessage = (event) => {
      const frame = new Uint8Array(event.data)
      const flags = frame[0]
      if (!routingIdSeen) {
        routingIdSeen = true // the server's routing id
        return
      }
      if (flags & FLAG_COMMAND) return // PING/PONG and other commands: not messages
      frames.push(frame.subarray(1))
      if (!(flags & FLAG_MORE)) {
        const message = frames
        frames = []
        onMessage(message)
      }
    }
    return {
      opened,
      stop() {
        ws.onmessage = null
        ws.close()
      },
    }
  },
}

window.zwsRaw = raw // for tests that drive the handler themselves

const params = new URLSearchParams(location.search)
const state = document.getElementById('state')
const detail = document.getElementById('detail')
const tbody = document.getElementById('results')

function setState(name, text = '') {
  document.body.dataset.state = name
  state.textContent = name
  detail.textContent = text
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

const nextFrame = () => new Promise((resolve) => setTimeout(resolve, 0))

/** Runs one handler for one round: open, first message, warm-up, then count for `ms`. */
async function round(handler, url, topics, ms, warmup) {
  let count = 0
  let first
  const firstMessage = new Promise((resolve) => (first = resolve))
  const connection = handler.start(url, topics, () => {
    count++
    if (count === 1) first()
  })
  try {
    await connection.opened
    await firstMessage
    // Warm-up, then the measured window; both timed by the clock, the page stays responsive.
    const warmEnd = performance.now() + warmup
    while (performance.now() < warmEnd) await nextFrame()
    const startCount = count
    const start = performance.now()
    while (performance.now() - start < ms) await nextFrame()
    const elapsed = (performance.now() - start) / 1000
    return { rate: (count - startCount) / elapsed, messages: count }
  } finally {
    connection.stop()
  }
}

async function main() {
  const url = params.get('server')
  if (url === null) {
    setState('failed', 'no ?server=ws://host:port')
    return
  }
  const topics = [params.get('topic') ?? '']
  const names = (params.get('handlers') ?? 'raw').split(',').filter(Boolean)
  const ms = Number(params.get('ms') ?? 2000)
  const rounds = Number(params.get('rounds') ?? 3)
  const warmup = Number(params.get('warmup') ?? 300)

  const handlers = {}
  for (const name of names) {
    handlers[name] = name === 'raw' ? raw : (await import(`./handlers/${name}.js`)).default
  }

  const results = Object.fromEntries(names.map((name) => [name, { rates: [], messages: 0 }]))
  window.benchResults = results
  for (let r = 0; r < rounds; r++) {
    for (const name of names) {
      setState('running', `round ${r + 1}/${rounds}: ${name}`)
      const { rate, messages } = await round(handlers[name], url, topics, ms, warmup)
      results[name].rates.push(rate)
      results[name].messages += messages
    }
  }
  for (const name of names) {
    const result = results[name]
    result.median = median(result.rates)
    const row = tbody.insertRow()
    row.dataset.handler = name
    for (const text of [
      name,
      result.rates.map((rate) => Math.round(rate)).join(', '),
      Math.round(result.median),
      result.messages,
    ]) {
      row.insertCell().textContent = String(text)
    }
  }
  // With two handlers or more: each one's median over the first's (the raw handler's).
  const base = results[names[0]].median
  const ratios = names
    .slice(1)
    .map((name) => `${name}/${names[0]} = ${(results[name].median / base).toFixed(3)}`)
  setState('done', ratios.join(', '))
}

main().catch((error) => setState('failed', String(error?.message ?? error)))
