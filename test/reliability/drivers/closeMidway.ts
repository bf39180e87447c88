// Driver run in a child process by test/reliability/close-midway.spec.ts:
//
//   node --import tsx test/reliability/drivers/closeMidway.ts <loops> <seed>
//
// Closes sockets mid-connect, mid-send and mid-receive, <loops> times each, at seeded random
// moments (synchronously, after a microtask, after setImmediate, after a short timer, after
// the first message). Every outcome must be a value, a completion or a typed ZmqError; no
// exception may go uncaught, no rejection unhandled; and at the end no socket may be open and
// the process must exit on its own (the spec waits for it, it never calls process.exit).
import { lastValueFrom, take } from 'rxjs'
import {
  DealerSocket,
  PullSocket,
  PushSocket,
  ReplySocket,
  RequestSocket,
  RouterSocket,
  SubscriberSocket,
  PublisherSocket,
  ZmqError,
} from '../../../src'
import { openSocketCount } from '../../../src/testing'

const loops = Number(process.argv[2] ?? 100)
let state = Number(process.argv[3] ?? 1) >>> 0

/** A seeded xorshift generator: the same moments on every run of a seed. */
function random(): number {
  state ^= state << 13
  state >>>= 0
  state ^= state >>> 17
  state ^= state << 5
  state >>>= 0
  return state / 0x100000000
}

const fired: string[] = []
process.on('uncaughtException', (e) => fired.push(`uncaughtException: ${String(e)}`))
process.on('unhandledRejection', (e) => fired.push(`unhandledRejection: ${String(e)}`))
const untyped: string[] = []
const counts = {
  connect: 0,
  send: 0,
  receive: 0,
  request: 0,
  typedErrors: 0,
  completions: 0,
  expired: 0,
}

/** Records how an operation ended: a value or completion is fine, an error must be typed. */
function settled(what: string, p: Promise<unknown>): Promise<void> {
  return p.then(
    () => {
      counts.completions++
    },
    (error: unknown) => {
      if (error instanceof ZmqError) counts.typedErrors++
      else untyped.push(`${what}: ${String(error)}`)
    },
  )
}

/** Waits a random moment: none, a microtask, setImmediate, or a timer of 0-3 ms. */
function moment(): Promise<void> {
  const r = random()
  if (r < 0.2) return Promise.resolve()
  if (r < 0.4) return new Promise((resolve) => queueMicrotask(resolve))
  if (r < 0.7) return new Promise((resolve) => setImmediate(resolve))
  return new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 4)))
}

async function midConnect(endpoint: string): Promise<void> {
  counts.connect++
  // To a live peer or to a port nobody listens on (connect:retry), closed at once or soon.
  const target = random() < 0.5 ? endpoint : 'tcp://127.0.0.1:1'
  const socket = random() < 0.5 ? new DealerSocket({ connect: target }) : new SubscriberSocket()
  if (socket instanceof SubscriberSocket) socket.connect(target)
  const events = settled('connect events', lastValueFrom(socket.events$, { defaultValue: null }))
  const received = settled('connect receive', lastValueFrom(socket, { defaultValue: null }))
  if (random() < 0.3) socket.close()
  else {
    await moment()
    socket.close()
  }
  await Promise.all([events, received])
}

async function midSend(endpoint: string): Promise<void> {
  counts.send++
  const push = new PushSocket({ connect: endpoint, linger: 20, sendHighWaterMark: 1 })
  // complete() gives up on what the sink never takes: reported as an event here (a warning when
  // nobody listens), counted with the rest
  push.events$.subscribe((event) => {
    if (event.type === 'queue:expired') counts.expired++
  })
  // 200 x 64 KiB: more than the socket buffers hold, so sends are still in flight at the close
  const big = Buffer.alloc(65536, 7)
  const sends: Promise<void>[] = []
  for (let i = 0; i < 200; i++) {
    if (i % 3 === 0) sends.push(settled('send()', push.send(big)))
    else push.next(big)
  }
  await moment()
  if (random() < 0.5) push.close()
  else push.complete() // drain, bounded by the linger (the sink reads nothing)
  await settled('push closed', push.closed)
  await Promise.all(sends)
}

async function midReceive(): Promise<void> {
  counts.receive++
  const pull = new PullSocket()
  const endpoint = await pull.bind('tcp://127.0.0.1:*')
  const push = new PushSocket({ connect: endpoint })
  let subscription: { unsubscribe(): void } | undefined
  const got = settled(
    'receive',
    new Promise((resolve, reject) => {
      subscription = pull.subscribe({ complete: () => resolve(null), error: reject })
    }),
  )
  for (let i = 0; i < 300; i++) push.next(String(i))
  await moment()
  if (random() < 0.5) {
    pull.close() // the subscriber completes
  } else {
    subscription?.unsubscribe() // the receive loop stops with a receive pending...
    await moment()
    pull.close() // ...and the socket closes under it
    counts.completions++
  }
  push.close()
  if (subscription !== undefined) await Promise.race([got, pull.closed])
}

async function midRequest(endpoint: string): Promise<void> {
  counts.request++
  const req = new RequestSocket({ connect: endpoint })
  // Closing a Request completes a request in flight without a reply (see the report).
  const reply = settled('request', lastValueFrom(req.request('hello'), { defaultValue: null }))
  await moment()
  req.close()
  await reply
}

async function main(): Promise<void> {
  // Long-lived peers the loops talk to.
  const router = new RouterSocket()
  const routerEndpoint = await router.bind('tcp://127.0.0.1:*')
  const sink = new PullSocket({ receiveHighWaterMark: 10 })
  const sinkEndpoint = await sink.bind('tcp://127.0.0.1:*')
  // The sink reads slowly, in bursts, so sends are really in flight when closed.
  const draining = sink.pipe(take(1)).subscribe()
  const rep = new ReplySocket()
  const repEndpoint = await rep.bind('tcp://127.0.0.1:*')
  // A REP that answers late, or never (closed under the request).
  rep.subscribe(() => setTimeout(() => rep.isClosed || rep.next('world'), 2))
  const pub = new PublisherSocket()
  await pub.bind('tcp://127.0.0.1:*')

  for (let i = 0; i < loops; i++) {
    await Promise.all([
      midConnect(routerEndpoint),
      midSend(sinkEndpoint),
      midReceive(),
      midRequest(repEndpoint),
    ])
  }
  draining.unsubscribe()
  for (const s of [router, sink, rep, pub]) s.close()
}

const started = performance.now()
main()
  .catch((error: unknown) => untyped.push(`driver failed: ${String(error)}`))
  .finally(() => {
    const open = openSocketCount()
    const ms = Math.round(performance.now() - started)
    console.log(JSON.stringify({ loops, ...counts, open, ms }))
    for (const line of [...untyped, ...fired]) console.error(line)
    if (untyped.length > 0 || fired.length > 0 || open !== 0) process.exitCode = 1
  })
