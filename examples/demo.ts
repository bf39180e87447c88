// The seed's three ZeroMQ patterns end to end, in one process, over tcp on 127.0.0.1 (ports
// chosen by the system): request-reply (hello world), publish-subscribe (weather updates) and
// the parallel pipeline (ventilator, workers, sink). Prints what crossed and how long it took.
//
//   npm run demo          (or: npx rxzmq demo)
//
// Exits 0 when every pattern did its job, 1 with the reason when one did not.
import {
  concatMap,
  defer,
  filter,
  firstValueFrom,
  lastValueFrom,
  map,
  range,
  repeat,
  scan,
  take,
  takeLast,
  tap,
  timer,
  toArray,
} from 'rxjs'
import {
  fromPull,
  fromSubscriber,
  PublisherSocket,
  PullSocket,
  PushSocket,
  ReplySocket,
  RequestSocket,
  text,
  textCodec,
  versions,
} from '../src'
import { openSocketCount } from '../src/testing'

/** Seconds the whole demo may take before it gives up. */
const DEADLINE_S = 50

const tty = process.stdout.isTTY === true
const started = performance.now()

// ------------------------------------------------------------------ output helpers

let status: (() => string) | undefined
let statusShown = false

/** Prints a line, keeping the progress line (on a terminal) below it. */
function say(line = ''): void {
  if (statusShown) process.stdout.write('\r\x1b[2K')
  statusShown = false
  process.stdout.write(`${line}\n`)
  if (tty) drawStatus()
}

function drawStatus(): void {
  if (status === undefined) return
  if (tty) {
    process.stdout.write(`\r\x1b[2K${status()}`)
    statusShown = true
  } else {
    process.stdout.write(`${status()}\n`)
  }
}

/**
 * Shows `render()` as a progress line while `work` runs: redrawn in place on a terminal, one
 * line a second otherwise.
 */
async function withProgress<T>(render: () => string, work: Promise<T>): Promise<T> {
  status = render
  const ticker = setInterval(drawStatus, tty ? 100 : 1000)
  try {
    return await work
  } finally {
    clearInterval(ticker)
    if (statusShown) process.stdout.write('\r\x1b[2K')
    statusShown = false
    status = undefined
  }
}

const ms = (from: number): string => `${Math.round(performance.now() - from)} ms`
const seconds = (from: number): string => `${((performance.now() - from) / 1000).toFixed(2)} s`
const count = (n: number): string => n.toLocaleString('en-US')

/** Formats like Python's `print(float)`, as the seed's weather client does: 55.0, 55.5. */
const pyFloat = (x: number): string => (Number.isInteger(x) ? x.toFixed(1) : String(x))

class DemoFailure extends Error {}

function check(condition: boolean, message: string): void {
  if (!condition) throw new DemoFailure(message)
}

// ------------------------------------------------------------------ 1. request-reply

const REQUESTS = 10
const WORK_MS = 1000

async function helloWorld(): Promise<string> {
  say('1. Request-reply (hello world): REQ sends "Hello" 10 times, REP works 1 s and answers')
  const rep = new ReplySocket()
  const endpoint = await rep.bind('tcp://127.0.0.1:*')
  say(`   REP bound to ${endpoint}, REQ connected to it`)
  let received = 0
  const hello = textCodec()
  rep.serve((request) => {
    received++
    const message = hello.decode(request)
    return timer(WORK_MS).pipe(map(() => (message === 'Hello' ? 'World' : '?')))
  })

  const req = new RequestSocket({ connect: endpoint })
  const t0 = performance.now()
  try {
    const replies = await lastValueFrom(
      range(REQUESTS).pipe(
        concatMap((n) => {
          const sent = performance.now()
          return req.request('Hello').pipe(
            text(),
            tap((answer) => say(`   request ${n}: "Hello" -> reply "${answer}" in ${ms(sent)}`)),
          )
        }),
        toArray(),
      ),
    )
    check(replies.length === REQUESTS, `expected ${REQUESTS} replies, got ${replies.length}`)
    check(
      replies.every((r) => r === 'World'),
      `expected every reply to be "World", got ${replies.join(', ')}`,
    )
    check(received === REQUESTS, `the server saw ${received} requests, expected ${REQUESTS}`)
    return `${REQUESTS} requests, ${replies.length} replies "World" in ${seconds(t0)}`
  } finally {
    req.close()
    rep.close()
  }
}

// ------------------------------------------------------------------ 2. publish-subscribe

const ZIP = '10001'
const UPDATES = 5
const BATCH = 500

const randrange = (min: number, max: number): number =>
  min + Math.floor(Math.random() * (max - min))

async function weather(): Promise<string> {
  say(
    `2. Publish-subscribe (weather): PUB sends random "zip temp humidity" updates, SUB keeps zip ${ZIP}`,
  )
  const pub = new PublisherSocket()
  const endpoint = await pub.bind('tcp://127.0.0.1:*')
  say(`   PUB bound to ${endpoint}, SUB connected to it with the topic '${ZIP}'`)
  let published = 0
  let failure: unknown
  // The server's loop: a batch per turn of the event loop, the next once libzmq took the last.
  const publishing = defer(() => {
    for (let i = 1; i < BATCH; i++) pub.next(update())
    return pub.send(update())
  })
    .pipe(repeat({ delay: 0 }))
    .subscribe({ error: (error: unknown) => (failure = error) })
  function update(): string {
    published++
    return `${randrange(1, 100000)} ${randrange(-80, 135)} ${randrange(10, 60)}`
  }

  const t0 = performance.now()
  try {
    // The client: 5 updates for one zip code, the running average of their temperatures.
    const updates = fromSubscriber({ connect: endpoint, topics: [ZIP] }).pipe(
      text(),
      take(UPDATES),
      scan(
        (acc, line) => {
          const temperature = Number(line.split(' ')[1])
          return { line, total: acc.total + temperature, n: acc.n + 1 }
        },
        { line: '', total: 0, n: 0 },
      ),
      tap(({ line, total, n }) =>
        say(`   update ${n}: "${line}" -> average temperature ${pyFloat(total / n)} F`),
      ),
      toArray(),
    )
    const received = await withProgress(
      () => `   ... ${count(published)} updates published, waiting for zip ${ZIP}`,
      lastValueFrom(updates),
    )
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what the publisher failed with
    if (failure !== undefined) throw failure
    check(received.length === UPDATES, `expected ${UPDATES} updates, got ${received.length}`)
    check(
      received.every(({ line }) => line.startsWith(`${ZIP} `)),
      `an update for another zip code got through the filter: ${received.map((r) => r.line).join(', ')}`,
    )
    const elapsed = (performance.now() - t0) / 1000
    const last = received[received.length - 1]!
    return (
      `${UPDATES} updates for zip ${ZIP} (average ${pyFloat(last.total / last.n)} F) among ` +
      `${count(published)} published (${count(Math.round(published / elapsed))}/s) in ${seconds(t0)}`
    )
  } finally {
    publishing.unsubscribe()
    pub.close()
  }
}

// ------------------------------------------------------------------ 3. pipeline

const TASKS = 100
const WORKERS = 3

async function pipeline(): Promise<string> {
  say(
    `3. Pipeline (divide and conquer): ventilator PUSHes ${TASKS} tasks to ${WORKERS} workers, sink PULLs results`,
  )
  const ventilator = new PushSocket()
  const sink = new PullSocket()
  const taskEndpoint = await ventilator.bind('tcp://127.0.0.1:*')
  const resultEndpoint = await sink.bind('tcp://127.0.0.1:*')
  say(`   ventilator bound to ${taskEndpoint}, sink bound to ${resultEndpoint}`)

  // Start-of-batch sync without sleeps: wait until every worker completed the handshake.
  const connected = firstValueFrom(
    ventilator.events$.pipe(
      filter((event) => event.type === 'handshake'),
      take(WORKERS),
      toArray(),
    ),
  )

  const t0 = performance.now()
  // The workers: PULL a workload, "work" that many ms, PUSH an empty result.
  const done = new Array<number>(WORKERS).fill(0)
  const workers = done.map((_, i) => {
    const results = new PushSocket({ connect: resultEndpoint })
    const working = fromPull({ connect: taskEndpoint })
      .pipe(
        text(),
        concatMap((workload) => timer(Number(workload))),
        tap(() => done[i]!++),
        map(() => ''),
      )
      .subscribe(results)
    return { results, working }
  })

  // The sink: the first message starts the clock, then 100 results.
  let collected = 0
  let marks = ''
  const sinkDone = lastValueFrom(
    sink.pipe(
      take(1),
      map(() => performance.now()),
      concatMap((start) =>
        sink.pipe(
          take(TASKS),
          tap(() => {
            marks += collected % 10 === 0 ? ':' : '.'
            collected++
          }),
          takeLast(1),
          map(() => performance.now() - start),
        ),
      ),
    ),
    { defaultValue: undefined },
  )

  const start = new PushSocket({ connect: resultEndpoint })
  try {
    await connected
    say(`   ${WORKERS} workers connected (handshakes seen on the ventilator) after ${ms(t0)}`)
    start.next('0')
    let expected = 0
    for (let n = 0; n < TASKS; n++) {
      const workload = 1 + Math.floor(Math.random() * 100)
      expected += workload
      ventilator.next(String(workload))
    }
    say(`   sent ${TASKS} tasks, total expected cost ${expected} ms`)
    const elapsed = await withProgress(() => `   sink ${marks} ${collected}/${TASKS}`, sinkDone)
    say(`   sink ${marks}`)
    check(elapsed !== undefined, `the sink stopped before ${TASKS} results`)
    check(collected === TASKS, `the sink counted ${collected} results, expected ${TASKS}`)
    const total = done.reduce((a, b) => a + b, 0)
    check(total === TASKS, `the workers did ${total} tasks, expected ${TASKS}`)
    check(
      done.every((n) => n > 0),
      `a worker got no task: ${done.join(', ')} (load balancing failed)`,
    )
    say(`   tasks per worker: ${done.join(', ')}`)
    const speedup = expected / elapsed!
    return (
      `sink elapsed ${Math.round(elapsed!)} ms vs ${expected} ms expected total: ` +
      `${speedup.toFixed(1)}x faster with ${WORKERS} workers in parallel`
    )
  } finally {
    for (const { results, working } of workers) {
      working.unsubscribe()
      results.close()
    }
    start.close()
    ventilator.close()
    sink.close()
  }
}

// ------------------------------------------------------------------ main

async function main(): Promise<void> {
  const v = versions()
  say(`rxzmq demo: the seed's three ZeroMQ patterns over tcp on 127.0.0.1`)
  say(
    `(libzmq ${v.libzmq}, zeromq.js ${v.zeromq}, rxzmq ${v.rxzmq}, Node ${process.versions.node})`,
  )
  const sections: [string, () => Promise<string>][] = [
    ['hello world', helloWorld],
    ['weather', weather],
    ['pipeline', pipeline],
  ]
  for (const [name, run] of sections) {
    say()
    const t0 = performance.now()
    const summary = await run()
    say(`   ok ${name}: ${summary} (${seconds(t0)})`)
  }
  check(openSocketCount() === 0, `${openSocketCount()} socket(s) left open`)
  say()
  say(`All three patterns worked in ${seconds(started)}.`)
}

const deadline = setTimeout(() => {
  say()
  say(`demo FAILED: not finished after ${DEADLINE_S} s`)
  process.exit(1)
}, DEADLINE_S * 1000)

main().then(
  () => {
    clearTimeout(deadline)
    // Every socket is closed, so the process ends by itself; say so if something holds it.
    setTimeout(() => {
      console.error('demo: finished, but something keeps the process alive')
      process.exit(1)
    }, 5000).unref()
  },
  (error: unknown) => {
    clearTimeout(deadline)
    say()
    say(`demo FAILED: ${error instanceof Error ? error.message : String(error)}`)
    if (!(error instanceof DemoFailure) && error instanceof Error && error.stack) {
      console.error(error.stack)
    }
    process.exit(1)
  },
)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    say()
    say(`demo interrupted (${signal})`)
    process.exit(signal === 'SIGINT' ? 130 : 143)
  })
}
