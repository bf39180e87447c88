// One burst run in the page: a SUB handler (./handlers/<name>.js, see ./handlers/raw.js for the
// interface) connects to a fresh native XPUB, subscribes, and then the page blocks in a
// synchronous request to the publisher's gate (a browser cannot pause a WebSocket, but a page
// blocked there reads nothing: the burst piles up in Chromium's buffers, TCP and libzmq). Once
// the publisher has queued the whole burst, the gate answers and the handler takes the backlog;
// the run times that, from the gate's answer to the last message.
//
// Driven without DevTools (measurements: a page driven through the DevTools protocol is
// instrumented, and Chromium reports every WebSocket frame to the client): with
// ?control=http://127.0.0.1:<port> the page asks that server for tasks (GET /next: { id, task })
// and posts each outcome to /result/<id>, what it logs to /log (test/browser/helpers/
// pageControl.ts). Tasks: { type: 'load', handler } loads ./handlers/<handler>.js;
// { type: 'run', ...options } runs one burst (see run below). Also as window.burst.load / run.

const handlers = {}

async function load(name) {
  handlers[name] ??= (await import(`./handlers/${name}.js`)).default
}

/** Blocks this thread until the gate answers (a synchronous XMLHttpRequest, on purpose). */
function waitAtGate(url) {
  const request = new XMLHttpRequest()
  request.open('GET', url, false)
  request.send()
  if (request.status !== 204) throw new Error(`the gate ${url} answered ${request.status}`)
}

const latin1 = (bytes) => {
  let text = ''
  for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i])
  return text
}

/**
 * options: { handler, url, topic, messages, gate, timeout (ms, default 120000), record }.
 * With `record`, every message's frames are kept (as latin1 strings) and returned.
 */
async function run({ handler, url, topic, messages, gate, timeout = 120000, record = false }) {
  const recorded = record ? [] : undefined
  let received = 0
  let last = 0
  let done
  const finished = new Promise((resolve) => (done = resolve))
  const connection = handlers[handler].start(url, [topic], (frames) => {
    if (recorded !== undefined) recorded.push(frames.map(latin1))
    if (++received === messages) {
      last = performance.now()
      done()
    }
  })
  try {
    await connection.opened
    const before = received // nothing is published before the subscription: 0
    const blockedFrom = performance.now()
    waitAtGate(gate)
    const start = performance.now()
    const timer = setTimeout(done, timeout)
    await finished
    clearTimeout(timer)
    const end = received === messages ? last : performance.now()
    return {
      received,
      before,
      seconds: (end - start) / 1000,
      blockedMs: start - blockedFrom,
      visibility: document.visibilityState,
      record: recorded,
    }
  } finally {
    connection.stop()
  }
}

window.burst = { load, run }

/** Takes tasks from the control server until the page closes. */
async function serve(control) {
  const post = (path, body) =>
    fetch(`${control}${path}`, { method: 'POST', body, headers: { 'Content-Type': 'text/plain' } })
  for (const level of ['error', 'warn']) {
    const original = console[level]
    console[level] = (...args) => {
      original.apply(console, args)
      void post('/log', `[console.${level}] ${args.map(String).join(' ')}`)
    }
  }
  window.addEventListener('error', (event) => void post('/log', `[error] ${event.message}`))
  window.addEventListener(
    'unhandledrejection',
    (event) => void post('/log', `[unhandledrejection] ${String(event.reason)}`),
  )
  for (;;) {
    const { id, task } = await (await fetch(`${control}/next`)).json()
    let outcome
    try {
      const value =
        task.type === 'load'
          ? await load(task.handler)
          : task.type === 'run'
            ? await run(task)
            : 'ready'
      outcome = { ok: true, value }
    } catch (error) {
      outcome = { ok: false, error: String(error?.stack ?? error) }
    }
    await post(`/result/${id}`, JSON.stringify(outcome))
  }
}

document.body.dataset.state = 'ready'
document.getElementById('state').textContent = 'ready'
const control = new URLSearchParams(location.search).get('control')
if (control !== null) {
  serve(control).catch((error) => {
    document.body.dataset.state = 'failed'
    document.getElementById('state').textContent = `failed: ${error?.message ?? error}`
  })
}
