// rxzmq proxy forwarder|queue|streamer: proxy() from the terminal.
import { Subject } from 'rxjs'
import { proxy } from '../../proxy/proxy'
import type { ProxyCommand, ProxyEvent, ProxyStatistics } from '../../proxy/ProxyEvent'
import { DealerSocket } from '../../sockets/DealerSocket'
import { PullSocket } from '../../sockets/PullSocket'
import { PushSocket } from '../../sockets/PushSocket'
import { RouterSocket } from '../../sockets/RouterSocket'
import { XPublisherSocket } from '../../sockets/XPublisherSocket'
import { XSubscriberSocket } from '../../sockets/XSubscriberSocket'
import { flag, HELP, integer, list, text, type Command, type Parsed } from '../args'
import { UsageError } from '../exit'
import { FORMAT_OPTIONS, formatMessage, lineFormat } from '../frames'
import { SOCKET_OPTIONS, socketOptions } from '../socketConfig'
import { full, Interrupt, note, Output, Progress, readLines, short } from '../terminal'

type Side = 'frontend' | 'backend'
type Make = (
  config: Record<string, unknown>,
) => XSubscriberSocket | XPublisherSocket | RouterSocket | DealerSocket | PullSocket | PushSocket

const KINDS: Record<string, { frontend: Make; backend: Make; what: string }> = {
  forwarder: {
    frontend: (c) => new XSubscriberSocket(c),
    backend: (c) => new XPublisherSocket(c),
    what: 'XSUB → XPUB: publishers on the frontend, subscribers on the backend, subscriptions forwarded upstream',
  },
  queue: {
    frontend: (c) => new RouterSocket(c),
    backend: (c) => new DealerSocket(c),
    what: 'ROUTER → DEALER: REQ (or DEALER) clients on the frontend, REP workers on the backend',
  },
  streamer: {
    frontend: (c) => new PullSocket(c),
    backend: (c) => new PushSocket(c),
    what: 'PULL → PUSH: PUSH senders on the frontend, PULL workers on the backend',
  },
}

export const proxyCommand: Command = {
  name: 'proxy',
  summary: 'run a proxy: forwarder (XSUB/XPUB), queue (ROUTER/DEALER), streamer (PULL/PUSH)',
  usage: 'rxzmq proxy <forwarder|queue|streamer> [options]',
  description: [
    'Runs a ZeroMQ proxy between a frontend and a backend socket until Ctrl-C (or TERMINATE with --control):',
    ...Object.entries(KINDS).map(([name, k]) => `  ${name.padEnd(10)} ${k.what}`),
    '',
    "With nothing to show it is libzmq's own proxy (native mode, the fastest). --capture, --stats or --mode rx forward in JavaScript (rx mode), counting messages, frames and bytes each way. On a terminal a line on stderr shows the traffic; --stats prints the counters every <ms> (on stdout with --json) and at the end. With --control, stdin lines PAUSE, RESUME, STATISTICS and TERMINATE steer it, as zmq_proxy_steerable's control socket does.",
  ].join('\n'),
  options: {
    'frontend-bind': {
      type: 'string',
      multiple: true,
      value: '<endpoint>',
      help: 'bind the frontend to <endpoint>',
    },
    'frontend-connect': {
      type: 'string',
      multiple: true,
      value: '<endpoint>',
      help: 'connect the frontend to <endpoint>',
    },
    'backend-bind': {
      type: 'string',
      multiple: true,
      value: '<endpoint>',
      help: 'bind the backend to <endpoint>',
    },
    'backend-connect': {
      type: 'string',
      multiple: true,
      value: '<endpoint>',
      help: 'connect the backend to <endpoint>',
    },
    capture: {
      type: 'boolean',
      help: "print every message that crosses on stdout, after '>' (frontend to backend) or '<' (back)",
    },
    stats: {
      type: 'string',
      value: '<ms>',
      help: 'print the counters every <ms> and at the end (rx mode)',
    },
    control: {
      type: 'boolean',
      help: 'read commands from stdin: PAUSE, RESUME, STATISTICS, TERMINATE (one a line)',
    },
    mode: { type: 'string', value: '<mode>', help: 'auto (the default), native or rx' },
    ...FORMAT_OPTIONS,
    ...SOCKET_OPTIONS,
    help: HELP,
  },
  examples: [
    "rxzmq proxy forwarder --frontend-connect tcp://localhost:5556 --backend-bind 'tcp://*:8100'",
    "rxzmq proxy queue --frontend-bind 'tcp://*:5559' --backend-bind 'tcp://*:5560' --stats 1000",
    "rxzmq proxy streamer --frontend-bind 'tcp://*:5557' --backend-bind 'tcp://*:5558' --capture",
  ],
  run: runProxy,
}

function sideConfig(
  parsed: Parsed,
  side: Side,
  options: Record<string, unknown>,
): Record<string, unknown> {
  const bind = list(parsed, `${side}-bind`)
  const connect = list(parsed, `${side}-connect`)
  if (bind.length === 0 && connect.length === 0) {
    throw new UsageError(`no ${side} endpoint: give --${side}-bind or --${side}-connect`)
  }
  return { ...options, bind, connect }
}

async function runProxy(parsed: Parsed): Promise<number> {
  const [kindName, ...rest] = parsed.positionals
  if (kindName === undefined) {
    throw new UsageError(`which proxy: forwarder, queue or streamer`)
  }
  const kind = KINDS[kindName]
  if (kind === undefined) {
    throw new UsageError(`unknown proxy '${kindName}': forwarder, queue or streamer`)
  }
  if (rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]!}'`)
  const mode = text(parsed, 'mode') ?? 'auto'
  if (mode !== 'auto' && mode !== 'native' && mode !== 'rx') {
    throw new UsageError(`option '--mode' takes auto, native or rx, got '${mode}'`)
  }
  const statsEvery = integer(parsed, 'stats', 1)
  const capture = flag(parsed, 'capture')
  const control = flag(parsed, 'control')
  const json = flag(parsed, 'json')
  const format = lineFormat(parsed, kindName === 'queue' ? 'hex,text' : 'text')
  const options = socketOptions(parsed)
  const frontend = sideConfig(parsed, 'frontend', options)
  const backend = sideConfig(parsed, 'backend', options)

  const commands = new Subject<ProxyCommand>()
  const interrupt = new Interrupt()
  const out = new Output()
  const counting = statsEvery !== undefined || capture || mode === 'rx'
  let statistics: ProxyStatistics | undefined
  let progress: Progress | undefined
  const started = performance.now()

  const printStatistics = (s: ProxyStatistics): void => {
    if (json) out.line(JSON.stringify({ statistics: s }))
    else note(`rxzmq proxy: ${describeStatistics(s, performance.now() - started)}`, progress)
  }

  const done = new Promise<void>((resolve, reject) => {
    proxy({
      frontend: () => kind.frontend(frontend),
      backend: () => kind.backend(backend),
      capture,
      statistics: counting,
      mode: mode as 'auto' | 'native' | 'rx',
      control: commands,
      // eslint-disable-next-line rxjs-x/no-ignored-subscription -- runs until the proxy ends (TERMINATE, a signal); `done` follows it
    }).subscribe({
      next: (event: ProxyEvent) => {
        switch (event.type) {
          case 'proxy:start':
            note(
              `rxzmq proxy: ${kindName} running (${event.mode} mode), frontend ${endpointsOf(frontend)}, backend ${endpointsOf(backend)}`,
            )
            progress = out.progress = Progress.start('rxzmq proxy', undefined)
            break
          case 'proxy:capture':
            out.line(
              `${event.from === 'frontend' ? '>' : '<'} ${formatMessage(event.message, format)}`,
            )
            break
          case 'proxy:statistics':
            statistics = event.statistics
            if (progress !== undefined) {
              progress.update(
                statistics.backend.messagesOut,
                `→ ${short(statistics.frontend.messagesOut)} ←`,
              )
            }
            if (printing) {
              printing = false
              printStatistics(event.statistics)
            }
            break
          case 'proxy:pause':
          case 'proxy:resume':
            note(`rxzmq proxy: ${event.type === 'proxy:pause' ? 'paused' : 'resumed'}`, progress)
            break
          case 'control:error':
            note(`rxzmq proxy: ${event.command}: ${event.error.message}`, progress)
            break
        }
      },
      error: reject,
      complete: resolve,
    })
  })

  // STATISTICS asked by --stats or the user is printed; the progress line's polls are not
  let printing = false
  const ask = (print: boolean): void => {
    if (print) printing = true
    commands.next('STATISTICS')
  }
  const ticker = counting ? setInterval(() => ask(false), 250) : undefined
  const printer = statsEvery !== undefined ? setInterval(() => ask(true), statsEvery) : undefined

  // the counters right before the end, for the last report
  const terminate = (): void => {
    if (counting) ask(false)
    commands.next('TERMINATE')
  }
  interrupt.onStop(terminate)
  if (control) {
    void (async () => {
      for await (const line of readLines(process.stdin)) {
        const command = line.trim().toUpperCase()
        if (command === '') continue
        if (command === 'STATISTICS') ask(true)
        else if (command === 'TERMINATE') terminate()
        else commands.next(command as ProxyCommand)
      }
    })().catch(() => {})
  }

  try {
    await done
  } finally {
    if (ticker !== undefined) clearInterval(ticker)
    if (printer !== undefined) clearInterval(printer)
    progress?.stop()
    interrupt.dispose()
    if (control) process.stdin.destroy()
  }
  if (statistics !== undefined && statsEvery !== undefined) printStatistics(statistics)
  return interrupt.exitCode ?? 0
}

function endpointsOf(config: Record<string, unknown>): string {
  const bind = (config.bind as string[]).map((e) => `bind ${e}`)
  const connect = (config.connect as string[]).map((e) => `connect ${e}`)
  return [...bind, ...connect].join(', ')
}

function describeStatistics(s: ProxyStatistics, ms: number): string {
  const rate = (n: number): string => `${short(n / (ms / 1000))}/s`
  return (
    `frontend → backend ${full(s.backend.messagesOut)} msg ${full(s.backend.bytesOut)} B (${rate(s.backend.messagesOut)}), ` +
    `backend → frontend ${full(s.frontend.messagesOut)} msg ${full(s.frontend.bytesOut)} B`
  )
}
