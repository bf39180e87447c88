// A harness that measures the messages per second that ZWS 2.0 SUB handlers receive from a
// native PUB bound on ws://, continuously, for a few rounds. The hand-written SUB (the baseline)
// is in ./handlers/raw.js, which describes ZWS 2.0 as libzmq speaks it.
//
// A handler is { start(url, topics, onMessage) } returning { opened: Promise, stop() }:
// `opened` resolves when the WebSocket is open and rejects when it fails before that;
// `onMessage(frames)` is called once per ZeroMQ message (frames: Uint8Array[]). The raw
// handler is built in; `?handlers=raw,rxzmq` also loads ./handlers/rxzmq.js, a module whose
// default export is a handler (an rxzmq/web SubscriberSocket behind the same interface, built
// by test/browser/helpers/rxzmqHandler.ts), so both run in turns in the same page and run.
//
// Continuous rounds against a publisher that floods every subscriber are not a steady
// measurement: a handler's stop() closes its WebSocket, but libzmq (ZWS 2.0 without a
// mechanism) never answers the close frame, so Chromium keeps the closing connection (and
// reads it) for up to a minute while the publisher goes on flooding it. Each round adds one
// such connection, and later rounds starve (whole rounds at 0 messages/s were seen on a busy
// machine). burst.html measures throughput with a fresh publisher per round instead.

import { raw } from './handlers/raw.js'

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
