import { badArgument } from '../internal/args'
import { Observable } from 'rxjs'
import type { Subscriber as NativeSubscriber } from 'zeromq'
import type { TransportSocket } from '../transport/Transport'
import { asFrame, toBytes } from '../internal/bytes'
import { SubBehaviour } from '../transport/pipes/behaviours/sub'
import { receiveOnly, type NativeConfig } from '../core/behaviours'
import { readConfig } from '../core/readConfig'
import { SocketCore, type BaseSocketConfig } from '../core/SocketCore'
import { CORE } from '../core/members'
import { InvalidOptionError } from '../errors/InvalidOptionError'
import type { Message } from '../message'
import { ReceiverSocket } from './ReceiverSocket'

/** Options of a {@link SubscriberSocket} socket. */
export interface SubscriberConfig extends BaseSocketConfig, NativeConfig<NativeSubscriber> {
  /**
   * Topics subscribed for the socket's whole life (ZMQ_SUBSCRIBE), matched as byte prefixes of
   * the first frame; `''` matches everything. Without topics and without {@link SubscriberSocket.topic}
   * a subscriber receives nothing.
   */
  topics?: readonly (string | Uint8Array)[]
}

/**
 * A SUB socket: an Observable of the published messages that match its topics. Topics follow
 * Rx subscriptions through {@link SubscriberSocket.topic}: the first subscriber to a topic sends one
 * ZeroMQ SUBSCRIBE, the last one to leave sends the UNSUBSCRIBE. It has no `next`.
 *
 * ## Example
 * ```ts
 * const sub = new SubscriberSocket({ connect: 'tcp://localhost:5556' })
 * sub.topic('10001 ').pipe(text(), take(5)).subscribe(console.log)
 * ```
 * @see The example dist/examples/weather/client.js in the package (`npx rxzmq example weather/client`)
 */
export class SubscriberSocket extends ReceiverSocket<Message> {
  private readonly refs: TopicRefs

  constructor(config: SubscriberConfig = {}) {
    const { topics = [], ...rest } = readConfig(config, 'SubscriberSocket')
    const refs = new TopicRefs()
    super(
      new SocketCore(
        receiveOnly('SUB', 'SubscriberSocket', {
          pipe: SubBehaviour,
          options: ['topics'],
          setup: (socket) => {
            for (const key of topicKeys(topics)) refs.acquire(key, socket)
          },
        }),
        rest,
      ),
    )
    this.refs = refs
  }

  /**
   * The messages whose first frame starts with `prefix`, as a cold Observable: subscribing adds
   * the ZeroMQ subscription (once, however many Rx subscribers share it), unsubscribing the
   * last one removes it.
   *
   * ```
   * socket receives:  --[10001 a]--[20002 b]--[10001 c]--
   * topic('10001 '):  --[10001 a]--------------[10001 c]--
   * ```
   */
  topic(prefix: string | Uint8Array): Observable<Message> {
    if (typeof prefix !== 'string' && !(prefix instanceof Uint8Array)) {
      throw badArgument('SubscriberSocket.topic', 'prefix', 'a string or a Uint8Array', prefix)
    }
    const key = toKey(prefix)
    const bytes = fromLatin1(key)
    return new Observable<Message>((subscriber) => {
      let socket: TransportSocket
      try {
        socket = this[CORE].requireSocket('subscribe to a topic')
        this.refs.acquire(key, socket)
      } catch (error) {
        subscriber.error(error)
        return
      }
      const subscription = this.subscribe({
        next: (message) => {
          const first = message[0]
          if (first !== undefined && startsWith(first, bytes)) subscriber.next(message)
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      })
      return () => {
        subscription.unsubscribe()
        this.refs.release(key, socket)
      }
    })
  }

  /** How many Rx subscriptions hold each topic now (topics given at creation count once). */
  get topics(): ReadonlyMap<string, number> {
    return this.refs.counts
  }
}

/** Reference counts of topics: one ZeroMQ SUBSCRIBE per topic however many hold it. */
class TopicRefs {
  readonly counts = new Map<string, number>()

  acquire(key: string, socket: TransportSocket): void {
    const count = this.counts.get(key) ?? 0
    if (count === 0) socket.subscribe(fromLatin1(key))
    this.counts.set(key, count + 1)
  }

  release(key: string, socket: TransportSocket): void {
    const count = this.counts.get(key) ?? 0
    if (count <= 1) {
      this.counts.delete(key)
      socket.unsubscribe(fromLatin1(key))
    } else {
      this.counts.set(key, count - 1)
    }
  }
}

/** Topics are keyed by their bytes (as latin1), so binary and text topics compare exactly. */
function toKey(topic: string | Uint8Array): string {
  const bytes = typeof topic === 'string' ? toBytes(topic) : topic
  let key = ''
  for (let i = 0; i < bytes.length; i++) key += String.fromCharCode(bytes[i])
  return key
}

/** The bytes a topic key stands for. */
function fromLatin1(key: string): Uint8Array {
  const bytes = new Uint8Array(key.length)
  for (let i = 0; i < key.length; i++) bytes[i] = key.charCodeAt(i)
  return asFrame(bytes)
}

function startsWith(frame: Uint8Array, prefix: Uint8Array): boolean {
  if (frame.length < prefix.length) return false
  for (let i = 0; i < prefix.length; i++) if (frame[i] !== prefix[i]) return false
  return true
}

function topicKeys(topics: unknown): string[] {
  if (
    !Array.isArray(topics) ||
    !topics.every((t) => typeof t === 'string' || t instanceof Uint8Array)
  ) {
    throw new InvalidOptionError(
      `SubscriberSocket: option 'topics' must be an array of strings or byte arrays`,
      {
        option: 'topics',
        socketType: 'SubscriberSocket',
      },
    )
  }
  return topics.map((t: string | Uint8Array) => toKey(t))
}
