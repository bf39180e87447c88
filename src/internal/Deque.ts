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
  private items: (T | undefined)[]
  private head = 0
  private size = 0

  constructor(initialCapacity = 16) {
    this.items = new Array<T | undefined>(Math.max(2, initialCapacity))
  }

  get length(): number {
    return this.size
  }

  push(item: T): void {
    if (this.size === this.items.length) this.grow()
    this.items[(this.head + this.size) % this.items.length] = item
    this.size++
  }

  /** Puts an item back at the front: it is the next `shift()`. */
  unshift(item: T): void {
    if (this.size === this.items.length) this.grow()
    this.head = (this.head - 1 + this.items.length) % this.items.length
    this.items[this.head] = item
    this.size++
  }

  shift(): T | undefined {
    if (this.size === 0) return undefined
    const item = this.items[this.head]
    this.items[this.head] = undefined
    this.head = (this.head + 1) % this.items.length
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
    for (let i = 0; i < this.size; i++) next[i] = this.items[(this.head + i) % this.items.length]
    this.items = next
    this.head = 0
  }
}
