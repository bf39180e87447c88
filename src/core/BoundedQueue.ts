import { InvalidOptionError } from '../errors/InvalidOptionError'
import { QueueFullError } from '../errors/QueueFullError'
import type { OverflowPolicy, QueueEvent } from '../events'
import { Deque } from '../internal/Deque'
import { describeValue } from './describeValue'

/**
 * The one option shape of every bounded queue: a socket's `sendQueue`, and the `queue` option
 * of `sendTo`, `consume`, `roundRobinTo`, `loadBalance` and `reliableDispatch`.
 *
 * - `limit`: how many items may wait; a non-negative integer, or `Infinity`. Default 1000,
 *   except where the owner's role says otherwise (its option says so).
 * - `overflow`: what happens to an item that finds the queue at its limit: `'error'` (default,
 *   except where the role says otherwise) refuses it with a {@link QueueFullError};
 *   `'drop-newest'` drops it; `'drop-oldest'` drops the item waiting longest and takes it.
 *   Every drop is reported as a `queue:drop` event.
 *
 * ## Example
 * ```ts
 * const queue: QueueConfig = { limit: 100, overflow: 'drop-oldest' }
 * tasks.pipe(roundRobinTo(peers, { queue })).subscribe()
 * const push = new PushSocket({ connect: 'tcp://localhost:5557', sendQueue: queue })
 * ```
 */
export interface QueueConfig {
  /** How many items may wait: a non-negative integer, or `Infinity`. */
  limit?: number
  /** What happens to an item that finds the queue at its limit. */
  overflow?: OverflowPolicy
}

/** The default limit of a bounded queue whose owner's role does not say otherwise. */
export const DEFAULT_QUEUE_LIMIT = 1000

/**
 * Who owns a {@link BoundedQueue}, and what its role makes the defaults.
 *
 * ## Example
 * ```ts
 * const owner: QueueOwner = { owner: 'sendTo', defaults: { limit: Infinity } }
 * BoundedQueue.resolve(undefined, owner) // { limit: Infinity, overflow: 'error' }
 * ```
 */
export interface QueueOwner {
  /** The owner's name, for errors: `'roundRobinTo'`, `'PushSocket'`. */
  readonly owner: string
  /**
   * The name of the queue's config in the owner's options, for errors: `'queue'` (default;
   * errors then name `queue.limit` and `queue.overflow`) or e.g. `'sendQueue'`.
   */
  readonly option?: string
  /** The defaults of the owner's role. Default limit 1000 and overflow `'error'`. */
  readonly defaults?: QueueConfig
}

/** What {@link BoundedQueue.push} dropped under a drop policy (boxed: an item may be `undefined`). */
export interface Dropped<T> {
  readonly item: T
}

const POLICIES: readonly OverflowPolicy[] = ['error', 'drop-newest', 'drop-oldest']
const KEYS = ['limit', 'overflow']

/**
 * A FIFO queue with a limit and an overflow policy, on a {@link Deque} (O(1) push and shift).
 * The one bounded-queue implementation: the queues of the operators (and of sockets) are this.
 *
 * - `push(item)` queues an item. At the limit, the queue reports `queue:full` (once, until it
 *   drains), then under `'error'` throws a {@link QueueFullError} (the item is not taken);
 *   under `'drop-newest'` drops the item; under `'drop-oldest'` drops the oldest item (the new
 *   one itself when nothing waits, at limit 0) and queues the new one. A drop is counted in
 *   `dropped`, reported as `queue:drop`, and returned boxed (`{ item }`).
 * - `shift()` takes the oldest item; the shift that empties a queue that was full reports
 *   `queue:drain`.
 * - `unshift(item)` gives an item back at the front. It is not bounded: the limit bounds what
 *   comes in, not what was taken out and comes back (a task whose worker was lost).
 *
 * Events go to the `report` callback given to the constructor, synchronously, after the
 * queue's state has changed.
 *
 * ## Example
 * ```ts
 * const queue = new BoundedQueue<string>(
 *   { limit: 2, overflow: 'drop-oldest' },
 *   { owner: 'example' },
 *   (event) => console.log(event.type),
 * )
 * queue.push('a')
 * queue.push('b')
 * queue.push('c') // queue:full, queue:drop; returns { item: 'a' }
 * queue.shift() // 'b'
 * queue.shift() // 'c', queue:drain
 * ```
 */
export class BoundedQueue<T> {
  /**
   * Checks a queue config and fills in the owner's defaults; throws an
   * {@link InvalidOptionError} naming the option at fault (`queue.limit`, `sendQueue.overflow`).
   * Operators call it when they are made, so that a bad config throws there and not at
   * subscription.
   */
  static resolve(config: QueueConfig | undefined, owner: QueueOwner): Required<QueueConfig> {
    const option = owner.option ?? 'queue'
    const refuse = (name: string, must: string, value: unknown): never => {
      throw new InvalidOptionError(
        `${owner.owner}: option '${name}' ${must}, got ${typeof value === 'number' ? String(value) : describeValue(value)}`,
        { option: name },
      )
    }
    if (config === undefined) config = {}
    else if (config === null || typeof config !== 'object' || Array.isArray(config)) {
      refuse(option, 'must be an object { limit?, overflow? }', config)
    }
    for (const key of Object.keys(config)) {
      if (!KEYS.includes(key)) {
        const value = (config as Record<string, unknown>)[key]
        refuse(`${option}.${key}`, 'is not a queue option (limit, overflow)', value)
      }
    }
    const limit = config.limit ?? owner.defaults?.limit ?? DEFAULT_QUEUE_LIMIT
    if (!(limit === Infinity || (Number.isInteger(limit) && limit >= 0))) {
      refuse(`${option}.limit`, 'must be a non-negative integer or Infinity', limit)
    }
    const overflow = config.overflow ?? owner.defaults?.overflow ?? 'error'
    if (!POLICIES.includes(overflow)) {
      refuse(`${option}.overflow`, `must be 'error', 'drop-newest' or 'drop-oldest'`, overflow)
    }
    return { limit, overflow }
  }

  /** How many items may wait. */
  readonly limit: number
  /** What happens to an item that finds the queue at its limit. */
  readonly overflow: OverflowPolicy
  private readonly items = new Deque<T>()
  private readonly owner: string
  private readonly option: string
  private droppedCount = 0
  private full = false

  /**
   * @param config The limit and overflow policy; checked as {@link BoundedQueue.resolve} does.
   * @param owner Who owns the queue (for errors) and the defaults of its role.
   * @param report Where the queue's events go. Default: nowhere.
   */
  constructor(
    config: QueueConfig | undefined,
    owner: QueueOwner,
    private readonly report: (event: QueueEvent<T>) => void = () => {},
  ) {
    const { limit, overflow } = BoundedQueue.resolve(config, owner)
    this.limit = limit
    this.overflow = overflow
    this.owner = owner.owner
    this.option = owner.option ?? 'queue'
  }

  /** Items waiting now. */
  get length(): number {
    return this.items.length
  }

  /** Items dropped so far under a drop policy. */
  get dropped(): number {
    return this.droppedCount
  }

  /**
   * Queues an item. Returns `undefined` when it was queued, `{ item }` when an item was
   * dropped under a drop policy (the new one, or the oldest); throws a {@link QueueFullError}
   * under `'error'` at the limit (the item is not taken).
   */
  push(item: T): Dropped<T> | undefined {
    if (this.items.length < this.limit) {
      this.items.push(item)
      return undefined
    }
    if (!this.full) {
      this.full = true
      this.report({ type: 'queue:full', depth: this.items.length })
    }
    const policy = this.overflow
    if (policy === 'error') throw new QueueFullError(this.owner, this.limit, this.option)
    let victim = item
    if (policy === 'drop-oldest' && this.items.length > 0) {
      victim = this.items.shift() as T
      this.items.push(item)
    }
    this.droppedCount++
    this.report({ type: 'queue:drop', item: victim, dropped: this.droppedCount, policy })
    return { item: victim }
  }

  /** Takes the oldest item, or `undefined` when none waits (check `length` if items may be). */
  shift(): T | undefined {
    if (this.items.length === 0) return undefined
    const item = this.items.shift() as T
    if (this.full && this.items.length === 0) {
      this.full = false
      this.report({ type: 'queue:drain' })
    }
    return item
  }

  /** Gives an item back at the front, whatever the limit: it is the next `shift()`. */
  unshift(item: T): void {
    this.items.unshift(item)
  }

  /** The oldest item, left in the queue. */
  peek(): T | undefined {
    return this.items.peek()
  }

  /** Removes and returns every item, oldest first, without events (the owner is done). */
  clear(): T[] {
    this.full = false
    return this.items.drain()
  }
}
