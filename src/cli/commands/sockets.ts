// rxzmq pub|sub|req|rep|push|pull|dealer|router|pair: a socket of any type from the terminal,
// one message per line.
import { spawn } from 'node:child_process'
import {
  concatMap,
  firstValueFrom,
  identity,
  lastValueFrom,
  Observable,
  take,
  tap,
  throwError,
  timeout as rxTimeout,
  type MonoTypeOperatorFunction,
} from 'rxjs'
import type { SocketEvent } from '../../events'
import type { Message } from '../../message'
import { waitForSubscribers } from '../../operators/waitForSubscribers'
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
import {
  flag,
  HELP,
  integer,
  list,
  text,
  type Command,
  type OptionSpecs,
  type Parsed,
} from '../args'
import { RunError, UsageError } from '../exit'
import {
  DecodeFailure,
  FORMAT_OPTIONS,
  formatMessage,
  InputError,
  lineFormat,
  parseLine,
  type LineFormat,
} from '../frames'
import {
  CURVE_OPTIONS,
  curveOptions,
  ENDPOINT_OPTIONS,
  endpoints,
  SOCKET_OPTIONS,
  socketOptions,
} from '../socketConfig'
import { Interrupt, note, Output, Progress, readLines, within } from '../terminal'

/** What a socket command does with its socket. */
type Role = 'send' | 'receive' | 'request' | 'serve' | 'duplex'

/** The members of an rxzmq socket the commands use, whatever its type. */
interface AnySocket {
  readonly ready: Promise<void>
  readonly closed: Promise<void>
  readonly events$: Observable<SocketEvent>
  close(): void
}
type Receiving = AnySocket & Observable<Message>
type Sending = AnySocket & { send(message: Buffer[]): Promise<void>; complete(): void }

interface Kind {
  readonly name: string
  readonly role: Role
  readonly zmq: string
  readonly summary: string
  readonly description: string
  readonly make: (config: Record<string, unknown>, parsed: Parsed) => AnySocket
  readonly options: OptionSpecs
  readonly examples: readonly string[]
  readonly defaultEncoding?: string
}

const COUNT_TIMEOUT = (role: Role): OptionSpecs => ({
  count: {
    type: 'string',
    short: 'n',
    value: '<n>',
    help: {
      send: 'send <n> messages, then exit (with --message, the messages are sent over again)',
      receive: 'exit after <n> messages',
      request: 'make <n> requests, then exit (with --message, the messages are sent over again)',
      serve: 'answer <n> requests, then exit',
      duplex: 'exit after receiving <n> messages',
    }[role],
  },
  timeout: {
    type: 'string',
    short: 't',
    value: '<ms>',
    help: {
      send: 'fail (exit 1) when a message cannot be sent within <ms> (no peer takes it)',
      receive: 'fail (exit 1) when no message comes for <ms>',
      request: 'fail (exit 1) when a reply does not come within <ms>',
      serve: 'fail (exit 1) when no request comes for <ms>',
      duplex: 'fail (exit 1) when no message comes for <ms>, or one cannot be sent within <ms>',
    }[role],
  },
})

const MESSAGE: OptionSpecs = {
  message: {
    type: 'string',
    short: 'm',
    multiple: true,
    value: '<msg>',
    help: 'send this message (a line as stdin would give it) instead of reading stdin (repeatable)',
  },
}

const IDENTITY: OptionSpecs = {
  identity: {
    type: 'string',
    value: '<id>',
    help: 'the routing id ROUTER peers see for this socket (ZMQ_ROUTING_ID)',
  },
}

const VERBOSE: OptionSpecs = {
  verbose: {
    type: 'boolean',
    short: 'v',
    help: 'show connection events (connect, handshake, disconnect...) on stderr',
  },
}

const FORMAT_HELP =
  'Each line is one message. A multipart message is a JSON array of its frames (["id","","body"]), or its frames joined by --separator; a message of one frame is the frame itself. Frames are UTF-8 text unless --encoding says hex, base64 or json.'

const KINDS: readonly Kind[] = [
  {
    name: 'sub',
    role: 'receive',
    zmq: 'SUB',
    summary: 'print the messages of publishers (SUB)',
    description: `Subscribes to publishers (PUB, XPUB) and prints each message that matches a topic. Without --topic it receives everything. ${FORMAT_HELP}`,
    make: (config, parsed) => {
      const topics = list(parsed, 'topic')
      return new SubscriberSocket({ ...config, topics: topics.length > 0 ? topics : [''] })
    },
    options: {
      topic: {
        type: 'string',
        multiple: true,
        value: '<prefix>',
        help: 'receive the messages whose first frame starts with <prefix> (repeatable; default: all)',
      },
    },
    examples: [
      'rxzmq sub tcp://localhost:5556 --topic 10001',
      'rxzmq sub tcp://localhost:5556 --count 5 --json',
    ],
  },
  {
    name: 'pub',
    role: 'send',
    zmq: 'PUB',
    summary: 'publish the lines of stdin (PUB)',
    description: `Publishes each line of stdin (or each --message) to its subscribers, then exits once stdin ends and what was sent has left (within --linger). Subscribers that connect late miss what was published before: --subscribers waits for them. ${FORMAT_HELP}`,
    make: (config, parsed) =>
      text(parsed, 'subscribers') !== undefined
        ? new XPublisherSocket({ ...config, verbosity: 'allSubs' })
        : new PublisherSocket(config),
    options: {
      ...MESSAGE,
      subscribers: {
        type: 'string',
        value: '<n>',
        help: 'wait until <n> subscriptions have arrived before publishing (no message lost to late joiners)',
      },
    },
    examples: [
      "rxzmq pub --bind 'tcp://*:5556' < updates.txt",
      "echo '10001 72 40' | rxzmq pub --bind 'tcp://*:5556' --subscribers 1",
    ],
  },
  {
    name: 'req',
    role: 'request',
    zmq: 'REQ',
    summary: 'send requests, print the replies (REQ)',
    description: `Sends each line of stdin (or each --message) as a request and prints its reply, one request at a time. ${FORMAT_HELP}`,
    make: (config) => new RequestSocket(config),
    options: { ...MESSAGE, ...IDENTITY },
    examples: [
      'rxzmq req tcp://localhost:5555 --message Hello --count 10',
      'printf "a\\nb\\n" | rxzmq req tcp://localhost:5555 --timeout 2500',
    ],
  },
  {
    name: 'rep',
    role: 'serve',
    zmq: 'REP',
    summary: 'answer requests: echo, a fixed reply, or a command’s output (REP)',
    description: `Prints each request and answers it: with the request itself (an echo server), with --reply, or with the output of --exec, a shell command run for each request with the request as a line on its stdin. ${FORMAT_HELP}`,
    make: (config) => new ReplySocket(config),
    options: {
      reply: {
        type: 'string',
        value: '<msg>',
        help: 'answer every request with <msg> (a line as stdin would give it)',
      },
      exec: {
        type: 'string',
        value: '<command>',
        help: "answer with the output of '/bin/sh -c <command>', the request on its stdin",
      },
      quiet: { type: 'boolean', short: 'q', help: 'do not print the requests' },
    },
    examples: [
      "rxzmq rep --bind 'tcp://*:5555' --reply World",
      "rxzmq rep --bind 'tcp://*:5555' --exec 'tr a-z A-Z'",
    ],
  },
  {
    name: 'push',
    role: 'send',
    zmq: 'PUSH',
    summary: 'send the lines of stdin to pullers, round-robin (PUSH)',
    description: `Sends each line of stdin (or each --message) to the connected PULL peers in turn, waiting while none can take it, then exits once stdin ends and what was sent has left (within --linger). ${FORMAT_HELP}`,
    make: (config) => new PushSocket(config),
    options: { ...MESSAGE },
    examples: [
      'seq 100 | rxzmq push tcp://localhost:5557',
      "rxzmq push --bind 'tcp://*:5557' -m work -n 10",
    ],
  },
  {
    name: 'pull',
    role: 'receive',
    zmq: 'PULL',
    summary: 'print what pushers send (PULL)',
    description: `Prints each message its PUSH peers send, fair-queued between them. ${FORMAT_HELP}`,
    make: (config) => new PullSocket(config),
    options: {},
    examples: ["rxzmq pull --bind 'tcp://*:5558'", 'rxzmq pull tcp://localhost:5558 --count 100'],
  },
  {
    name: 'dealer',
    role: 'duplex',
    zmq: 'DEALER',
    summary: 'send the lines of stdin and print what comes back (DEALER)',
    description: `Sends each line of stdin (or each --message) round-robin to its peers, and prints every message it receives. It runs until --count messages came, --timeout, or Ctrl-C. ${FORMAT_HELP}`,
    make: (config) => new DealerSocket(config),
    options: { ...MESSAGE, ...IDENTITY },
    examples: ['rxzmq dealer tcp://localhost:5555 --message \'["","Hello"]\' --count 1'],
  },
  {
    name: 'router',
    role: 'duplex',
    zmq: 'ROUTER',
    summary: 'print messages with their sender’s routing id, send to a peer by id (ROUTER)',
    description: `Prints every message it receives as a JSON array that starts with the sender's routing id, and sends each line of stdin to the peer its first frame names. Frames default to --encoding hex,text: the routing id in hex (libzmq's are binary), the rest as text. ${FORMAT_HELP}`,
    make: (config) => new RouterSocket(config),
    options: { ...MESSAGE, ...IDENTITY },
    defaultEncoding: 'hex,text',
    examples: ["rxzmq router --bind 'tcp://*:5555'", "rxzmq router --bind 'tcp://*:5555' -e text"],
  },
  {
    name: 'pair',
    role: 'duplex',
    zmq: 'PAIR',
    summary: 'talk to one PAIR peer: send stdin, print what comes',
    description: `Sends each line of stdin to its one peer and prints what the peer sends. ${FORMAT_HELP}`,
    make: (config) => new PairSocket(config),
    options: { ...MESSAGE },
    examples: ["rxzmq pair --bind 'tcp://*:5570'"],
  },
]

/** The socket commands, one per kind. */
export const socketCommands: Command[] = KINDS.map((kind) => ({
  name: kind.name,
  summary: kind.summary,
  usage: `rxzmq ${kind.name} [options] [<endpoint>...]`,
  description: kind.description,
  options: {
    ...ENDPOINT_OPTIONS,
    ...kind.options,
    ...COUNT_TIMEOUT(kind.role),
    ...FORMAT_OPTIONS,
    ...SOCKET_OPTIONS,
    ...CURVE_OPTIONS,
    ...VERBOSE,
    help: HELP,
  },
  examples: kind.examples,
  run: (parsed) => runSocket(kind, parsed),
}))

interface Context {
  readonly kind: Kind
  readonly parsed: Parsed
  readonly format: LineFormat
  readonly count: number | undefined
  readonly timeout: number | undefined
  readonly out: Output
  readonly interrupt: Interrupt
  /** The messages of --message, parsed. */
  readonly messages: Buffer[][]
}

async function runSocket(kind: Kind, parsed: Parsed): Promise<number> {
  const format = lineFormat(parsed, kind.defaultEncoding)
  const count = integer(parsed, 'count', 1)
  const timeout = integer(parsed, 'timeout', 1)
  const { bind, connect } = endpoints(parsed)
  const curve = curveOptions(parsed)
  const messages = list(parsed, 'message').map((line) => {
    try {
      return parseLine(line, format)
    } catch (error) {
      throw new UsageError(`--message ${JSON.stringify(line)}: ${(error as Error).message}`)
    }
  })
  const extra: Record<string, unknown> = {}
  const identityValue = text(parsed, 'identity')
  if (identityValue !== undefined) extra.routingId = identityValue
  const verbose = flag(parsed, 'verbose')
  checkRoleOptions(kind, parsed)

  const socket = kind.make(
    {
      // PUSH queues only for peers that completed the handshake (ZMQ_IMMEDIATE), so a message
      // with nobody to take it waits, and --timeout can tell, instead of sitting in the queue of
      // a connection that never comes. Not for sockets that receive: with ZMQ_IMMEDIATE libzmq
      // drops what a peer sent right before it disconnected (a REP's last reply).
      ...(kind.name === 'push' ? { immediate: true } : {}),
      ...socketOptions(parsed),
      ...curve.options,
      ...extra,
      bind,
      connect,
      // the first connection's events too, when they are shown
      monitor: verbose || curve.role !== undefined,
    },
    parsed,
  )
  const interrupt = new Interrupt()
  const out = new Output()
  interrupt.onStop(() => socket.close())
  out.onClosed(() => socket.close())
  try {
    await socket.ready
    watchEvents(kind, socket, verbose, curve.role !== undefined, out)
    if (curve.role === 'server')
      note(`rxzmq ${kind.name}: CURVE server public key ${curve.publicKey!}`)
    const context: Context = { kind, parsed, format, count, timeout, out, interrupt, messages }
    switch (kind.role) {
      case 'receive':
        await receive(context, socket as Receiving)
        break
      case 'send':
        await send(context, socket as Sending)
        break
      case 'request':
        await request(context, socket as RequestSocket)
        break
      case 'serve':
        await serve(context, socket as ReplySocket)
        break
      case 'duplex':
        await duplex(context, socket as Receiving & Sending)
        break
    }
  } catch (error) {
    // a signal closes the socket under whatever was running: that is not a failure
    if (interrupt.signal === undefined) throw error
  } finally {
    socket.close()
    interrupt.dispose()
  }
  return interrupt.exitCode ?? 0
}

function checkRoleOptions(kind: Kind, parsed: Parsed): void {
  if (
    kind.role === 'serve' &&
    text(parsed, 'reply') !== undefined &&
    text(parsed, 'exec') !== undefined
  ) {
    throw new UsageError(`--reply and --exec do not go together`)
  }
  integer(parsed, 'subscribers', 1)
}

/** Connection events on stderr: all of them with --verbose, handshake failures with CURVE. */
function watchEvents(
  kind: Kind,
  socket: AnySocket,
  verbose: boolean,
  curve: boolean,
  out: Output,
): void {
  if (!verbose && !curve) return
  const seen = new Set<string>()
  // eslint-disable-next-line rxjs-x/no-ignored-subscription -- ends when the socket closes
  socket.events$.subscribe((event) => {
    const failed = event.type.startsWith('handshake:error')
    if (!verbose && !failed) return
    const line = describeEvent(event)
    if (!verbose) {
      if (seen.has(line)) return
      seen.add(line)
    }
    note(`rxzmq ${kind.name}: ${line}`, out.progress)
  })
}

export function describeEvent(event: SocketEvent): string {
  const address = (event as { address?: string }).address
  const error = (event as { error?: Error & { code?: string } }).error
  // an error's message names the endpoint already
  if (error !== undefined) return `${event.type}: ${error.message}`
  return address !== undefined ? `${event.type} ${address}` : event.type
}

/** Fails the stream with a RunError when nothing comes for `ms`. */
function idle<T>(ms: number | undefined, what: string): MonoTypeOperatorFunction<T> {
  if (ms === undefined) return identity
  return rxTimeout({
    each: ms,
    with: () => throwError(() => new RunError(`timeout: ${what} within ${ms} ms`)),
  })
}

function limit<T>(count: number | undefined): MonoTypeOperatorFunction<T> {
  return count === undefined ? identity : take(count)
}

function print(context: Context, message: Message): void {
  let line: string
  try {
    line = formatMessage(message, context.format)
  } catch (error) {
    if (error instanceof DecodeFailure) throw new RunError(error.message)
    throw error
  }
  context.out.line(line)
}

/** The messages to send: --message (over again up to --count), or the lines of stdin. */
async function* input(context: Context): AsyncGenerator<Buffer[]> {
  const { messages, count } = context
  if (messages.length > 0) {
    let n = 0
    do {
      for (const message of messages) {
        if (count !== undefined && n >= count) return
        n++
        yield message
      }
    } while (count !== undefined && n < count)
    return
  }
  let lineNumber = 0
  for await (const line of readLines(process.stdin)) {
    lineNumber++
    try {
      yield parseLine(line, context.format)
    } catch (error) {
      if (error instanceof InputError)
        throw new RunError(`stdin line ${lineNumber}: ${error.message}`)
      throw error
    }
  }
}

/** Stops reading stdin (it would keep the process alive). */
function releaseStdin(context: Context): void {
  if (context.messages.length === 0) process.stdin.destroy()
}

async function receive(context: Context, socket: Receiving): Promise<void> {
  const { count, timeout } = context
  const progress = (context.out.progress = Progress.start(`rxzmq ${context.kind.name}`, count))
  let received = 0
  try {
    await lastValueFrom(
      socket.pipe(
        idle(timeout, 'no message'),
        limit(count),
        tap((message) => {
          print(context, message)
          progress?.update(++received)
        }),
      ),
      { defaultValue: undefined },
    )
  } finally {
    progress?.stop()
  }
}

async function send(context: Context, socket: Sending): Promise<void> {
  const { count, timeout, parsed, interrupt } = context
  const subscribers = integer(parsed, 'subscribers', 1)
  if (subscribers !== undefined) {
    // an XPUB: the subscriptions it receives tell when the subscribers are there
    await within(
      firstValueFrom(
        waitForSubscribers(socket as unknown as XPublisherSocket, { count: subscribers }),
      ),
      timeout,
      () => new RunError(`timeout: fewer than ${subscribers} subscriber(s) within ${timeout} ms`),
    )
  }
  const progress = (context.out.progress = Progress.start(`rxzmq ${context.kind.name}`, count))
  let sent = 0
  try {
    for await (const message of input(context)) {
      if (interrupt.signal !== undefined) break
      await within(
        socket.send(message),
        timeout,
        () =>
          new RunError(`timeout: could not send within ${timeout} ms (no peer took the message)`),
      )
      progress?.update(++sent)
      if (count !== undefined && sent >= count) break
    }
  } finally {
    progress?.stop()
    releaseStdin(context)
  }
  // what was sent leaves within the linger, then the socket closes
  socket.complete()
  await socket.closed
}

async function request(context: Context, socket: RequestSocket): Promise<void> {
  const { count, timeout } = context
  const progress = (context.out.progress = Progress.start(`rxzmq ${context.kind.name}`, count))
  let replies = 0
  try {
    for await (const message of input(context)) {
      const reply = await within(
        firstValueFrom(socket.request(message)),
        timeout,
        () => new RunError(`timeout: no reply within ${timeout} ms`),
      )
      print(context, reply)
      progress?.update(++replies)
      if (count !== undefined && replies >= count) break
    }
  } finally {
    progress?.stop()
    releaseStdin(context)
  }
}

async function serve(context: Context, socket: ReplySocket): Promise<void> {
  const { count, timeout, parsed, format } = context
  const fixed = text(parsed, 'reply')
  const command = text(parsed, 'exec')
  const quiet = flag(parsed, 'quiet')
  let fixedReply: Buffer[] | undefined
  if (fixed !== undefined) {
    try {
      fixedReply = parseLine(fixed, format)
    } catch (error) {
      throw new UsageError(`--reply ${JSON.stringify(fixed)}: ${(error as Error).message}`)
    }
  }
  const answer = async (request: Message): Promise<Buffer[]> => {
    if (fixedReply !== undefined) return fixedReply
    if (command !== undefined) return run(command, formatMessage(request, format), format)
    return request
  }
  const progress = (context.out.progress = Progress.start(`rxzmq ${context.kind.name}`, count))
  let answered = 0
  try {
    await lastValueFrom(
      socket.pipe(
        idle(timeout, 'no request'),
        limit(count),
        concatMap(async (request) => {
          if (!quiet) print(context, request)
          await socket.send(await answer(request))
          progress?.update(++answered)
        }),
      ),
      { defaultValue: undefined },
    )
  } finally {
    progress?.stop()
  }
  socket.complete()
  await socket.closed
}

/** Runs a shell command with `input` on its stdin; its output (one line, or all of it) is the reply. */
function run(command: string, input: string, format: LineFormat): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', command], { stdio: ['pipe', 'pipe', 'inherit'] })
    const chunks: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.on('error', (error) =>
      reject(new RunError(`--exec: cannot run /bin/sh: ${error.message}`)),
    )
    child.stdin.on('error', () => {}) // the command may not read its input
    child.stdin.end(`${input}\n`)
    child.on('close', (code) => {
      if (code !== 0) note(`rxzmq rep: --exec command exited with ${code ?? 'a signal'}`)
      const output = Buffer.concat(chunks)
        .toString('utf8')
        .replace(/\r?\n$/, '')
      if (output.includes('\n')) {
        resolve([Buffer.from(output, 'utf8')])
        return
      }
      try {
        resolve(parseLine(output, format))
      } catch (error) {
        reject(new RunError(`--exec output: ${(error as Error).message}`))
      }
    })
  })
}

async function duplex(context: Context, socket: Receiving & Sending): Promise<void> {
  const { timeout } = context
  let failed: (error: unknown) => void = () => {}
  const sendingFailed = new Promise<never>((_, reject) => (failed = reject))
  let stop = false
  void (async () => {
    for await (const message of input(context)) {
      if (stop) return
      await within(
        socket.send(message),
        timeout,
        () => new RunError(`timeout: could not send within ${timeout} ms`),
      )
    }
  })().catch((error: unknown) => {
    if (!stop) failed(error)
  })
  try {
    await Promise.race([receive(context, socket), sendingFailed])
  } finally {
    stop = true
    releaseStdin(context)
  }
}
