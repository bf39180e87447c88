/** One node of a {@link TopicTrie}: how many subscriptions end here, and the next bytes. */
interface TrieNode {
  /** Subscriptions whose topic is exactly the path to this node (duplicates count). */
  count: number
  /** Child nodes by their byte; absent while the node is a leaf. */
  children: Map<number, TrieNode> | undefined
}

/**
 * A byte-wise prefix trie of subscription topics, with ZeroMQ SUB semantics: a frame matches
 * when some subscribed topic is a prefix of it; the empty topic matches everything; the same
 * topic subscribed twice needs two unsubscriptions.
 *
 * `matches()` walks the frame's bytes once and stops at the first subscribed prefix or at the
 * first byte no topic continues with, so its cost is bounded by the frame's length (and the
 * longest topic), whatever the number of subscriptions.
 */
export class TopicTrie {
  private readonly root: TrieNode = { count: 0, children: undefined }
  private distinct = 0

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
    if (node.count === 1) this.distinct++
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
    let node = this.root
    if (node.count > 0) return true
    for (let i = 0; i < frame.length; i++) {
      const next = node.children?.get(frame[i])
      if (next === undefined) return false
      if (next.count > 0) return true
      node = next
    }
    return false
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
  }
}
