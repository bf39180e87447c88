import { BoundedQueue, DEFAULT_QUEUE_LIMIT, type QueueConfig } from '../../src/core/BoundedQueue'
import { InvalidOptionError } from '../../src/errors/InvalidOptionError'
import { QueueFullError } from '../../src/errors/QueueFullError'
import type { QueueEvent } from '../../src/events'

/** A queue of the given config whose events are recorded. */
function recorded<T>(
  config: QueueConfig | undefined,
  defaults?: QueueConfig,
): { queue: BoundedQueue<T>; events: QueueEvent<T>[] } {
  const events: QueueEvent<T>[] = []
  const queue = new BoundedQueue<T>(config, { owner: 'test', defaults }, (e) => events.push(e))
  return { queue, events }
}

describe('BoundedQueue', () => {
  it('should be a FIFO with O(1) push and shift, whatever the number of items', () => {
    const { queue, events } = recorded<number>({ limit: Infinity })
    for (let i = 0; i < 100_000; i++) queue.push(i)
    expect(queue.length).toBe(100_000)
    expect(queue.peek()).toBe(0)
    let inOrder = true
    for (let i = 0; i < 100_000; i++) inOrder &&= queue.shift() === i
    expect(inOrder).toBe(true)
    expect(queue.shift()).toBeUndefined()
    expect(queue.length).toBe(0)
    expect(events).toEqual([])
  })

  it('should default to limit 1000 and overflow error, or to the owner role defaults', () => {
    expect(new BoundedQueue(undefined, { owner: 'test' })).toMatchObject({
      limit: DEFAULT_QUEUE_LIMIT,
      overflow: 'error',
    })
    expect(DEFAULT_QUEUE_LIMIT).toBe(1000)
    const roleDefaults = { limit: Infinity, overflow: 'drop-oldest' } as const
    expect(new BoundedQueue({}, { owner: 'test', defaults: roleDefaults })).toMatchObject(
      roleDefaults,
    )
    expect(new BoundedQueue({ limit: 5 }, { owner: 'test', defaults: roleDefaults })).toMatchObject(
      { limit: 5, overflow: 'drop-oldest' },
    )
  })

  it('should throw a QueueFullError under error, not take the item, and report queue:full once', () => {
    const { queue, events } = recorded<string>({ limit: 2 })
    queue.push('a')
    queue.push('b')
    expect(() => queue.push('c')).toThrow(new QueueFullError('test', 2, 'queue'))
    expect(() => queue.push('d')).toThrow(QueueFullError)
    expect(queue.length).toBe(2)
    expect(queue.dropped).toBe(0)
    expect(events).toEqual([{ type: 'queue:full', depth: 2 }])
    const error = (() => {
      try {
        queue.push('e')
      } catch (e) {
        return e as QueueFullError
      }
    })()
    expect(error).toMatchObject({
      code: 'ERR_QUEUE_FULL',
      limit: 2,
      socketType: 'test',
      option: 'queue.limit',
    })
    expect(error?.message).toMatch(/Raise queue\.limit/)
  })

  it('should drop the newest under drop-newest, count it, report it and return it', () => {
    const { queue, events } = recorded<string>({ limit: 2, overflow: 'drop-newest' })
    expect(queue.push('a')).toBeUndefined()
    expect(queue.push('b')).toBeUndefined()
    expect(queue.push('c')).toEqual({ item: 'c' })
    expect(queue.push('d')).toEqual({ item: 'd' })
    expect(queue.dropped).toBe(2)
    expect([queue.shift(), queue.shift()]).toEqual(['a', 'b'])
    expect(events).toEqual([
      { type: 'queue:full', depth: 2 },
      { type: 'queue:drop', item: 'c', dropped: 1, policy: 'drop-newest' },
      { type: 'queue:drop', item: 'd', dropped: 2, policy: 'drop-newest' },
      { type: 'queue:drain' },
    ])
  })

  it('should drop the oldest under drop-oldest and keep the newest', () => {
    const { queue, events } = recorded<string>({ limit: 2, overflow: 'drop-oldest' })
    queue.push('a')
    queue.push('b')
    expect(queue.push('c')).toEqual({ item: 'a' })
    expect(queue.push('d')).toEqual({ item: 'b' })
    expect(queue.clear()).toEqual(['c', 'd'])
    expect(events).toEqual([
      { type: 'queue:full', depth: 2 },
      { type: 'queue:drop', item: 'a', dropped: 1, policy: 'drop-oldest' },
      { type: 'queue:drop', item: 'b', dropped: 2, policy: 'drop-oldest' },
    ])
  })

  it('should take nothing at limit 0: each item overflows, the new one is dropped under either drop policy', () => {
    for (const overflow of ['drop-newest', 'drop-oldest'] as const) {
      const { queue, events } = recorded<string>({ limit: 0, overflow })
      expect(queue.push('a')).toEqual({ item: 'a' })
      expect(queue.length).toBe(0)
      expect(events.map((e) => e.type)).toEqual(['queue:full', 'queue:drop'])
    }
    expect(() => new BoundedQueue({ limit: 0 }, { owner: 'test' }).push('a')).toThrow(
      QueueFullError,
    )
  })

  it('should report queue:full again only after queue:drain', () => {
    const { queue, events } = recorded<number>({ limit: 1, overflow: 'drop-newest' })
    queue.push(1)
    queue.push(2) // full, drop
    queue.push(3) // drop
    queue.shift() // drain
    queue.push(4)
    queue.push(5) // full again, drop
    expect(events.map((e) => e.type)).toEqual([
      'queue:full',
      'queue:drop',
      'queue:drop',
      'queue:drain',
      'queue:full',
      'queue:drop',
    ])
  })

  it('should not report queue:drain for a queue that was never full, nor on clear()', () => {
    const { queue, events } = recorded<number>({ limit: 1, overflow: 'drop-newest' })
    queue.push(1)
    queue.shift()
    queue.push(2)
    queue.push(3)
    queue.clear()
    expect(events.map((e) => e.type)).toEqual(['queue:full', 'queue:drop'])
  })

  it('should take an item back at the front with unshift, whatever the limit', () => {
    const { queue, events } = recorded<string>({ limit: 2 })
    queue.push('b')
    queue.push('c')
    queue.unshift('a')
    expect(queue.length).toBe(3)
    expect(() => queue.push('d')).toThrow(QueueFullError)
    expect(queue.clear()).toEqual(['a', 'b', 'c'])
    expect(events).toEqual([{ type: 'queue:full', depth: 3 }])
  })

  it('should keep undefined items, telling them apart by length', () => {
    const queue = new BoundedQueue<undefined>({ limit: 3 }, { owner: 'test' })
    queue.push(undefined)
    queue.push(undefined)
    expect(queue.length).toBe(2)
    expect(queue.clear()).toEqual([undefined, undefined])
  })

  it.each([
    [{ limit: -1 }, 'queue.limit'],
    [{ limit: 1.5 }, 'queue.limit'],
    [{ limit: NaN }, 'queue.limit'],
    [{ limit: '10' as never }, 'queue.limit'],
    [{ overflow: 'block' as never }, 'queue.overflow'],
    [{ queueLimit: 5 } as never, 'queue.queueLimit'],
    [5 as never, 'queue'],
  ])('should refuse %p with an InvalidOptionError naming %s', (config, option) => {
    expect(() => new BoundedQueue(config, { owner: 'test' })).toThrow(InvalidOptionError)
    expect(() => BoundedQueue.resolve(config, { owner: 'test' })).toThrow(
      expect.objectContaining({ option, message: expect.stringContaining(`'${option}'`) }),
    )
  })

  it('should quote numbers as they are (NaN, not null)', () => {
    expect(() => BoundedQueue.resolve({ limit: NaN }, { owner: 'test' })).toThrow(/got NaN$/)
  })

  it("should name the owner's option path in its errors", () => {
    const owner = { owner: 'PushSocket', option: 'sendQueue' }
    expect(() => BoundedQueue.resolve({ limit: -1 }, owner)).toThrow(
      expect.objectContaining({
        option: 'sendQueue.limit',
        message: `PushSocket: option 'sendQueue.limit' must be a non-negative integer or Infinity, got -1`,
      }),
    )
    expect(() => BoundedQueue.resolve({ overflow: 'x' as never }, owner)).toThrow(
      expect.objectContaining({ option: 'sendQueue.overflow' }),
    )
    const queue = new BoundedQueue<number>({ limit: 0 }, owner)
    expect(() => queue.push(1)).toThrow(new QueueFullError('PushSocket', 0))
  })
})
