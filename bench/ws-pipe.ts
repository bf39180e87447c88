// ZWS receive throughput: how many messages/s a WebSocketPipe takes from a native PUB over
// ws://, against a hand-written raw WebSocket handler in the same run, over the same WebSocket
// (Node's built-in: the browser API). Messages have two frames: a 4-byte topic and a 16-byte
// body.
//
//   npx tsx bench/ws-pipe.ts [--messages=300000] [--rounds=3]
//
// A JavaScript publisher cannot outrun the receiver (zeromq.js sends ~100 k messages/s, about
// what a WebSocket client takes), so the publisher does not race it: for each measurement a
// fresh native XPUB (no high-water mark) waits for the subscription, then queues `messages`
// while the receiving thread is held (Atomics.wait: TCP fills, libzmq queues the rest); then
// the receiver is let go and times taking them all, with the publisher idle. Every message must
// arrive. Rounds alternate raw and pipe; the summary takes medians.
//
// Re-runs itself with --experimental-websocket when Node (20) has no global WebSocket.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Pipe } from '../src/transport/pipes/Pipe'
import type { Bytes } from '../src/transport/Transport'
import {
  WebSocketPipe as WebSocketPipeClass,
  wsNetwork,
  type WebSocketConstructor,
} from '../src/transport/ws'

const args = process.argv.slice(2)
const option = (name: string, fallback: number): number => {
  const arg = args.find((a) => a.startsWith(`--${name}=`))
  return arg === undefined ? fallback : Number(arg.slice(name.length + 3))
}
const MESSAGES = option('messages', 300000)
const ROUNDS = option('rounds', 3)
const TOPIC = 'tick'
const root = join(__dirname, '..')

/** The publisher process: XPUB on ws://, fills once subscribed, then touches `filled`. */
const PUBLISHER = `
const zmq = require('zeromq')
const { writeFileSync } = require('node:fs')
;(async () => {
  const [count, filled] = [Number(process.argv[1]), process.argv[2]]
  const pub = new zmq.XPublisher({ sendHighWaterMark: 0 })
  await pub.bind('ws://127.0.0.1:*')
  process.send({ endpoint: pub.lastEndpoint })
  process.on('message', () => { pub.close(); process.disconnect() })
  const [subscription] = await pub.receive()
  if (subscription[0] !== 1) throw new Error('expected a subscription')
  const topic = Buffer.from(${JSON.stringify(TOPIC)})
  const body = Buffer.alloc(16, 0x2a)
  for (let i = 0; i < count; i++) await pub.send([topic, body])
  writeFileSync(filled, '')
})()
`

interface Publisher {
  endpoint: string
  filled: string
  stop(): void
}

function startPublisher(dir: string, round: string): Promise<Publisher> {
  const filled = join(dir, `filled-${round}`)
  const child = spawn(process.execPath, ['-e', PUBLISHER, String(MESSAGES), filled], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, NODE_OPTIONS: '' },
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('message', (m: { endpoint: string }) =>
      resolve({ endpoint: m.endpoint, filled, stop: () => child.send('stop') }),
    )
  })
}

/** Holds this thread (nothing is read from any socket) until `file` exists. */
function holdUntil(file: string, timeoutMs = 120000): void {
  const cell = new Int32Array(new SharedArrayBuffer(4))
  const deadline = Date.now() + timeoutMs
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error('the publisher did not fill in time')
    Atomics.wait(cell, 0, 0, 20)
  }
}

/** A receiver: connects, subscribes to TOPIC, calls `count` per message; `close` ends it. */
type Receiver = (endpoint: string, count: (message: Bytes[]) => void) => Promise<() => void>

/** The hand-written handler: routing ids, subscribe, frames put back into messages. */
const raw: Receiver = (endpoint, count) =>
  new Promise((resolve, reject) => {
    const WS = (globalThis as unknown as { WebSocket: WebSocketConstructor }).WebSocket
    const ws = new WS(endpoint, 'ZWS2.0')
    ws.binaryType = 'arraybuffer'
    let frames: Bytes[] = []
    let first = true
    ws.onerror = () => reject(new Error('raw: WebSocket error'))
    ws.onopen = () => {
      ws.send(Uint8Array.of(0x00))
      ws.send(Uint8Array.of(0x00, 0x01, ...new TextEncoder().encode(TOPIC)))
      resolve(() => ws.close())
    }
    ws.onmessage = (event) => {
      const bytes = new Uint8Array(event.data as ArrayBuffer)
      frames.push(bytes.subarray(1))
      if (bytes[0] !== 0x00) return
      if (first)
        first = false // the routing id
      else count(frames)
      frames = []
    }
  })

/** A WebSocketPipe from wsNetwork, read on `readable`. */
const pipe: Receiver = (endpoint, count) =>
  new Promise((resolve, reject) => {
    wsNetwork().dial(
      endpoint,
      { type: 'SUB', identity: undefined, options: {} },
      {
        pipe: (p: Pipe) => {
          p.handler = {
            readable: (from) => {
              for (let m = from.read(); m !== undefined; m = from.read()) count(m)
            },
            writable: () => undefined,
            closed: () => undefined,
          }
          p.write([Uint8Array.of(0x01, ...new TextEncoder().encode(TOPIC))])
          resolve(() => p.close())
        },
        event: () => undefined,
        failed: reject,
      },
    )
  })

interface Measurement {
  /** Messages per second of wall time. */
  rate: number
  /** Messages per second of this process's CPU time (user + system): steadier on a busy host. */
  perCpu: number
}

async function measure(receiver: Receiver, dir: string, round: string): Promise<Measurement> {
  const publisher = await startPublisher(dir, round)
  let received = 0
  let bytes = 0
  let done: () => void = () => undefined
  const all = new Promise<void>((resolve) => (done = resolve))
  let t1 = 0
  const close = await receiver(publisher.endpoint, (message) => {
    bytes += message[1].length
    if (++received === MESSAGES) {
      t1 = performance.now()
      done()
    }
  })
  holdUntil(publisher.filled)
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  await all
  const cpu = process.cpuUsage(cpu0)
  close()
  publisher.stop()
  if (bytes !== received * 16) throw new Error('a message arrived with the wrong body')
  return {
    rate: MESSAGES / ((t1 - t0) / 1000),
    perCpu: MESSAGES / ((cpu.user + cpu.system) / 1e6),
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

const k = (rate: number): string => `${(rate / 1000).toFixed(1)} k/s`

/**
 * The same two handlers without sockets: the WebSocket's `onmessage` called in a loop with
 * ready ArrayBuffers, so only the handlers' own cost is timed (what the pipe adds per message).
 */
function inMemory(): { raw: number; pipe: number } {
  const frames = 2 * 200000
  const topic = Uint8Array.of(0x01, ...new TextEncoder().encode(TOPIC)).buffer
  const body = new Uint8Array(17).fill(0x2a)
  body[0] = 0x00
  const data = Array.from({ length: frames }, (_, i) =>
    i % 2 === 0 ? topic.slice(0) : body.buffer.slice(0),
  )
  const time = (onmessage: (event: { data: unknown }) => void): number => {
    const t0 = performance.now()
    for (let i = 0; i < frames; i++) onmessage({ data: data[i] })
    return frames / 2 / ((performance.now() - t0) / 1000)
  }
  let count = 0
  // raw: the handler of the `raw` receiver above, alone.
  let parts: Bytes[] = []
  const rawHandler = (event: { data: unknown }): void => {
    const bytes = new Uint8Array(event.data as ArrayBuffer)
    parts.push(bytes.subarray(1))
    if (bytes[0] !== 0x00) return
    count += parts[1].length
    parts = []
  }
  // pipe: a WebSocketPipe over a stand-in WebSocket, read on readable.
  const socket = {
    binaryType: 'arraybuffer',
    readyState: 1,
    protocol: 'ZWS2.0',
    bufferedAmount: 0,
    send: () => undefined,
    close: () => undefined,
    onopen: null,
    onmessage: null as ((event: { data: unknown }) => void) | null,
    onclose: null,
    onerror: null,
  }
  const p = new WebSocketPipeClass(socket, { endpoint: 'ws://bench', peerType: 'PUB' })
  p.handler = {
    readable: (from) => {
      for (let m = from.read(); m !== undefined; m = from.read()) count += m[1].length
    },
    writable: () => undefined,
    closed: () => undefined,
  }
  const results = { raw: [] as number[], pipe: [] as number[] }
  for (let round = 0; round < 5; round++) {
    results.raw.push(time(rawHandler))
    results.pipe.push(time(socket.onmessage as (event: { data: unknown }) => void))
  }
  if (count !== 16 * 200000 * 10) throw new Error('in-memory: a message went missing')
  return { raw: median(results.raw), pipe: median(results.pipe) }
}

async function main(): Promise<void> {
  console.log(
    `ZWS receive, native XPUB → Node ${process.version} built-in WebSocket, ` +
      `${MESSAGES} messages of 2 frames (4 B + 16 B) per measurement, ${ROUNDS} rounds`,
  )
  const dir = mkdtempSync(join(tmpdir(), 'ws-pipe-bench-'))
  const rates: Record<'raw' | 'pipe', Measurement[]> = { raw: [], pipe: [] }
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [name, receiver] of [
        ['raw', raw],
        ['pipe', pipe],
      ] as const) {
        const m = await measure(receiver, dir, `${round}-${name}`)
        rates[name].push(m)
        console.log(
          `  round ${round} ${name.padEnd(4)} ${k(m.rate).padStart(11)}` +
            `   ${k(m.perCpu).padStart(11)} per CPU second`,
        )
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  const summary = (key: keyof Measurement): [number, number] => [
    median(rates.raw.map((m) => m[key])),
    median(rates.pipe.map((m) => m[key])),
  ]
  const [rawRate, pipeRate] = summary('rate')
  const [rawCpu, pipeCpu] = summary('perCpu')
  console.log(`medians                 wall-clock      per CPU second`)
  console.log(`raw WebSocket handler: ${k(rawRate).padStart(11)}   ${k(rawCpu).padStart(11)}`)
  console.log(`WebSocketPipe:         ${k(pipeRate).padStart(11)}   ${k(pipeCpu).padStart(11)}`)
  console.log(
    `ratio pipe/raw:        ${(pipeRate / rawRate).toFixed(3).padStart(11)}   ${(pipeCpu / rawCpu).toFixed(3).padStart(11)}`,
  )
  const memory = inMemory()
  console.log(`handlers alone (no socket, onmessage called in a loop), medians of 5:`)
  console.log(
    `raw handler ${k(memory.raw)}, pipe ${k(memory.pipe)}, ratio ${(memory.pipe / memory.raw).toFixed(3)}`,
  )
}

if (typeof (globalThis as { WebSocket?: unknown }).WebSocket !== 'function') {
  // Node 20: the built-in WebSocket needs a flag that cannot be turned on from inside.
  const child = spawn(
    process.execPath,
    ['--experimental-websocket', ...process.execArgv, process.argv[1], ...args],
    { stdio: 'inherit' },
  )
  child.on('exit', (code) => process.exit(code ?? 1))
} else {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
}
