import { badArgument, plainOptions, readOptions, requireFunction } from '../internal/args'
import { Observable, type Observer, type OperatorFunction } from 'rxjs'
import { BoundedQueue, type QueueConfig } from '../core/BoundedQueue'
import { SEND_WITH, type SendsWith } from '../core/sendWith'
import type { QueueEvent } from '../events'
import { operate } from '../internal/operate'

/** Anything with a Promise-returning send: every rxzmq socket that sends. */
export interface Sendable<T> {
  send(value: T): Promise<void>
}

/**
 * Options of {@link sendTo}.
 *
 * ## Example
 * ```ts
 * const config: SendToConfig<string> = { queue: { limit: 100, overflow: 'drop-oldest' }, events }
 * prices$.pipe(sendTo(pub, config)).subscribe()
 * ```
 */
export interface SendToConfig<T> {
  /**
   * The queue of values waiting for the previous send to be taken. Default unbounded
   * (`{ limit: Infinity }`): a synchronous source cannot be paused, so by default every value
   * waits its turn. Give a `limit` to bound memory: at the limit `overflow` decides, `'error'`
   * (default) errors the result with a {@link QueueFullError}, `'drop-newest'` /
   * `'drop-oldest'` drop a value (never sent, never emitted) and report it as `queue:drop`
   * on `events`.
   */
  queue?: QueueConfig
  /**
   * Where the queue's events go (`queue:full`, `queue:drop` with the dropped value as `item`,
   * `queue:drain`): a Subject, or any `{ next }`.
   */
  events?: Pick<Observer<QueueEvent<T>>, 'next'>
}

/**
 * Sends each value through a socket, one at a time, and emits it once libzmq has queued it.
 * The next value is sent only after the previous one was queued, so the socket's send queue
 * never overflows; a failed send errors the stream with its typed error. Values the source
 * emits faster wait in order, in a queue with O(1) take: unbounded by default, bounded by
 * `queue` (then `events` says when it fills, drops and drains).
 *
 * ```
 * source:        -a-b-c-|
 * sendTo(push):  -a-b-c-|     (each emitted once libzmq queued it)
 *
 * send takes 4 frames, queue { limit: 1, overflow: 'drop-oldest' }
 * source:        -abc------|
 * sendTo(push):  -----a---c|  (b dropped when c came: queue:full, queue:drop of b)
 * ```
 *
 * ## Example
 * ```ts
 * tasks$.pipe(sendTo(push)).subscribe({ error: (err) => console.error(err.message) })
 *
 * // a feed where only the latest matters: at most 100 wait, the oldest give way
 * const events = new Subject<QueueEvent<string>>()
 * events.subscribe((e) => e.type === 'queue:drop' && console.warn(`${e.dropped} dropped`))
 * prices$.pipe(sendTo(pub, { queue: { limit: 100, overflow: 'drop-oldest' }, events })).subscribe()
 * ```
 */
export function sendTo<T>(
  socket: Sendable<T>,
  config: SendToConfig<T> = {},
): OperatorFunction<T, T> {
  const sendOf = requireFunction<Sendable<T>['send']>(
    readOptions(socket, 'sendTo', ['send'], 'socket').send,
    'sendTo',
    'socket.send',
  )
  // An rxzmq socket sends with callbacks: no promise and no reaction of sendTo's per value.
  let sendWith: SendsWith<T>[typeof SEND_WITH] | undefined
  try {
    const candidate = (socket as Partial<SendsWith<T>>)[SEND_WITH]
    if (typeof candidate === 'function') sendWith = candidate
  } catch {
    // not an rxzmq socket (a getter or a Proxy that throws): its send() is used
  }
  config = plainOptions(config, 'sendTo')
  const owner = { owner: 'sendTo', defaults: { limit: Infinity } }
  const queueConfig = BoundedQueue.resolve(config.queue, owner)
  const { events } = config
  const report = events === undefined ? undefined : (event: QueueEvent<T>) => events.next(event)
  return (source) =>
    new Observable<T>((subscriber) => {
      const waiting = new BoundedQueue<T>(queueConfig, owner, report)
      let withCallbacks = sendWith
      let sending = false
      let sourceDone = false
      /** The value being sent (one at a time): the handlers below are made once, not per value. */
      let current: T

      const sent = (): void => {
        if (subscriber.closed) return
        subscriber.next(current)
        sendNext()
      }
      const failed = (error: unknown): void => subscriber.error(error)
      const send = (value: T): void => {
        sending = true
        current = value
        if (withCallbacks !== undefined) {
          if (withCallbacks.call(socket, value, sent, failed)) return
          withCallbacks = undefined // this socket cannot: its send() from now on
        }
        let promise: Promise<void>
        try {
          promise = sendOf.call(socket, value)
          if (typeof (promise as Partial<Promise<void>> | null)?.then !== 'function') {
            throw badArgument('sendTo', 'socket.send', 'a function returning a Promise', promise)
          }
        } catch (error) {
          subscriber.error(error)
          return
        }
        promise.then(sent, failed)
      }
      const sendNext = (): void => {
        if (waiting.length > 0) {
          send(waiting.shift() as T)
          return
        }
        sending = false
        if (sourceDone) subscriber.complete()
      }

      subscriber.add(() => waiting.clear())
      source.subscribe(
        operate<T>(subscriber, {
          next: (value) => {
            if (sending)
              waiting.push(value) // at the limit: drops (to events), or throws
            else send(value)
          },
          complete: () => {
            sourceDone = true
            if (!sending) subscriber.complete()
          },
        }),
      )
    })
}
