/** Something a {@link FairQueue} reads: a queue with a non-blocking take. */
export interface Readable<T> {
  /** The next waiting item, or undefined when none waits. */
  read(): T | undefined
}

/**
 * libzmq's fair queuing (fq_t) as an engine: sources in join order, read one item from each
 * source that has one, in turn, so no source can starve the others however fast it fills. The
 * {@link fairQueue} operator and the pipe sockets' inbound side (PULL, DEALER, ROUTER, SUB, REP)
 * both read through it.
 */
export class FairQueue<T, S extends Readable<T> = Readable<T>> {
  private readonly sources: S[] = []
  private cursor = 0
  /** The source the last item read came from. */
  last: S | undefined

  /** Sources now, in join order. */
  get size(): number {
    return this.sources.length
  }

  /** Adds a source at the end of the rotation (once). */
  join(source: S): void {
    if (!this.sources.includes(source)) this.sources.push(source)
  }

  /** Removes a source; the rotation goes on with the one that followed it. */
  leave(source: S): void {
    const index = this.sources.indexOf(source)
    if (index < 0) return
    this.sources.splice(index, 1)
    if (index < this.cursor) this.cursor--
  }

  /**
   * The next item in turn: from the first source at or after the cursor that has one, and the
   * cursor moves past that source (and `last` names it). `undefined` when no source has
   * anything.
   */
  read(): T | undefined {
    const sources = this.sources
    const count = sources.length
    if (count === 0) return undefined
    let index = this.cursor >= count ? 0 : this.cursor
    for (let i = 0; i < count; i++) {
      const source = sources[index]
      const item = source.read()
      if (item !== undefined) {
        this.cursor = index + 1
        this.last = source
        return item
      }
      index = index + 1 === count ? 0 : index + 1
    }
    return undefined
  }
}
