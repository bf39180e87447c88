import { TopicTrie } from '../../src/internal/TopicTrie'

/** FNV-1a, 32 bits, as TopicTrie hashes prefixes: used here only to find a colliding pair. */
function fnv1a(bytes: Uint8Array): number {
  let hash = 0x811c9dc5 | 0
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193)
  return hash
}

/** Two different topics of the same length with the same hash (a birthday search). */
function collidingTopics(): [Buffer, Buffer] {
  const seen = new Map<number, Buffer>()
  for (let i = 0; ; i++) {
    const topic = Buffer.from(`t${i.toString(36).padStart(6, '0')}`)
    const hash = fnv1a(topic)
    const other = seen.get(hash)
    if (other !== undefined) return [other, topic]
    seen.set(hash, topic)
  }
}

describe('TopicTrie', () => {
  const b = (s: string): Buffer => Buffer.from(s)

  it('should tell apart topics whose hashes collide', () => {
    const [a, c] = collidingTopics()
    expect(a.equals(c)).toBe(false)
    const trie = new TopicTrie()
    trie.add(a)
    expect(trie.matches(Buffer.concat([a, b(' data')]))).toBe(true)
    expect(trie.matches(Buffer.concat([c, b(' data')]))).toBe(false)
    trie.add(c)
    expect(trie.matches(c)).toBe(true)
    trie.remove(a)
    expect(trie.matches(a)).toBe(false)
    expect(trie.matches(c)).toBe(true)
    trie.remove(c)
    expect(trie.matches(c)).toBe(false)
    expect(trie.size).toBe(0)
  })

  it('should walk the trie when topics have many distinct lengths', () => {
    const trie = new TopicTrie()
    const topics = Array.from({ length: 40 }, (_, i) => 'x'.repeat(i + 1) + 'y')
    for (const t of topics) trie.add(b(t))
    expect(trie.matches(b('xxxxxy and more'))).toBe(true)
    expect(trie.matches(b('xxxxxz'))).toBe(false)
    trie.add(b(''))
    expect(trie.matches(b('anything'))).toBe(true)
    trie.remove(b(''))
    expect(trie.matches(b('anything'))).toBe(false)
  })

  it('should count duplicate subscriptions', () => {
    const trie = new TopicTrie()
    expect(trie.add(b('a'))).toBe(true)
    expect(trie.add(b('a'))).toBe(false)
    expect(trie.remove(b('a'))).toBe(false)
    expect(trie.matches(b('abc'))).toBe(true)
    expect(trie.remove(b('a'))).toBe(true)
    expect(trie.matches(b('abc'))).toBe(false)
  })
})
