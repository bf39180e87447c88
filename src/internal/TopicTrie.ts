/** One distinct subscribed topic and how many subscriptions it has. */
interface Entry {
  readonly topic: Uint8Array
  count: number
}

const FNV_OFFSET = 0x811c9dc5 | 0
const FNV_PRIME = 0x01000193

/** FNV-1a over the bytes, as a signed 32-bit integer (the same steps as `matches()`). */
function hashOf(bytes: Uint8Array): number {
  let hash = FNV_OFFSET
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], FNV_PRIME)
  return hash
}

/** True when `prefix` is a prefix of `bytes`. */
function isPrefix(prefix: Uint8Array, bytes: Uint8Array): boolean {
  if (prefix.length > bytes.length) return false
  for (let i = 0; i < prefix.length; i++) if (prefix[i] !== bytes[i]) return false
  return true
}

/** Byte order, a prefix before what continues it (the order of a walk of a trie). */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return a[i] - b[i]
  return a.length - b.length
}

/**
 * The subscriptions of a SUB, XSUB, PUB or XPUB (libzmq keeps them in a trie, hence the name),
 * with ZeroMQ's semantics: a frame matches when some subscribed topic is a byte prefix of it;
 * the empty topic matches everything; the same topic subscribed twice needs two
 * unsubscriptions.
 *
 * Topics are kept by a 32-bit hash of their bytes (FNV-1a), with their distinct lengths in
 * order: `matches()` hashes the frame's first bytes in one pass, up to the longest topic, and
 * looks the hash up at each topic length on the way. The cost does not depend on how many
 * topics there are, and touches memory in few places however large the set.
 */
export class TopicTrie {
  /** Distinct topics by hash: the entry itself, or a list of them when hashes collide. */
  private readonly byHash = new Map<number, Entry | Entry[]>()
  /** Distinct topic lengths, ascending, and how many distinct topics have each. */
  private lengths: number[] = []
  private readonly lengthRefs = new Map<number, number>()
  private distinct = 0

  /** Distinct topics subscribed now. */
  get size(): number {
    return this.distinct
  }

  /** Adds one subscription; returns true when the topic was not subscribed before. */
  add(topic: Uint8Array): boolean {
    const hash = hashOf(topic)
    const entry = this.find(topic, hash)
    if (entry !== undefined) {
      entry.count++
      return false
    }
    const added: Entry = { topic: Uint8Array.from(topic), count: 1 }
    const found = this.byHash.get(hash)
    this.byHash.set(hash, found === undefined ? added : [...listOf(found), added])
    this.distinct++
    const refs = this.lengthRefs.get(topic.length) ?? 0
    this.lengthRefs.set(topic.length, refs + 1)
    if (refs === 0) this.lengths = [...this.lengths, topic.length].sort((a, b) => a - b)
    return true
  }

  /**
   * Removes one subscription; returns true when that was the topic's last one. Removing a topic
   * that is not subscribed does nothing and returns false (as libzmq ignores it).
   */
  remove(topic: Uint8Array): boolean {
    const hash = hashOf(topic)
    const entry = this.find(topic, hash)
    if (entry === undefined || --entry.count > 0) return false
    const rest = listOf(this.byHash.get(hash)!).filter((e) => e !== entry)
    if (rest.length === 0) this.byHash.delete(hash)
    else this.byHash.set(hash, rest.length === 1 ? rest[0] : rest)
    this.distinct--
    const refs = this.lengthRefs.get(topic.length)! - 1
    if (refs > 0) this.lengthRefs.set(topic.length, refs)
    else {
      this.lengthRefs.delete(topic.length)
      this.lengths = this.lengths.filter((l) => l !== topic.length)
    }
    return true
  }

  /** How many subscriptions the exact topic has now. */
  count(topic: Uint8Array): number {
    return this.find(topic, hashOf(topic))?.count ?? 0
  }

  /** True when some subscribed topic is a prefix of `frame` (byte-wise). */
  matches(frame: Uint8Array): boolean {
    const lengths = this.lengths
    if (lengths.length === 0) return false
    if (lengths[0] === 0) return true
    let hash = FNV_OFFSET
    let next = 0
    const last = Math.min(frame.length, lengths[lengths.length - 1])
    for (let i = 0; i < last; i++) {
      hash = Math.imul(hash ^ frame[i], FNV_PRIME)
      if (i + 1 === lengths[next]) {
        const found = this.byHash.get(hash)
        if (found !== undefined) {
          if (!Array.isArray(found)) {
            if (isPrefix(found.topic, frame)) return true
          } else if (found.some((entry) => isPrefix(entry.topic, frame))) return true
        }
        next++
      }
    }
    return false
  }

  /** Every subscribed topic (a copy) with its count, in byte order. */
  *entries(): Generator<[Uint8Array, number]> {
    const all = [...this.byHash.values()].flat().sort((a, b) => compareBytes(a.topic, b.topic))
    for (const { topic, count } of all) yield [Uint8Array.from(topic), count]
  }

  /** Removes every subscription. */
  clear(): void {
    this.byHash.clear()
    this.lengthRefs.clear()
    this.lengths = []
    this.distinct = 0
  }

  private find(topic: Uint8Array, hash: number): Entry | undefined {
    const found = this.byHash.get(hash)
    if (found === undefined) return undefined
    const same = (entry: Entry): boolean =>
      entry.topic.length === topic.length && isPrefix(entry.topic, topic)
    return Array.isArray(found) ? found.find(same) : same(found) ? found : undefined
  }
}

function listOf(found: Entry | Entry[]): Entry[] {
  return Array.isArray(found) ? found : [found]
}
