import { describeValue } from '../core/describeValue'
import { readOptions, requireFunction, requireObservable } from '../internal/args'
import {
  asyncScheduler,
  Observable,
  Subject,
  type SchedulerLike,
  type Subscriber,
  type Subscription,
} from 'rxjs'
import { InvalidOptionError } from '../errors/InvalidOptionError'
import { RequestTimeoutError } from '../errors/RequestTimeoutError'
import { SocketClosedError } from '../errors/SocketClosedError'
import { toFrames } from '../internal/toFrames'
import type { Message } from '../message'
import type { Correlator, CorrelatorEvent } from './Correlator'

/** Options of {@link correlate}. */
export interface CorrelateConfig {
  /** How long each request waits for its reply, in ms. Default: no limit. */
  timeout?: number
  /** Where timeouts are scheduled (a `TestScheduler` in tests). Default `asyncScheduler`. */
  scheduler?: SchedulerLike
  /**
   * Makes each request's correlation id (one frame). Default: a 4-byte big-endian counter
   * starting at 1. Ids must be unique among the requests in flight; a throwing or duplicate id
   * errors that request.
   */
  createId?: () => Uint8Array
}

const EMPTY = Buffer.alloc(0)

/**
 * Request/reply correlation over one DEALER-like stream: `send` takes requests, `replies`
 * gives replies, and many requests may be in flight at once. Each request goes out as
 * `[id, '', ...body]` and its reply is recognised by the same `[id, '', ...]` in front, which a
 * REP server (which keeps the envelope) and a ROUTER server using {@link splitEnvelope} /
 * {@link joinEnvelope} both send back. The reply's body (after the delimiter) is emitted.
 *
 * A reply is delivered only to the request whose id it carries, and only while that request
 * waits; anything else (late after a timeout or a cancel, unknown id, no delimiter) is dropped,
 * counted in `droppedCount` and reported as a `reply:drop` event on `events$`. `replies` is
 * subscribed at the first request and held until `close()`, so late replies are seen and
 * counted; its error or completion fails the requests in flight.
 *
 * ```
 * request(a):   ^-------(A|)
 * request(b):   ^---(B|)
 * sent:         (ab)               ([1,'',a] and [2,'',b])
 * replies:      ----B---A---       ([2,'',B] then [1,'',A])
 *
 * timeout 3:  request(c): ^--#    (RequestTimeoutError)
 *             events$:    -----d  (reply for c at 5: reply:drop, reason 'unknown-id', dropped 1)
 * ```
 *
 * ## Example
 * ```ts
 * const dealer = new DealerSocket({ connect: 'tcp://localhost:5555' })
 * const rpc = correlate(dealer, (message) => dealer.next(message), { timeout: 2500 })
 * rpc.events$.subscribe((e) => console.warn(`reply dropped (${e.reason}), ${e.dropped} so far`))
 * forkJoin([rpc.request('a'), rpc.request('b')]).subscribe(console.log)
 * ```
 */
export function correlate(
  replies: Observable<Message>,
  send: (message: Message) => void,
  config: CorrelateConfig = {},
): Correlator {
  requireObservable(replies, 'correlate', 'replies')
  requireFunction(send, 'correlate', 'send')
  const options = readOptions(config, 'correlate', ['timeout', 'scheduler', 'createId'])
  const timeout = options.timeout as number | undefined
  const scheduler = (options.scheduler ?? asyncScheduler) as SchedulerLike
  if (timeout !== undefined && !(typeof timeout === 'number' && timeout >= 0)) {
    throw new InvalidOptionError(
      `correlate: option 'timeout' must be a non-negative number of ms, got ${describeValue(timeout)}`,
      { option: 'timeout' },
    )
  }
  let counter = 0
  const createId =
    (options.createId as CorrelateConfig['createId']) ??
    ((): Uint8Array => {
      counter = (counter + 1) >>> 0
      const id = Buffer.alloc(4)
      id.writeUInt32BE(counter)
      return id
    })
  const pending = new Map<number | string, Subscriber<Message>>()
  const events = new Subject<CorrelatorEvent>()
  let droppedCount = 0
  let listening: Subscription | undefined
  let closed: unknown

  const drop = (reply: Message, reason: CorrelatorEvent['reason']): void => {
    droppedCount++
    events.next({ type: 'reply:drop', reason, dropped: droppedCount, reply })
  }
  const failAll = (error: unknown): void => {
    closed = error
    const waiting = [...pending.values()]
    pending.clear()
    for (const subscriber of waiting) subscriber.error(error)
  }
  const onReply = (given: Message): void => {
    if (!Array.isArray(given) || !given.every((frame) => frame instanceof Uint8Array)) {
      drop(given, 'malformed') // not a message: it answers nothing
      return
    }
    const reply = given
    const [id, delimiter] = reply
    const key = id === undefined ? undefined : keyOf(id)
    const subscriber = key === undefined ? undefined : pending.get(key)
    if (id === undefined || delimiter === undefined || delimiter.length !== 0) {
      drop(reply, 'malformed')
      return
    }
    if (subscriber === undefined) {
      drop(reply, 'unknown-id')
      return
    }
    pending.delete(key!)
    subscriber.next(reply.slice(2))
    subscriber.complete()
  }
  const listen = (): void => {
    if (listening !== undefined) return
    listening = replies.subscribe({
      next: onReply,
      error: (error: unknown) => failAll(error),
      complete: () => failAll(new SocketClosedError('correlate', 'wait for a reply')),
    })
  }

  return {
    request: (body) =>
      new Observable<Message>((subscriber) => {
        if (closed !== undefined) {
          subscriber.error(closed)
          return
        }
        let key: number | string
        let id: Buffer
        let message: Message
        try {
          // the default ids are fresh Buffers; a createId of the user's is copied (it may
          // reuse its bytes)
          id = config.createId === undefined ? (createId() as Buffer) : Buffer.from(createId())
          key = keyOf(id)
          if (pending.has(key)) {
            throw new InvalidOptionError(`correlate: id ${hex(id)} is already in flight`, {
              option: 'createId',
            })
          }
          const frames = toFrames(body, 'correlate')
          message =
            frames.length === 1
              ? [id, EMPTY, toBuffer(frames[0])]
              : [id, EMPTY, ...frames.map(toBuffer)]
        } catch (error) {
          subscriber.error(error)
          return
        }
        pending.set(key, subscriber)
        listen()
        if (subscriber.closed) return
        if (timeout !== undefined) {
          subscriber.add(
            scheduler.schedule(() => {
              if (pending.get(key) !== subscriber) return
              pending.delete(key)
              subscriber.error(new RequestTimeoutError(timeout, hex(id)))
            }, timeout),
          )
        }
        subscriber.add(() => {
          if (pending.get(key) === subscriber) pending.delete(key)
        })
        try {
          send(message)
        } catch (error) {
          subscriber.error(error)
        }
      }),
    get inFlight() {
      return pending.size
    },
    get droppedCount() {
      return droppedCount
    },
    events$: events.asObservable(),
    close: () => {
      if (closed === undefined) failAll(new SocketClosedError('correlate', 'wait for a reply'))
      listening?.unsubscribe()
      events.complete()
    },
  }
}

/**
 * The pending map's key for an id: a 4-byte id (the default counter's) as its number, no
 * string made per request and reply; any other as its hex. (Two ids of one length get equal
 * keys only when their bytes are equal, and lengths never mix: numbers and strings differ.)
 */
function keyOf(id: Uint8Array): number | string {
  if (id.length === 4) return ((id[0]! << 24) | (id[1]! << 16) | (id[2]! << 8) | id[3]!) >>> 0
  return hex(id)
}

function hex(id: Uint8Array): string {
  return Buffer.from(id.buffer, id.byteOffset, id.byteLength).toString('hex')
}

function toBuffer(frame: unknown): Buffer {
  if (typeof frame === 'string') return Buffer.from(frame, 'utf8')
  if (frame instanceof ArrayBuffer) return Buffer.from(frame)
  return Buffer.isBuffer(frame) ? frame : Buffer.from(frame as Uint8Array)
}
