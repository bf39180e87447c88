import { BoundedQueue } from '../core/BoundedQueue'
import type { OverflowPolicy, QueueEvent } from '../events'
import type { Peer } from '../operators/Peer'

/** What happened to a message offered to a {@link Distributor}. */
export type Offered<T> =
  | { readonly type: 'sent'; readonly peer: Peer<T> }
  | { readonly type: 'queued' }
  | { readonly type: 'dropped'; readonly value: T }

/**
 * libzmq's load balancer (lb_t) over peers in join order: each message goes to the next peer in
 * turn that is ready, skipping peers at their high-water mark. (One difference: a peer that
 * joins right after the last peer was used is next in turn; libzmq wraps to the first peer.)
 * With no ready peer, messages wait in a {@link BoundedQueue}, and nothing overtakes them: a new
 * message queues behind them. The queue's overflow follows an {@link OverflowPolicy}: `'error'`
 * throws a {@link QueueFullError}, the drop policies return the dropped message; either way the
 * queue's events (`queue:full`, `queue:drop`, `queue:drain`) go to `report`.
 *
 * ## Example
 * ```ts
 * const distributor = new Distributor<string>(100, 'drop-oldest', 'roundRobinTo', console.log)
 * distributor.join({ next: (m) => a.push(m) })
 * distributor.offer('x') // { type: 'sent', peer }
 * ```
 */
export class Distributor<T> {
  private readonly peers: Peer<T>[] = []
  private readonly queue: BoundedQueue<T>
  private cursor = 0

  /**
   * @param limit How many messages may wait for a ready peer (an integer >= 0, or Infinity).
   * @param overflow What happens to a message that finds the queue at its limit.
   * @param name The owner, for errors: `'roundRobinTo'`, `'PushSocket'`.
   * @param report Where the queue's events go. Default: nowhere.
   */
  constructor(
    limit: number,
    overflow: OverflowPolicy,
    name: string,
    report?: (event: QueueEvent<T>) => void,
  ) {
    this.queue = new BoundedQueue<T>({ limit, overflow }, { owner: name }, report)
  }

  /** Messages waiting for a ready peer. */
  get waiting(): number {
    return this.queue.length
  }

  /** Peers now, in join order. */
  get size(): number {
    return this.peers.length
  }

  /** Adds a peer at the end of the rotation; a peer already there is not added twice. */
  join(peer: Peer<T>): void {
    if (!this.peers.includes(peer)) this.peers.push(peer)
  }

  /** Removes a peer; the rotation goes on with the peer that followed it. */
  leave(peer: Peer<T>): void {
    const index = this.peers.indexOf(peer)
    if (index < 0) return
    this.peers.splice(index, 1)
    if (index < this.cursor) this.cursor--
  }

  /**
   * Sends a message to the next ready peer, or queues it. Returns what happened; under
   * `'error'` a full queue throws a QueueFullError and the message is not taken.
   */
  offer(value: T): Offered<T> {
    if (this.queue.length === 0) {
      const peer = this.nextReady()
      if (peer !== undefined) {
        peer.next(value)
        return { type: 'sent', peer }
      }
    }
    const dropped = this.queue.push(value)
    return dropped === undefined ? { type: 'queued' } : { type: 'dropped', value: dropped.item }
  }

  /**
   * Sends a message to the next ready peer when nothing waits, without allocating: true when
   * it went, false (nothing taken, nothing queued) when it must be offered instead.
   */
  trySend(value: T): boolean {
    if (this.queue.length !== 0) return false
    const peer = this.nextReady()
    if (peer === undefined) return false
    peer.next(value)
    return true
  }

  /** Sends waiting messages while some peer is ready; returns how many went. */
  flush(): number {
    let sent = 0
    while (this.queue.length > 0) {
      const peer = this.nextReady()
      if (peer === undefined) break
      peer.next(this.queue.shift() as T)
      sent++
    }
    return sent
  }

  /** Drops every waiting message (without events: the owner is done). */
  clear(): void {
    this.queue.clear()
  }

  /** The next ready peer in turn (moving the cursor past it), or undefined. */
  private nextReady(): Peer<T> | undefined {
    const count = this.peers.length
    // The cursor may point just past the last peer: a peer that joins there is next in turn.
    const start = this.cursor >= count ? 0 : this.cursor
    for (let i = 0; i < count; i++) {
      const index = (start + i) % count
      const peer = this.peers[index]
      if (peer.isReady === undefined || peer.isReady()) {
        this.cursor = index + 1
        return peer
      }
    }
    return undefined
  }
}
