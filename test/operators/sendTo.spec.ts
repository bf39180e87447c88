import { EMPTY, NEVER, Subject, lastValueFrom, of, range, throwError, toArray } from 'rxjs'
import { QueueFullError, sendTo, type QueueEvent, type Sendable } from '../../src'

/** A socket double whose send() resolves when the test says so, recording what it got. */
function fakeSocket<T>(): Sendable<T> & {
  sent: T[]
  inFlight: number
  maxInFlight: number
  release(): void
  fail(e: unknown): void
} {
  const pending: { resolve: () => void; reject: (e: unknown) => void }[] = []
  const socket = {
    sent: [] as T[],
    inFlight: 0,
    maxInFlight: 0,
    send(value: T): Promise<void> {
      socket.sent.push(value)
      socket.inFlight++
      socket.maxInFlight = Math.max(socket.maxInFlight, socket.inFlight)
      return new Promise<void>((resolve, reject) => pending.push({ resolve, reject })).finally(
        () => socket.inFlight--,
      )
    },
    release(): void {
      pending.shift()?.resolve()
    },
    fail(e: unknown): void {
      pending.shift()?.reject(e)
    },
  }
  return socket
}

/** A socket double that takes everything at once. */
const instant = <T>(sent: T[] = []): Sendable<T> => ({
  send: (v: T) => (sent.push(v), Promise.resolve()),
})

describe('sendTo', () => {
  it('should send values in order, one at a time, and emit each once sent', async () => {
    const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))
    const socket = fakeSocket<number>()
    const out: number[] = []
    let completed = false
    of(1, 2, 3)
      .pipe(sendTo(socket))
      .subscribe({ next: (v) => out.push(v), complete: () => (completed = true) })
    expect(socket.sent).toEqual([1])
    expect(out).toEqual([])
    socket.release()
    await flush()
    expect(out).toEqual([1])
    expect(socket.sent).toEqual([1, 2])
    socket.release()
    await flush()
    socket.release()
    await flush()
    expect(out).toEqual([1, 2, 3])
    expect(completed).toBe(true)
    expect(socket.maxInFlight).toBe(1)
  })

  it('should error with the send error and stop sending', async () => {
    const socket = fakeSocket<string>()
    const result = lastValueFrom(of('a', 'b').pipe(sendTo(socket))).catch((e: unknown) => e)
    socket.fail(new Error('refused'))
    expect(await result).toEqual(new Error('refused'))
    expect(socket.sent).toEqual(['a'])
  })

  it('should pass on a source error', async () => {
    await expect(
      lastValueFrom(throwError(() => new Error('src')).pipe(sendTo(instant()))),
    ).rejects.toThrow('src')
  })

  it('should complete at once on an empty source, and never on a silent one', async () => {
    await expect(lastValueFrom(EMPTY.pipe(sendTo(instant()), toArray()))).resolves.toEqual([])
    const subscription = NEVER.pipe(sendTo(instant())).subscribe()
    expect(subscription.closed).toBe(false)
    subscription.unsubscribe()
  })

  it('should stop sending after an early unsubscribe, and unsubscribe from the source', async () => {
    const socket = fakeSocket<number>()
    const source = new Subject<number>()
    const subscription = source.pipe(sendTo(socket)).subscribe()
    source.next(1)
    source.next(2)
    subscription.unsubscribe()
    expect(source.observed).toBe(false)
    socket.release()
    await Promise.resolve()
    expect(socket.sent).toEqual([1])
  })

  it('should bound the waiting values when asked, dropping the oldest and reporting it', async () => {
    const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))
    const socket = fakeSocket<number>()
    const events: QueueEvent<number>[] = []
    const out: number[] = []
    const queue = { limit: 2, overflow: 'drop-oldest' } as const
    of(1, 2, 3, 4, 5)
      .pipe(sendTo(socket, { queue, events: { next: (e) => events.push(e) } }))
      .subscribe((v) => out.push(v))
    // 1 is in flight; 2 and 3 waited, 4 and 5 made room by dropping them
    expect(events).toEqual([
      { type: 'queue:full', depth: 2 },
      { type: 'queue:drop', item: 2, dropped: 1, policy: 'drop-oldest' },
      { type: 'queue:drop', item: 3, dropped: 2, policy: 'drop-oldest' },
    ])
    for (let i = 0; i < 3; i++) {
      socket.release()
      await flush()
    }
    expect(out).toEqual([1, 4, 5])
    expect(socket.sent).toEqual([1, 4, 5])
    expect(events.at(-1)).toEqual({ type: 'queue:drain' })
  })

  it('should error with a QueueFullError at a limit under the error policy', async () => {
    const socket = fakeSocket<number>()
    const result = lastValueFrom(of(1, 2, 3).pipe(sendTo(socket, { queue: { limit: 1 } })))
    await expect(result).rejects.toEqual(new QueueFullError('sendTo', 1, 'queue'))
    expect(socket.sent).toEqual([1])
  })

  it('should send a value at once at limit 0 when nothing is in flight, and drop the ones that would wait', async () => {
    const sent: number[] = []
    const events: string[] = []
    const queue = { limit: 0, overflow: 'drop-newest' } as const
    const out = await lastValueFrom(
      of(1, 2).pipe(
        sendTo(instant(sent), { queue, events: { next: (e) => events.push(e.type) } }),
        toArray(),
      ),
    )
    expect(out).toEqual([1]) // 2 came while 1 was in flight (its promise not yet settled)
    expect(events).toEqual(['queue:full', 'queue:drop'])
  })

  it('should refuse a bad queue configuration', () => {
    expect(() => sendTo(instant(), { queue: { limit: -2 } })).toThrow(
      expect.objectContaining({ option: 'queue.limit' }),
    )
  })

  it('should take a large synchronous source in linear time, in order', async () => {
    const sent: number[] = []
    const count = 200000
    await lastValueFrom(range(0, count).pipe(sendTo(instant(sent))))
    expect(sent.length).toBe(count)
    expect(sent[count - 1]).toBe(count - 1)
  })
})
