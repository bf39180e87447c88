/**
 * A FIFO queue on a growable ring buffer: O(1) push, shift, unshift and drop-oldest, no
 * per-item allocation beyond the item itself. The storage of {@link BoundedQueue}.
 *
 * ## Example
 * ```ts
 * const deque = new Deque<string>()
 * deque.push('b')
 * deque.unshift('a')
 * deque.drain() // ['a', 'b']
 * ```
 */
export class Deque<T> {
  /** The ring; its length is a power of two, so that an index wraps with a mask. */
  private items: (T | undefined)[]
  private mask: number
  private head = 0
  private size = 0

  constructor(initialCapacity = 16) {
    let capacity = 2
    while (capacity < initialCapacity) capacity *= 2
    this.items = new Array<T | undefined>(capacity)
    this.mask = capacity - 1
  }

  get length(): number {
    return this.size
  }

  push(item: T): void {
    if (this.size === this.items.length) this.grow()
    this.items[(this.head + this.size) & this.mask] = item
    this.size++
  }

  /** Puts an item back at the front: it is the next `shift()`. */
  unshift(item: T): void {
    if (this.size === this.items.length) this.grow()
    this.head = (this.head - 1) & this.mask
    this.items[this.head] = item
    this.size++
  }

  shift(): T | undefined {
    if (this.size === 0) return undefined
    const item = this.items[this.head]
    this.items[this.head] = undefined
    this.head = (this.head + 1) & this.mask
    this.size--
    return item
  }

  /** The same as `shift()`: a Deque is a source a {@link FairQueue} reads. */
  read(): T | undefined {
    return this.shift()
  }

  peek(): T | undefined {
    return this.size === 0 ? undefined : this.items[this.head]
  }

  /** Removes and returns every item, oldest first. */
  drain(): T[] {
    const out: T[] = []
    while (this.size > 0) out.push(this.shift() as T) // by size: an item may be undefined
    return out
  }

  private grow(): void {
    const next = new Array<T | undefined>(this.items.length * 2)
    for (let i = 0; i < this.size; i++) next[i] = this.items[(this.head + i) & this.mask]
    this.items = next
    this.mask = next.length - 1
    this.head = 0
  }
}
