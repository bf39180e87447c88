/** One node of a {@link TopicTrie}: how many subscriptions end here, and the next bytes. */
interface TrieNode {
  /** Subscriptions whose topic is exactly the path to this node (duplicates count). */
  count: number
  /** Child nodes by their byte; absent while the node is a leaf. */
  children: Map<number, TrieNode> | undefined
}

/** Up to this many distinct topic lengths, `matches()` looks prefixes up by hash. */
const HASHED_LENGTHS = 16
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

/**
 * A byte-wise prefix trie of subscription topics, with ZeroMQ SUB semantics: a frame matches
 * when some subscribed topic is a prefix of it; the empty topic matches everything; the same
 * topic subscribed twice needs two unsubscriptions.
 *
 * `matches()` costs one pass over the frame's first bytes (up to the longest topic) plus one
 * hash lookup per distinct topic length, whatever the number of subscriptions; with more than
 * 16 distinct lengths it walks the trie instead, stopping at the first subscribed prefix or the
 * first byte no topic continues with.
 */
export class TopicTrie {
  private readonly root: TrieNode = { count: 0, children: undefined }
  private distinct = 0
  /**
   * Distinct topics by a 32-bit hash of their bytes: the topic itself, or a list of them when
   * hashes collide (one object less to reach in the usual case).
   */
  private readonly byHash = new Map<number, Uint8Array | Uint8Array[]>()
  /** Distinct topic lengths, ascending, and how many distinct topics have each. */
  private lengths: number[] = []
  private readonly lengthRefs = new Map<number, number>()

  /** Distinct topics subscribed now. */
  get size(): number {
    return this.distinct
  }

  /** Adds one subscription; returns true when the topic was not subscribed before. */
  add(topic: Uint8Array): boolean {
    let node = this.root
    for (let i = 0; i < topic.length; i++) {
      const byte = topic[i]
      let children = node.children
      if (children === undefined) node.children = children = new Map()
      let next = children.get(byte)
      if (next === undefined) {
        next = { count: 0, children: undefined }
        children.set(byte, next)
      }
      node = next
    }
    node.count++
    if (node.count === 1) {
      this.distinct++
      this.index(Uint8Array.from(topic))
    }
    return node.count === 1
  }

  /**
   * Removes one subscription; returns true when that was the topic's last one. Removing a topic
   * that is not subscribed does nothing and returns false (as libzmq ignores it).
   */
  remove(topic: Uint8Array): boolean {
    const path: TrieNode[] = [this.root]
    let node = this.root
    for (let i = 0; i < topic.length; i++) {
      const next = node.children?.get(topic[i])
      if (next === undefined) return false
      path.push(next)
      node = next
    }
    if (node.count === 0) return false
    node.count--
    if (node.count > 0) return false
    this.distinct--
    this.unindex(topic)
    // Prune the branch that no longer leads to a subscription.
    for (let i = topic.length; i > 0; i--) {
      const child = path[i]
      if (child.count > 0 || (child.children !== undefined && child.children.size > 0)) break
      const parent = path[i - 1]
      parent.children!.delete(topic[i - 1])
      if (parent.children!.size === 0) parent.children = undefined
    }
    return true
  }

  /** How many subscriptions the exact topic has now. */
  count(topic: Uint8Array): number {
    let node: TrieNode | undefined = this.root
    for (let i = 0; i < topic.length && node !== undefined; i++) node = node.children?.get(topic[i])
    return node?.count ?? 0
  }

  /** True when some subscribed topic is a prefix of `frame` (byte-wise). */
  matches(frame: Uint8Array): boolean {
    const lengths = this.lengths
    if (lengths.length === 0) return false
    if (lengths[0] === 0) return true
    // Few distinct topic lengths (the usual case): one pass over the frame's bytes computing
    // the hash of each prefix, one hash lookup per topic length. The cost does not depend on
    // how many topics there are, and touches memory in few places however large the set.
    if (lengths.length <= HASHED_LENGTHS) {
      let hash = FNV_OFFSET
      let next = 0
      const last = Math.min(frame.length, lengths[lengths.length - 1])
      for (let i = 0; i < last; i++) {
        hash = Math.imul(hash ^ frame[i], FNV_PRIME)
        if (i + 1 === lengths[next]) {
          const found = this.byHash.get(hash)
          if (found !== undefined) {
            if (found instanceof Uint8Array) {
              if (isPrefix(found, frame)) return true
            } else if (found.some((topic) => isPrefix(topic, frame))) return true
          }
          next++
        }
      }
      return false
    }
    // Many distinct lengths: walk the trie, which stops at the first byte no topic continues.
    let node = this.root
    for (let i = 0; i < frame.length; i++) {
      const child = node.children?.get(frame[i])
      if (child === undefined) return false
      if (child.count > 0) return true
      node = child
    }
    return false
  }

  private index(topic: Uint8Array): void {
    const hash = hashOf(topic)
    const found = this.byHash.get(hash)
    if (found === undefined) this.byHash.set(hash, topic)
    else if (found instanceof Uint8Array) this.byHash.set(hash, [found, topic])
    else found.push(topic)
    const refs = this.lengthRefs.get(topic.length) ?? 0
    this.lengthRefs.set(topic.length, refs + 1)
    if (refs === 0) this.lengths = [...this.lengths, topic.length].sort((a, b) => a - b)
  }

  private unindex(topic: Uint8Array): void {
    const hash = hashOf(topic)
    const found = this.byHash.get(hash)
    const same = (t: Uint8Array): boolean => t.length === topic.length && isPrefix(t, topic)
    if (found instanceof Uint8Array) {
      if (same(found)) this.byHash.delete(hash)
    } else if (found !== undefined) {
      const rest = found.filter((t) => !same(t))
      if (rest.length === 0) this.byHash.delete(hash)
      else this.byHash.set(hash, rest.length === 1 ? rest[0] : rest)
    }
    const refs = (this.lengthRefs.get(topic.length) ?? 1) - 1
    if (refs > 0) this.lengthRefs.set(topic.length, refs)
    else {
      this.lengthRefs.delete(topic.length)
      this.lengths = this.lengths.filter((l) => l !== topic.length)
    }
  }

  /** Every subscribed topic with its count, in byte order. */
  *entries(): Generator<[Uint8Array, number]> {
    const path: number[] = []
    function* walk(node: TrieNode): Generator<[Uint8Array, number]> {
      if (node.count > 0) yield [Uint8Array.from(path), node.count]
      if (node.children === undefined) return
      for (const byte of [...node.children.keys()].sort((a, b) => a - b)) {
        path.push(byte)
        yield* walk(node.children.get(byte)!)
        path.pop()
      }
    }
    yield* walk(this.root)
  }

  /** Removes every subscription. */
  clear(): void {
    this.root.count = 0
    this.root.children = undefined
    this.distinct = 0
    this.byHash.clear()
    this.lengthRefs.clear()
    this.lengths = []
  }
}
