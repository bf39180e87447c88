// rxzmq monitor <endpoint>: a socket's connection events, live.
import {
  identity,
  lastValueFrom,
  take,
  takeWhile,
  tap,
  throwError,
  timeout as rxTimeout,
} from 'rxjs'
import type { SocketEvent } from '../../events'
import { DealerSocket } from '../../sockets/DealerSocket'
import { PairSocket } from '../../sockets/PairSocket'
import { PublisherSocket } from '../../sockets/PublisherSocket'
import { PullSocket } from '../../sockets/PullSocket'
import { PushSocket } from '../../sockets/PushSocket'
import { ReplySocket } from '../../sockets/ReplySocket'
import { RequestSocket } from '../../sockets/RequestSocket'
import { RouterSocket } from '../../sockets/RouterSocket'
import { SubscriberSocket } from '../../sockets/SubscriberSocket'
import { XPublisherSocket } from '../../sockets/XPublisherSocket'
import { XSubscriberSocket } from '../../sockets/XSubscriberSocket'
import { flag, HELP, integer, text, type Command } from '../args'
import { RunError, UsageError } from '../exit'
import {
  CURVE_OPTIONS,
  curveOptions,
  ENDPOINT_OPTIONS,
  endpoints,
  SOCKET_OPTIONS,
  socketOptions,
} from '../socketConfig'
import { Interrupt, Output, within } from '../terminal'

type Make = (config: Record<string, unknown>) => {
  readonly ready: Promise<void>
  readonly events$: import('rxjs').Observable<SocketEvent>
  close(): void
}

const TYPES: Record<string, Make> = {
  dealer: (c) => new DealerSocket(c),
  router: (c) => new RouterSocket(c),
  req: (c) => new RequestSocket(c),
  rep: (c) => new ReplySocket(c),
  pub: (c) => new PublisherSocket(c),
  sub: (c) => new SubscriberSocket(c),
  xpub: (c) => new XPublisherSocket(c),
  xsub: (c) => new XSubscriberSocket(c),
  push: (c) => new PushSocket(c),
  pull: (c) => new PullSocket(c),
  pair: (c) => new PairSocket(c),
}

/** libzmq's code for a peer of a socket type that cannot talk to ours. */
const TYPE_MISMATCH = /INVALID_METADATA|SOCKET_TYPE/

export const monitorCommand: Command = {
  name: 'monitor',
  summary: "show a socket's connection events live (is anybody there?)",
  usage: 'rxzmq monitor [options] [<endpoint>...]',
  description:
    'Opens a socket of --type on the endpoints (connecting, or binding with --bind) and prints each of its connection events as it happens: connect, connect:delay, connect:retry, handshake, handshake errors (a CURVE key refused, a socket type that does not fit), disconnect, accept... The ZMTP handshake checks socket types: a dealer can talk to rep, router and dealer peers, a sub to pub and xpub, a push to pull... With --until it is a connectivity check for scripts: exit 0 once that event came, 1 at --timeout.',
  options: {
    ...ENDPOINT_OPTIONS,
    type: {
      type: 'string',
      value: '<type>',
      help: `the socket type: ${Object.keys(TYPES).join(', ')} (default dealer)`,
    },
    until: {
      type: 'string',
      value: '<event>',
      help: 'exit 0 once this event came, e.g. handshake or accept',
    },
    count: { type: 'string', short: 'n', value: '<n>', help: 'exit after <n> events' },
    timeout: {
      type: 'string',
      short: 't',
      value: '<ms>',
      help: 'fail (exit 1) when no event comes for <ms> (with --until: when it has not come)',
    },
    json: { type: 'boolean', help: 'each event a JSON object' },
    ...SOCKET_OPTIONS,
    ...CURVE_OPTIONS,
    help: HELP,
  },
  examples: [
    'rxzmq monitor tcp://localhost:5555',
    'rxzmq monitor tcp://localhost:5556 --type sub --until handshake --timeout 3000',
  ],
  run: async (parsed) => {
    const typeName = (text(parsed, 'type') ?? 'dealer').toLowerCase()
    const make = TYPES[typeName]
    if (make === undefined) {
      throw new UsageError(
        `option '--type' takes ${Object.keys(TYPES).join(', ')}; got '${typeName}'`,
      )
    }
    const count = integer(parsed, 'count', 1)
    const timeout = integer(parsed, 'timeout', 1)
    const until = text(parsed, 'until')
    const json = flag(parsed, 'json')
    const { bind, connect } = endpoints(parsed)
    const curve = curveOptions(parsed)
    const socket = make({
      ...socketOptions(parsed),
      ...curve.options,
      bind,
      connect,
      monitor: true,
    })
    const interrupt = new Interrupt()
    const out = new Output()
    interrupt.onStop(() => socket.close())
    out.onClosed(() => socket.close())
    const started = Date.now()
    let reached = false
    let hinted = false
    let connected = false
    let handshaken = false
    const hint = (why: string): void => {
      if (hinted) return
      hinted = true
      process.stderr.write(`rxzmq monitor: ${why}\n`)
    }
    try {
      await socket.ready
      const events = lastValueFrom(
        socket.events$.pipe(
          // with --until, --timeout is how long it may take to come; else the longest silence
          timeout === undefined || until !== undefined
            ? identity
            : rxTimeout({
                each: timeout,
                with: () =>
                  throwError(() => new RunError(`timeout: no event within ${timeout} ms`)),
              }),
          count === undefined ? identity : take(count),
          tap((event) => {
            out.line(json ? eventJson(event) : eventLine(event, started))
            const code = (event as { error?: { code?: string } }).error?.code ?? ''
            if (event.type === 'connect' || event.type === 'accept') connected = true
            if (event.type === 'handshake') handshaken = true
            if (event.type.startsWith('handshake:error') && TYPE_MISMATCH.test(code)) {
              hint(`the peer's socket type does not fit ${typeName} (try --type)`)
            } else if (event.type === 'disconnect' && connected && !handshaken) {
              hint(
                `the peer closed the connection before the handshake: its socket type may not fit ${typeName} (try --type), or its security settings differ`,
              )
            }
          }),
          takeWhile((event) => {
            if (until !== undefined && event.type === until) reached = true
            return !reached
          }),
        ),
        { defaultValue: undefined },
      )
      await (until === undefined
        ? events
        : within(
            events,
            timeout,
            () => new RunError(`timeout: no ${until} event within ${timeout} ms`),
          ))
    } catch (error) {
      if (interrupt.signal === undefined) throw error
    } finally {
      socket.close()
      interrupt.dispose()
    }
    return interrupt.exitCode ?? 0
  },
}

function eventLine(event: SocketEvent, started: number): string {
  const seconds = ((Date.now() - started) / 1000).toFixed(3).padStart(8)
  const address = (event as { address?: string }).address
  const error = (event as { error?: { message?: string; code?: string } }).error
  let line = `${seconds}s  ${event.type.padEnd(16)}`
  if (address !== undefined) line += ` ${address}`
  if (error !== undefined) line += `  ${error.message ?? ''}${error.code ? ` (${error.code})` : ''}`
  return line.trimEnd()
}

function eventJson(event: SocketEvent): string {
  const { type } = event
  const address = (event as { address?: string }).address
  const error = (event as { error?: { message?: string; code?: string } }).error
  return JSON.stringify({
    time: new Date().toISOString(),
    type,
    ...(address !== undefined ? { address } : {}),
    ...(error !== undefined ? { error: { code: error.code, message: error.message } } : {}),
  })
}
