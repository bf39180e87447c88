// The two sides of each measurement, for rxzmq and for raw zeromq.js, written the way each
// library's documentation recommends. Used in the main process and in the worker process.
import { lastValueFrom, map, range, type Subscription } from 'rxjs'
import * as zmq from 'zeromq'
import {
  DealerSocket,
  PullSocket,
  PushSocket,
  ReplySocket,
  RouterSocket,
  sendTo,
  text,
  zmtpTransport,
  type Transport,
} from './rxzmq'
import { now } from './stats'

/** Raw zeromq.js, rxzmq on its default (native) transport, or rxzmq on its ZMTP transport. */
export type JsImpl = 'rxzmq' | 'zeromq.js' | 'zmtp'

let zmtp: Transport | undefined

/** The socket options that choose an rxzmq implementation's transport. */
export function via(impl: JsImpl): { transport?: Transport } {
  return impl === 'zmtp' ? { transport: (zmtp ??= zmtpTransport()) } : {}
}

/**
 * How the receiver reads: `plain` counts messages (rxzmq: a subscriber; zeromq.js:
 * `for await`); `chain` decodes each as text and maps it (rxzmq: `.pipe(text(), map(...))`;
 * zeromq.js: `for await` + `toString()` + the same function).
 */
export type ReceiveStyle = 'plain' | 'chain'

/** The work `chain` receivers do with each decoded message, the same for both. */
const work = (s: string): number => s.length

/** A receiver that counts `count` messages and measures the rate from the first to the last. */
export interface Receiver {
  endpoint: string
  /** Resolves with messages per second once `count` messages arrived. */
  done: Promise<number>
  close(): void
}

function rate(count: number, first: number, last: number): number {
  return (count - 1) / (last - first)
}

/** A PULL socket bound to `bindTo` that receives `count` messages. */
export async function pullReceiver(
  impl: JsImpl,
  bindTo: string,
  count: number,
  style: ReceiveStyle = 'plain',
): Promise<Receiver> {
  if (impl === 'zeromq.js') {
    const pull = new zmq.Pull({ receiveHighWaterMark: 1000 })
    await pull.bind(bindTo)
    const done = (async () => {
      let n = 0
      let first = 0
      let sum = 0
      if (style === 'chain') {
        for await (const [message] of pull) {
          sum += work(message!.toString())
          if (n === 0) first = now()
          if (++n === count) break
        }
      } else {
        for await (const [message] of pull) {
          void message
          if (n === 0) first = now()
          if (++n === count) break
        }
      }
      void sum
      return rate(count, first, now())
    })()
    return { endpoint: pull.lastEndpoint!, done, close: () => pull.close() }
  }
  const pull = new PullSocket(via(impl))
  const endpoint = await pull.bind(bindTo)
  let subscription: Subscription | undefined
  const done = new Promise<number>((resolve, reject) => {
    let n = 0
    let first = 0
    let sum = 0
    const counted = (): void => {
      if (n === 0) first = now()
      if (++n === count) {
        resolve(rate(count, first, now()))
        subscription?.unsubscribe()
        void sum // the chain's result is used, as the raw receiver's is
      }
    }
    subscription =
      style === 'chain'
        ? pull.pipe(text(), map(work)).subscribe({
            next: (length) => {
              sum += length
              counted()
            },
            error: reject,
          })
        : pull.subscribe({ next: counted, error: reject })
  })
  return { endpoint, done, close: () => pull.close() }
}

/**
 * How rxzmq code sends: `send` (await a promise per message), `next` (a producer that fills
 * the bounded queue), `sendTo` (`range(N).pipe(map(() => payload), sendTo(push))`), or
 * `subscribe` (`range(N).pipe(map(() => payload)).subscribe(push)`, the send queue's limit
 * raised to N so that a synchronous source fits).
 */
export type SendStyle = 'send' | 'next' | 'sendTo' | 'subscribe'

/** A PUSH socket connected to `endpoint`; `run` sends `count` copies of `payload`. */
export interface Sender {
  run(payload: Buffer, count: number): Promise<void>
  close(): void
}

export function pushSender(
  impl: JsImpl,
  endpoint: string,
  style: SendStyle = 'send',
  count = 0,
): Sender {
  if (impl === 'zeromq.js') {
    const push = new zmq.Push({ sendHighWaterMark: 1000 })
    push.connect(endpoint)
    return {
      run: async (payload, count) => {
        for (let i = 0; i < count; i++) await push.send(payload)
      },
      close: () => push.close(),
    }
  }
  const limit = 1000
  // The idiomatic Observer use (`subscribe`) is a synchronous source straight into the socket:
  // its send queue must hold the whole source, so the limit is raised to `count`.
  // complete() at the end of that source closes the socket once its queue is sent, giving up
  // after `linger` ms: raised, so that a busy machine does not cut the run short.
  const push = new PushSocket({
    connect: endpoint,
    ...via(impl),
    sendQueue: style === 'subscribe' ? { limit: Math.max(count, limit) } : undefined,
    linger: style === 'subscribe' ? 60000 : undefined,
  })
  return {
    run: async (payload, count) => {
      if (style === 'subscribe') {
        range(0, count)
          .pipe(map(() => payload))
          .subscribe(push)
        // complete() closes the socket once the queue is sent: resolve then.
        await push.closed
      } else if (style === 'send') {
        for (let i = 0; i < count; i++) await push.send(payload)
      } else if (style === 'next') {
        // A producer that respects the bounded queue: fill it with next(), then send() one
        // more, which resolves once libzmq has taken everything queued before it. (Waiting
        // with setImmediate instead busy-spins the event loop while the socket is not
        // writable, which on two cores starves libzmq's I/O thread: 3x slower.)
        let sent = 0
        while (sent < count) {
          const room = Math.min(limit - 1 - push.queueDepth, count - sent - 1)
          for (let i = 0; i < room; i++) push.next(payload)
          sent += Math.max(0, room)
          await push.send(payload)
          sent++
        }
      } else {
        // sendTo keeps its own O(1) queue, so a synchronous source of any length is fine.
        await lastValueFrom(
          range(0, count).pipe(
            map(() => payload),
            sendTo(push),
          ),
          { defaultValue: undefined },
        )
      }
    },
    close: () => push.close(),
  }
}

/** An echo server (REP or ROUTER) bound to `bindTo`. */
export interface Server {
  endpoint: string
  close(): void
}

export async function echoServer(
  impl: JsImpl,
  kind: 'rep' | 'router',
  bindTo: string,
): Promise<Server> {
  if (impl === 'zeromq.js') {
    const socket = kind === 'rep' ? new zmq.Reply() : new zmq.Router()
    await socket.bind(bindTo)
    void (async () => {
      try {
        for await (const message of socket) await socket.send(message)
      } catch {
        // closed
      }
    })()
    return { endpoint: socket.lastEndpoint!, close: () => socket.close() }
  }
  const socket = kind === 'rep' ? new ReplySocket(via(impl)) : new RouterSocket(via(impl))
  const endpoint = await socket.bind(bindTo)
  const subscription = socket.subscribe({
    next: (message) => socket.next(message),
    error: () => {},
  })
  return {
    endpoint,
    close: () => {
      subscription.unsubscribe()
      socket.close()
    },
  }
}

export { DealerSocket }
