// The ZMTP wire fuzzer, run in a child process by fuzz.spec.ts (node --expose-gc --import tsx):
//   fuzz-driver.ts <seed> <cases>
// Two listeners (PULL, NULL, handshakeInterval 1000 ms (above the event-loop stalls of a crowded machine), maxMessageSize 64 KiB) take raw TCP
// connections from a seeded generator:
// - "bad": inputs that must be refused (a broken greeting, handshake or frame, or silence).
//   The client waits for us to close the connection; each must cost exactly one typed error,
//   of the class the generator expects.
// - "random": a valid script (greeting, READY, messages) mutated at random, after which the
//   client half-closes. Whatever happens, every connection must end, and every error be a
//   ZmqError of a known class.
// Then libzmq (zeromq.js) connects to both listeners and must still be served. Prints one JSON
// line of results; exits 1 on an uncaught exception or unhandled rejection.
import { connect, type Socket } from 'node:net'
import * as zmq from 'zeromq'
import { AuthenticationError } from '../../../src/errors/AuthenticationError'
import { ConnectionError } from '../../../src/errors/ConnectionError'
import { MessageTooLargeError } from '../../../src/errors/MessageTooLargeError'
import { PeerTimeoutError } from '../../../src/errors/PeerTimeoutError'
import { ProtocolError } from '../../../src/errors/ProtocolError'
import { ZmqError } from '../../../src/errors/ZmqError'
import type { SocketEvent } from '../../../src/events'
import type { Listener, LocalSocket, Pipe, PipeSink } from '../../../src/transport/pipes/Pipe'
import { zmtpNetwork } from '../../../src/transport/zmtp'

const seed = Number(process.argv[2] ?? 1)
const total = Number(process.argv[3] ?? 10000)
const CONCURRENCY = 64
const MAX_MESSAGE = 64 * 1024

const problems: string[] = []
process.on('uncaughtException', (error) => {
  console.error('uncaught', error)
  process.exit(1)
})
process.on('unhandledRejection', (error) => {
  console.error('unhandled rejection', error)
  process.exit(1)
})

/** mulberry32: a small seeded PRNG. */
function prng(state: number): () => number {
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const random = prng(seed)
const int = (n: number): number => Math.floor(random() * n)
const pick = <T>(items: readonly T[]): T => items[int(items.length)]
const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => int(256)))

// ---- byte building ---------------------------------------------------------------------------

function greeting(mechanism = 'NULL', major = 3, minor = 1): Buffer {
  const g = Buffer.alloc(64)
  g[0] = 0xff
  g[8] = int(256) // padding is not significant
  g[9] = 0x7f
  g[10] = major
  g[11] = minor
  g.write(mechanism, 12, 'latin1')
  return g
}

function frame(flags: number, body: Buffer): Buffer {
  if (body.length > 255 || (flags & 2) !== 0) {
    const header = Buffer.alloc(9)
    header[0] = flags | 2
    header.writeBigUInt64BE(BigInt(body.length), 1)
    return Buffer.concat([header, body])
  }
  return Buffer.concat([Buffer.from([flags, body.length]), body])
}

function command(name: string, data: Buffer = Buffer.alloc(0)): Buffer {
  return frame(4, Buffer.concat([Buffer.from([name.length]), Buffer.from(name, 'latin1'), data]))
}

function property(name: string, value: Buffer): Buffer {
  const size = Buffer.alloc(4)
  size.writeUInt32BE(value.length)
  return Buffer.concat([Buffer.from([name.length]), Buffer.from(name, 'latin1'), size, value])
}

const READY_PUSH = command('READY', property('Socket-Type', Buffer.from('PUSH')))
const letters = (n: number): string =>
  Array.from({ length: n }, () => String.fromCharCode(65 + int(26))).join('')

// ---- cases -------------------------------------------------------------------------------------

type Expected = 'ProtocolError' | 'MessageTooLargeError' | 'PeerTimeoutError' | 'ConnectionError'

interface Case {
  kind: string
  bytes: Buffer
  /** For bad cases: the error class it must cost. */
  expected?: Expected
}

/** Inputs that must be refused, by kind, each with the error it must cost. */
const bad: Array<() => Case> = [
  () => {
    const g = greeting()
    g[0] = pick([0, 1, 0x7f, 0xfe, int(255)])
    return {
      kind: 'signature octet 0',
      bytes: g.subarray(0, 1 + int(64)),
      expected: 'ProtocolError',
    }
  },
  () => {
    const g = greeting()
    g[9] = int(128) * 2 // low bit clear
    return {
      kind: 'signature octet 9',
      bytes: g.subarray(0, 10 + int(54)),
      expected: 'ProtocolError',
    }
  },
  () => ({
    kind: 'version below 3',
    bytes: greeting('NULL', int(3), int(256)).subarray(0, 11 + int(53)),
    expected: 'ProtocolError',
  }),
  () => {
    const g = greeting()
    const name = pick(['PLAIN', 'CURVE', 'GSSAPI', letters(1 + int(19)), ''])
    g.fill(0, 12, 32)
    if (name === '') bytes(20).copy(g, 12)
    else g.write(name === 'NULL' ? 'NULLX' : name, 12, 'latin1')
    return { kind: 'mechanism', bytes: g, expected: 'ProtocolError' }
  },
  () => ({
    kind: 'message before READY',
    bytes: Buffer.concat([greeting(), frame(int(2), bytes(int(20)))]),
    expected: 'ProtocolError',
  }),
  () => {
    let name = letters(1 + int(12))
    if (name === 'READY' || name === 'ERROR') name = 'HELLO'
    return {
      kind: 'unexpected command',
      bytes: Buffer.concat([greeting(), command(name, bytes(int(30)))]),
      expected: 'ProtocolError',
    }
  },
  () => {
    const body = pick([
      Buffer.alloc(0),
      Buffer.from([0]),
      Buffer.concat([Buffer.from([20 + int(200)]), Buffer.from('READY')]),
      Buffer.concat([Buffer.from([3]), Buffer.from([0x30, 0x31, 0x32])]),
    ])
    return {
      kind: 'malformed command',
      bytes: Buffer.concat([greeting(), frame(4, body)]),
      expected: 'ProtocolError',
    }
  },
  () => {
    const metadata = pick([
      bytes(1 + int(40)),
      property('Identity', Buffer.from('x')),
      property('Socket-Type', Buffer.from(pick(['PULL', 'PUB', 'FOO', 'push', letters(6)]))),
      Buffer.concat([property('Socket-Type', Buffer.from('PUSH')), Buffer.from([5, 65])]),
      property('Identity', Buffer.alloc(300)),
    ])
    const typed = property('Socket-Type', Buffer.from('PUSH'))
    if (metadata.equals(typed)) return bad[0]()
    return {
      kind: 'bad READY metadata',
      bytes: Buffer.concat([greeting(), command('READY', metadata)]),
      expected: 'ProtocolError',
    }
  },
  () => ({
    kind: 'malformed ERROR',
    bytes: Buffer.concat([greeting(), command('ERROR', Buffer.from([10 + int(200), 65]))]),
    expected: 'ProtocolError',
  }),
  () => ({
    kind: 'peer ERROR',
    bytes: Buffer.concat([greeting(), command('ERROR', Buffer.from('\x04nope'))]),
    expected: 'ConnectionError',
  }),
  () => ({
    kind: 'reserved flags',
    bytes: Buffer.concat([
      greeting(),
      int(2) === 0 ? Buffer.alloc(0) : READY_PUSH,
      Buffer.from([8 << int(5), int(256)]),
      bytes(int(10)),
    ]),
    expected: 'ProtocolError',
  }),
  () => ({
    kind: 'command with MORE',
    bytes: Buffer.concat([
      greeting(),
      READY_PUSH,
      Buffer.from([pick([5, 7]), 0, 0, 0, 0, 0, 0, 0, 1]),
    ]),
    expected: 'ProtocolError',
  }),
  () => ({
    kind: 'malformed PING',
    bytes: Buffer.concat([greeting(), READY_PUSH, command('PING', bytes(int(2)))]),
    expected: 'ProtocolError',
  }),
  () => {
    const header = Buffer.alloc(9)
    header[0] = pick([0, 1, 2, 3]) | 2
    header.writeBigUInt64BE(BigInt(MAX_MESSAGE + 1 + int(1e9)) << BigInt(int(2) * 20), 1)
    return {
      kind: 'oversized frame',
      bytes: Buffer.concat([greeting(), READY_PUSH, header]),
      expected: 'MessageTooLargeError',
    }
  },
  () => {
    const parts = []
    for (let size = 0; size <= MAX_MESSAGE; size += 20000) parts.push(frame(1, Buffer.alloc(20000)))
    return {
      kind: 'oversized multipart',
      bytes: Buffer.concat([greeting(), READY_PUSH, ...parts]),
      expected: 'MessageTooLargeError',
    }
  },
  () => ({
    kind: 'silent mid-handshake',
    bytes: Buffer.concat([greeting(), READY_PUSH]).subarray(0, int(64 + READY_PUSH.length)),
    expected: 'PeerTimeoutError',
  }),
]

/** A valid script mutated at random: anything may happen, all of it typed. */
function mutated(): Case {
  const messages = Array.from({ length: int(5) }, () =>
    frame(int(2) === 0 ? 0 : 1, bytes(int(300))),
  )
  let script = Buffer.concat([greeting(), READY_PUSH, ...messages, frame(0, bytes(int(20)))])
  const edits = 1 + int(4)
  for (let e = 0; e < edits; e++) {
    const at = int(script.length)
    switch (int(5)) {
      case 0: // flip an octet
        script[at] = int(256)
        break
      case 1: // cut
        script = script.subarray(0, at)
        break
      case 2: // insert garbage
        script = Buffer.concat([script.subarray(0, at), bytes(1 + int(16)), script.subarray(at)])
        break
      case 3: // drop a span
        script = Buffer.concat([script.subarray(0, at), script.subarray(at + 1 + int(16))])
        break
      default: // a random frame header
        script = Buffer.concat([
          script.subarray(0, at),
          Buffer.from([int(256), int(256)]),
          script.subarray(at),
        ])
    }
  }
  return { kind: 'random', bytes: Buffer.from(script) }
}

// ---- the listeners -------------------------------------------------------------------------------

const KNOWN = [
  ProtocolError,
  MessageTooLargeError,
  PeerTimeoutError,
  ConnectionError,
  AuthenticationError,
]

const waiters = new Set<() => void>()
const changed = (): void => {
  for (const waiter of [...waiters]) waiter()
}

/** Resolves true once `check()` holds (re-checked on every recorded change), false at the deadline. */
function waitFor(check: () => boolean, timeout: number): Promise<boolean> {
  return new Promise((resolve) => {
    const test = (): void => {
      if (!check()) return
      clearTimeout(timer)
      waiters.delete(test)
      resolve(true)
    }
    const timer = setTimeout(() => {
      waiters.delete(test)
      resolve(false)
    }, timeout)
    waiters.add(test)
    test()
  })
}

class Recorder implements PipeSink {
  accepts = 0
  disconnects = 0
  pipes = 0
  open = 0
  messages = 0
  readonly errors: Record<string, number> = {}
  readonly detail: Record<string, number> = {}

  error(error: unknown, where: string): void {
    if (!(error instanceof ZmqError) || !KNOWN.some((type) => error instanceof type)) {
      problems.push(`${where}: untyped error ${String(error)}`)
      return
    }
    const name = error.constructor.name
    this.errors[name] = (this.errors[name] ?? 0) + 1
    const key = `${name}:${error.code}${error instanceof ProtocolError ? `:${error.violation}` : ''}`
    this.detail[key] = (this.detail[key] ?? 0) + 1
  }

  event(event: SocketEvent): void {
    changed()
    if (event.type === 'accept') this.accepts++
    else if (event.type === 'disconnect') this.disconnects++
    else if (event.type.startsWith('handshake:error')) {
      this.error((event as { error: unknown }).error, event.type)
    }
  }

  pipe(pipe: Pipe): void {
    this.pipes++
    this.open++
    pipe.handler = {
      readable: (p) => {
        while (p.read() !== undefined) this.messages++
      },
      writable: () => {},
      closed: (_, error) => {
        this.open--
        if (error !== undefined) this.error(error, 'closed')
        changed()
      },
    }
  }
}

const local: LocalSocket = {
  type: 'PULL',
  identity: undefined,
  options: { handshakeInterval: 1000, maxMessageSize: MAX_MESSAGE, receiveHighWaterMark: 100 },
}

/** Runs one case; resolves once the connection is closed (false if it hung). */
function run(endpoint: string, c: Case): Promise<boolean> {
  return new Promise((resolve) => {
    const port = Number(endpoint.split(':')[2])
    const socket: Socket = connect(port, '127.0.0.1')
    const deadline = setTimeout(() => {
      socket.destroy()
      resolve(false)
    }, 10000)
    socket.on('error', () => {})
    socket.on('data', () => {})
    socket.on('close', () => {
      clearTimeout(deadline)
      resolve(true)
    })
    socket.once('connect', () => {
      socket.write(c.bytes)
      if (c.expected === undefined) socket.end()
    })
  })
}

async function pool(cases: Case[], endpoint: string): Promise<number> {
  let next = 0
  let hung = 0
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const c = cases[next++]
      if (!(await run(endpoint, c))) {
        hung++
        problems.push(`hung: ${c.kind} ${c.bytes.subarray(0, 80).toString('hex')}`)
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  return hung
}

/** libzmq connects and sends; true once the listener's sink read it. */
async function stillServed(listener: Listener): Promise<boolean> {
  const push = new zmq.Push({ linger: 0 })
  push.connect(listener.endpoint)
  await push.send('still served')
  const ok = await waitFor(() => served.has(listener.endpoint), 5000)
  push.close()
  return ok
}

const served = new Set<string>()

async function main(): Promise<void> {
  const started = Date.now()
  const badCases: Case[] = []
  const randomCases: Case[] = []
  for (let i = 0; i < total; i++) {
    if (i % 5 < 2) badCases.push(pick(bad)())
    else randomCases.push(mutated())
  }
  const expected: Record<string, number> = {}
  for (const c of badCases) expected[c.expected!] = (expected[c.expected!] ?? 0) + 1

  global.gc?.()
  const heapBefore = process.memoryUsage().heapUsed
  const badSink = new Recorder()
  const randomSink = new Recorder()
  const badListener = await zmtpNetwork.listen('tcp://127.0.0.1:*', local, badSink)
  const randomListener = await zmtpNetwork.listen('tcp://127.0.0.1:*', local, randomSink)
  const hung =
    (await pool(badCases, badListener.endpoint)) +
    (await pool(randomCases, randomListener.endpoint))

  // libzmq is still served at both, after it all
  for (const [listener, sink] of [
    [badListener, badSink],
    [randomListener, randomSink],
  ] as const) {
    const original = sink.pipe.bind(sink)
    sink.pipe = (pipe: Pipe) => {
      original(pipe)
      const handler = pipe.handler!
      pipe.handler = {
        ...handler,
        readable: (p) => {
          for (let m = p.read(); m !== undefined; m = p.read()) {
            if (Buffer.from(m[0]).toString() === 'still served') served.add(listener.endpoint)
            changed()
          }
        },
      }
    }
  }
  const servedBad = await stillServed(badListener)
  const servedRandom = await stillServed(randomListener)
  badListener.close()
  randomListener.close()
  // the last connections end (the served ones were closed by the native side)
  await waitFor(
    () => badSink.accepts === badSink.disconnects && randomSink.accepts === randomSink.disconnects,
    5000,
  )
  global.gc?.()
  const heapAfter = process.memoryUsage().heapUsed
  console.log(
    JSON.stringify({
      seed,
      cases: badCases.length + randomCases.length,
      bad: badCases.length,
      random: randomCases.length,
      expected,
      badErrors: badSink.errors,
      badDetail: badSink.detail,
      badPipes: badSink.pipes,
      randomErrors: randomSink.errors,
      randomPipes: randomSink.pipes,
      randomMessages: randomSink.messages,
      accepts: [badSink.accepts, randomSink.accepts],
      disconnects: [badSink.disconnects, randomSink.disconnects],
      openPipes: badSink.open + randomSink.open,
      hung,
      served: [servedBad, servedRandom],
      heapGrowthMB: Math.round(((heapAfter - heapBefore) / 1048576) * 10) / 10,
      problems: problems.slice(0, 20),
      ms: Date.now() - started,
    }),
  )
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error('driver failed', error)
    process.exit(1)
  },
)
