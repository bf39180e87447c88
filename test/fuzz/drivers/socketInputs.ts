// Fuzz driver, run in a child process by test/fuzz/socketInputs.spec.ts (a crash, a segfault
// at exit or a leaked handle must show as this process's exit, not hide inside Jest):
//
//   node --import tsx test/fuzz/drivers/socketInputs.ts <seed> <runs per socket type>
//
// Gives every socket type fuzzed endpoints (bind and connect, in the config and through the
// methods) and fuzzed option names and values. Each input must either work or give a typed
// ZmqError; nothing may be thrown otherwise, no exception may go uncaught, no rejection
// unhandled, and once every socket is closed the process must exit on its own.
//
// No traffic leaves this machine: hosts are loopback only, numeric bind ports are in
// 20000-29999 (clear of the fixed ports other tests use and of the ephemeral range), and a
// connect with a valid port goes to a port this driver holds open itself.
import { openSocketCount } from '../../../src/testing'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Socket as NetSocket } from 'node:net'
import { tmpdir } from 'node:os'
import { inspect } from 'node:util'
import { join } from 'node:path'
import fc from 'fast-check'
import * as rxzmq from '../../../src'
import { CORE } from '../../../src/core/members'
import { settableOptions } from '../../../src/transport/native/options'

const seed = Number(process.argv[2] ?? 42)
const runs = Number(process.argv[3] ?? 40)

const fired: string[] = []
process.on('uncaughtException', (error) => fired.push(`uncaughtException: ${String(error)}`))
process.on('unhandledRejection', (error) => fired.push(`unhandledRejection: ${String(error)}`))
let warnings = 0
process.on('warning', (warning) => {
  if (warning.name === 'RxZmqWarning') warnings++
})

const SOCKETS = {
  Publisher: rxzmq.PublisherSocket,
  Subscriber: rxzmq.SubscriberSocket,
  XPublisher: rxzmq.XPublisherSocket,
  XSubscriber: rxzmq.XSubscriberSocket,
  Request: rxzmq.RequestSocket,
  Reply: rxzmq.ReplySocket,
  Dealer: rxzmq.DealerSocket,
  Router: rxzmq.RouterSocket,
  Push: rxzmq.PushSocket,
  Pull: rxzmq.PullSocket,
  Pair: rxzmq.PairSocket,
  Stream: rxzmq.StreamSocket,
  Server: rxzmq.ServerSocket,
  Client: rxzmq.ClientSocket,
  Radio: rxzmq.RadioSocket,
  Dish: rxzmq.DishSocket,
  Scatter: rxzmq.ScatterSocket,
  Gather: rxzmq.GatherSocket,
} as const
type AnySocket = InstanceType<(typeof SOCKETS)[keyof typeof SOCKETS]>
type SocketClass = new (config?: object) => AnySocket

/** Options that would make libzmq reach beyond the endpoint given (a proxy anywhere). */
const EXCLUDED_OPTIONS = new Set(['socksProxy'])

const stats = { inputs: 0, worked: 0, typedErrors: 0, codes: {} as Record<string, number> }
/** One message per error code, to show what each looked like. */
const samples: Record<string, string> = {}
const violations: string[] = []

function outcome(what: string, result: unknown): void {
  stats.inputs++
  if (result === 'ok') {
    stats.worked++
    return
  }
  if (result instanceof rxzmq.ZmqError && typeof result.code === 'string') {
    stats.typedErrors++
    stats.codes[result.code] = (stats.codes[result.code] ?? 0) + 1
    samples[result.code] ??= `${result.name}: ${result.message.slice(0, 160)}`
    return
  }
  violations.push(`${what}: not a ZmqError: ${describe(result)}`)
}

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`
  return inspect(value, { depth: 3, breakLength: Infinity, maxStringLength: 200 })
}

function settle<T>(promise: Promise<T>, ms: number, what: string): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    promise.then(
      () => 'ok',
      (error: unknown) => error,
    ),
    new Promise((resolve) => {
      timer = setTimeout(() => resolve(new Error(`${what}: did not settle in ${ms} ms`)), ms)
    }),
  ]).finally(() => clearTimeout(timer))
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rxzmq-fuzz-'))
  // A port of our own for connects with a valid port: it accepts and drops connections.
  const conns = new Set<NetSocket>()
  const hole = createServer((c) => {
    conns.add(c)
    c.on('error', () => undefined)
    c.on('close', () => conns.delete(c))
    c.destroy()
  })
  await new Promise<void>((resolve) => hole.listen(0, '127.0.0.1', resolve))
  const holePort = (hole.address() as { port: number }).port

  const host = fc.constantFrom('127.0.0.1', 'localhost', '[::1]')
  const anyText = fc.oneof(fc.string(), fc.string({ unit: 'grapheme', maxLength: 40 }))
  const badPort = fc.oneof(
    fc.constantFrom('', 'xx', '-1', '65536', '99999', '0x10', ' 80', '1e3', '*:*'),
    anyText,
  )
  const bindPort = fc.oneof(
    fc.constantFrom('*', '!', '0'),
    fc.integer({ min: 20000, max: 29999 }).map(String),
    badPort,
  )
  const connectPort = fc.oneof(fc.constant(String(holePort)), fc.constantFrom('*', '0'), badPort)
  const tail = (action: 'bind' | 'connect'): fc.Arbitrary<string> =>
    fc.oneof(
      fc
        .tuple(
          fc.constantFrom('tcp', 'ws', 'udp', 'TCP'),
          host,
          action === 'bind' ? bindPort : connectPort,
          fc.constantFrom('', '/', '/path?x=1', ';'),
        )
        .map(([t, h, p, rest]) => `${t}://${h}:${p}${rest}`),
      anyText.map((s) => `ipc://${dir}/${s.replace(/[/\0]/g, '_')}`),
      fc.constantFrom(`ipc://${dir}/${'x'.repeat(200)}`, 'ipc://', 'ipc://@abstract-rxzmq-fuzz'),
      anyText.map((s) => `inproc://${s}`),
      fc
        .tuple(fc.constantFrom('pgm', 'epgm', 'norm', 'tipc', 'vmci', 'wss', 'foo', ''), anyText)
        .map(([t, a]) => `${t}://${a}`),
      anyText,
    )
  const endpointValue = (action: 'bind' | 'connect'): fc.Arbitrary<unknown> =>
    fc.oneof(
      { weight: 8, arbitrary: tail(action) },
      { weight: 1, arbitrary: fc.array(tail(action), { maxLength: 3 }) },
      { weight: 1, arbitrary: fc.anything() },
    )

  for (const [name, Socket] of Object.entries(SOCKETS) as [string, SocketClass][]) {
    // The option names this socket type takes, plus a few it does not.
    const probe = new Socket()
    const names = [
      ...settableOptions((probe[CORE].socket as unknown as { native: object }).native),
    ].filter((n) => !EXCLUDED_OPTIONS.has(n))
    probe.close()
    const optionName = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...names, 'linger', 'sendQueue', 'topics') },
      { weight: 1, arbitrary: fc.string() },
    )
    const optionValue = fc.oneof(
      fc.integer(),
      fc.integer({ min: -2, max: 2 }),
      fc.double(),
      fc.bigInt(),
      fc.boolean(),
      fc.string(),
      fc.constantFrom(null, NaN, Infinity, -1, 2 ** 31, 2 ** 53, '', []),
      fc.uint8Array({ maxLength: 300 }),
      fc.record({ limit: fc.anything(), overflow: fc.anything() }),
      fc.anything(),
    )

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('bind', 'connect') as fc.Arbitrary<'bind' | 'connect'>,
        fc.boolean(),
        fc.dictionary(optionName, optionValue, { maxKeys: 3 }),
        fc.oneof(endpointValue('bind'), endpointValue('connect')),
        async (action, viaConfig, options, rawEndpoint) => {
          // connect endpoints must come from the connect arbitrary: re-derive for safety
          const endpoint = action === 'connect' ? safeConnect(rawEndpoint, holePort) : rawEndpoint
          const what = `${name} ${action} ${describe(endpoint)} options ${describe(options)}`
          const config: Record<string, unknown> = { ...options }
          if (viaConfig) config[action] = endpoint
          let socket: AnySocket
          try {
            socket = new Socket(config)
          } catch (error) {
            outcome(`${what} (constructor)`, error)
            return true
          }
          try {
            outcome(`${what} (ready)`, await settle(socket.ready, 3000, what))
            if (!viaConfig && !socket.isClosed) {
              if (action === 'connect') {
                try {
                  socket.connect(endpoint as string)
                  outcome(what, 'ok')
                } catch (error) {
                  outcome(`${what} (connect)`, error)
                }
              } else {
                outcome(`${what} (bind)`, await settle(socket.bind(endpoint as string), 3000, what))
              }
            }
          } finally {
            socket.close()
            await socket.closed
          }
          return true
        },
      ),
      { seed, numRuns: runs, endOnFailure: true },
    )
  }

  for (const c of conns) c.destroy()
  await new Promise<void>((resolve) => hole.close(() => resolve()))
  rmSync(dir, { recursive: true, force: true })
}

/**
 * A connect endpoint that cannot reach beyond this driver: a tcp/ws/udp endpoint with a valid
 * port on a loopback host is pointed at the driver's own port.
 */
function safeConnect(endpoint: unknown, holePort: number): unknown {
  if (typeof endpoint !== 'string') {
    return Array.isArray(endpoint) ? endpoint.map((e) => safeConnect(e, holePort)) : endpoint
  }
  const m = /^(tcp|ws|udp):\/\/(127\.0\.0\.1|localhost|\[::1\]):(\d+)(.*)$/i.exec(endpoint)
  if (m !== null) return `${m[1]}://${m[2]}:${holePort}${m[4]}`
  return endpoint
}

const started = performance.now()
main()
  .catch((error: unknown) => {
    violations.push(`driver failed: ${error instanceof Error ? error.stack : String(error)}`)
  })
  .finally(() => {
    const open = openSocketCount()
    if (open !== 0) violations.push(`${open} socket(s) still open`)
    const ms = Math.round(performance.now() - started)
    console.log(JSON.stringify({ ...stats, warnings, ms, seed, runs, open }))
    console.log(JSON.stringify(samples))
    for (const line of [...violations, ...fired]) console.error(line)
    if (violations.length > 0 || fired.length > 0) process.exitCode = 1
    // No process.exit(): the process must end on its own, with nothing left open.
  })
