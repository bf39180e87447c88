import { describeValue } from '../core/describeValue'
import {
  badArgument,
  readIterable,
  readOptions,
  requireFunction,
  requireMessage,
} from '../internal/args'
import {
  asyncScheduler,
  Observable,
  type OperatorFunction,
  type SchedulerAction,
  type SchedulerLike,
} from 'rxjs'
import { InvalidOptionError } from '../errors/InvalidOptionError'
import { operate } from '../internal/operate'
import type { Message } from '../message'

/** A peer as {@link heartbeat} names it: a ROUTER routing id, or any name. */
export type PeerId = Uint8Array | string

/** Options of {@link heartbeat}. */
export interface HeartbeatConfig {
  /** Ms between heartbeat ticks (the zguide's HEARTBEAT_INTERVAL). Default 1000. */
  interval?: number
  /**
   * Ticks in a row with nothing from a peer before it is declared dead (HEARTBEAT_LIVENESS).
   * Default 3.
   */
  liveness?: number
  /** Where the ticks are scheduled (a `TestScheduler` in tests). Default `asyncScheduler`. */
  scheduler?: SchedulerLike
  /**
   * Which peer a received message comes from. Default: its first frame, the routing id a
   * ROUTER socket puts in front. On the DEALER side, name the one peer: `() => 'queue'`.
   */
  peerOf?: (message: Message) => PeerId
  /**
   * Whether a received message is only a heartbeat (it proves the peer alive and is not passed
   * on). Default: its last frame is the one byte 0x02, the Paranoid Pirate Protocol's HEARTBEAT.
   */
  isHeartbeat?: (message: Message) => boolean
  /** Peers known from the start (a DEALER's server), beaten and watched before they speak. */
  peers?: readonly PeerId[]
}

/**
 * What {@link heartbeat} tells, as one discriminated union:
 * - `alive`: a peer was heard from for the first time (or again after it was declared dead);
 * - `message`: a message from a peer that is not a heartbeat;
 * - `beat`: time to send this live peer a heartbeat (once per peer per tick);
 * - `dead`: the peer was silent for `liveness` ticks: forget it, give its work to others.
 */
export type HeartbeatEvent =
  | { readonly type: 'alive'; readonly peer: PeerId }
  | { readonly type: 'message'; readonly peer: PeerId; readonly message: Message }
  | { readonly type: 'beat'; readonly peer: PeerId }
  | { readonly type: 'dead'; readonly peer: PeerId }

/**
 * The Paranoid Pirate Protocol's HEARTBEAT command (one frame, 0x02).
 *
 * ## Example
 * ```ts
 * const worker = new DealerSocket({ connect: 'tcp://127.0.0.1:5556' })
 * interval(1000)
 *   .pipe(map(() => PPP_HEARTBEAT))
 *   .subscribe(worker) // "alive" to the queue's heartbeat()
 * ```
 */
export const PPP_HEARTBEAT: Buffer = Buffer.from([2])

/**
 * Heartbeating between a DEALER and a ROUTER, the zguide's Paranoid Pirate, as an operator
 * over the received messages: every message proves its peer alive; every `interval` ms each
 * live peer is due a heartbeat (`beat`, which you send), and a peer that sent nothing for
 * `liveness` ticks in a row is declared `dead`. Heartbeats are swallowed; other messages come
 * out as `message` events. Completes and errors with the source.
 *
 * ```
 * interval 3, liveness 2
 * source:     -a--h-------------b--      (a, b from peer A; h a heartbeat from A)
 * heartbeat(): -(Aa)-B--B--B--D----(Ab)   (A: alive, a: message, B: beat, D: dead)
 * ```
 *
 * The ROUTER side sends each `beat` as `[peer, 0x02]` and re-queues the work of a `dead`
 * worker; the DEALER side (`peerOf: () => 'queue', peers: ['queue']`) sends `[0x02]` on each
 * `beat` and, on `dead`, closes its socket and connects a fresh one. For dead-peer detection
 * inside libzmq instead (the connection is dropped, `events$` says `disconnect`), set the
 * socket options `heartbeatInterval`, `heartbeatTimeout` and `heartbeatTimeToLive` (ZMTP 3.1
 * PING/PONG); those need no application messages but tell the application nothing of work
 * lost.
 *
 * ## Example
 * ```ts
 * const backend = new RouterSocket({ bind: 'tcp://*:5556' })
 * backend.pipe(heartbeat({ interval: 1000, liveness: 3 })).subscribe((event) => {
 *   if (event.type === 'beat') backend.next([event.peer, PPP_HEARTBEAT])
 *   if (event.type === 'dead') requeueWorkOf(event.peer)
 *   if (event.type === 'message') handle(event.peer, event.message)
 * })
 * ```
 * @see The example dist/examples/heartbeat/queue.js in the package (`npx rxzmq example heartbeat/queue`)
 */
export function heartbeat(config: HeartbeatConfig = {}): OperatorFunction<Message, HeartbeatEvent> {
  const options = readOptions(config, 'heartbeat', [
    'interval',
    'liveness',
    'scheduler',
    'peerOf',
    'isHeartbeat',
    'peers',
  ])
  const interval = (options.interval ?? 1000) as number
  const liveness = (options.liveness ?? 3) as number
  const scheduler = (options.scheduler ?? asyncScheduler) as SchedulerLike
  const peerOf = requireFunction<(message: Message) => PeerId>(
    options.peerOf ?? ((message: Message): PeerId => message[0] ?? ''),
    'heartbeat',
    'config.peerOf',
  )
  const isHeartbeat = requireFunction<(message: Message) => boolean>(
    options.isHeartbeat ??
      ((message: Message): boolean => {
        const last = message[message.length - 1]
        return last !== undefined && last.length === 1 && last[0] === 2
      }),
    'heartbeat',
    'config.isHeartbeat',
  )
  const initial = readIterable(options.peers ?? [], 'heartbeat', 'config.peers') as PeerId[]
  for (const peer of initial) checkPeer(peer)
  if (!(typeof interval === 'number' && interval > 0 && Number.isFinite(interval))) {
    throw new InvalidOptionError(
      `heartbeat: option 'interval' must be a positive number of ms, got ${describeValue(interval)}`,
      { option: 'interval' },
    )
  }
  if (!(Number.isInteger(liveness) && liveness >= 1)) {
    throw new InvalidOptionError(
      `heartbeat: option 'liveness' must be an integer >= 1, got ${describeValue(liveness)}`,
      { option: 'liveness' },
    )
  }
  return (source) =>
    new Observable<HeartbeatEvent>((subscriber) => {
      const peers = new Map<string, { peer: PeerId; left: number }>()
      for (const peer of initial) peers.set(keyOf(peer), { peer, left: liveness })
      subscriber.add(
        scheduler.schedule(function (this: SchedulerAction<unknown>) {
          const due: HeartbeatEvent[] = []
          for (const [key, state] of [...peers]) {
            state.left--
            if (state.left <= 0) {
              peers.delete(key)
              due.push({ type: 'dead', peer: state.peer })
            }
          }
          for (const { peer } of peers.values()) due.push({ type: 'beat', peer })
          for (const event of due) {
            if (subscriber.closed) return
            subscriber.next(event)
          }
          this.schedule(undefined, interval)
        }, interval),
      )
      source.subscribe(
        operate<Message>(subscriber, {
          next: (message) => {
            const peer = checkPeer(peerOf(requireMessage(message, 'heartbeat')))
            const key = keyOf(peer)
            const state = peers.get(key)
            if (state === undefined) {
              peers.set(key, { peer, left: liveness })
              subscriber.next({ type: 'alive', peer })
            } else {
              state.left = liveness
            }
            if (!isHeartbeat(message)) subscriber.next({ type: 'message', peer, message })
          },
        }),
      )
    })
}

/** A peer id: a string or bytes, else an InvalidArgumentError. */
function checkPeer(peer: unknown): PeerId {
  if (typeof peer === 'string' || peer instanceof Uint8Array) return peer
  throw badArgument('heartbeat', 'peer', 'a string or a Uint8Array', peer)
}

function keyOf(peer: PeerId): string {
  return typeof peer === 'string' ? `s${peer}` : `b${Buffer.from(peer).toString('hex')}`
}
