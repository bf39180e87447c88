// Slow and dead subscribers over real sockets.
//
//   XPublisher (bind, SNDHWM 100) ──tcp──▶ Subscriber (RCVHWM 100) that never reads  (dead)
//   XPublisher (bind, no HWM)     ──tcp──▶ Subscriber + consume(slow handler)         (slow)
import { filter, firstValueFrom, map, Subject, takeWhile, timer, toArray } from 'rxjs'
import { SubscriberSocket, XPublisherSocket } from '../../src'
import { consume, type ConsumeEvent } from '../../src/operators/consume'
import { waitForSubscribers } from '../../src/operators/waitForSubscribers'
import { tracker } from '../helpers/cleanup'

describe('slow consumers', () => {
  const track = tracker()

  it('should keep publishing to a subscriber that reads nothing, holding only what the HWMs allow', async () => {
    const N = 20000
    const SIZE = 4096
    const xpub = track(new XPublisherSocket({ sendHighWaterMark: 100 }))
    const endpoint = await xpub.bind('tcp://127.0.0.1:*')
    const joined = firstValueFrom(waitForSubscribers(xpub))
    // Subscribed to everything, but nobody subscribes to it: its receive loop does not run.
    const dead = track(
      new SubscriberSocket({ connect: endpoint, topics: [''], receiveHighWaterMark: 100 }),
    )
    await joined

    const rssBefore = process.memoryUsage().rss
    let resolved = 0
    for (let i = 0; i < N; i++) {
      await xpub.send(Buffer.alloc(SIZE, i % 251))
      resolved++
    }
    const rssAfter = process.memoryUsage().rss
    // Every send resolved: PUB never blocks on a subscriber at its HWM, libzmq drops for it.
    expect(resolved).toBe(N)
    expect(xpub.queueDepth).toBe(0)
    expect(xpub.dropped).toBe(0)

    // Now read: what was held for the dead subscriber arrives, then an 'END' sent once there is
    // room again. Only what the HWMs and the kernel's socket buffers hold can come before it.
    let held = 0
    const end = firstValueFrom(
      dead.pipe(
        filter((m) => {
          if (m[0]!.length === SIZE) {
            held++
            xpub.next('END')
            return false
          }
          return true
        }),
      ),
    )
    xpub.next('END')
    expect(String((await end)[0])).toBe('END')
    expect(held).toBeGreaterThan(0)
    expect(held).toBeLessThan(N / 4)
    console.log(
      `dead subscriber: ${N} × ${SIZE} B published, all sends resolved, ${held} held for it (HWM 100+100 + kernel buffers), ` +
        `${N - held} dropped by libzmq; rss ${Math.round(rssBefore / 2 ** 20)} → ${Math.round(rssAfter / 2 ** 20)} MiB`,
    )
  })

  it('should report a subscriber that falls behind, once, and when it has caught up, with bounded memory', async () => {
    // HWMs 0 (no limit) here, so that libzmq drops nothing: every drop is consume()'s.
    const xpub = track(new XPublisherSocket({ sendHighWaterMark: 0 }))
    const endpoint = await xpub.bind('tcp://127.0.0.1:*')
    const joined = firstValueFrom(waitForSubscribers(xpub))
    const sub = track(
      new SubscriberSocket({ connect: endpoint, topics: [''], receiveHighWaterMark: 0 }),
    )
    await joined

    const events = new Subject<ConsumeEvent<string>>()
    type Status = Extract<ConsumeEvent<string>, { type: 'slow-consumer' | 'caught-up' }>
    const status = events.pipe(
      filter((e): e is Status => e.type === 'slow-consumer' || e.type === 'caught-up'),
    )
    const statuses = firstValueFrom(status.pipe(toArray()))
    let maxDepthSeen = 0
    const handled = firstValueFrom(
      sub.pipe(
        map(String),
        consume((m) => timer(1).pipe(map(() => m)), {
          highWater: 50,
          lowWater: 0,
          queue: { limit: 100 },
          events,
        }),
        takeWhile((m) => m !== 'END'),
        toArray(),
      ),
    )
    status.subscribe((s) => (maxDepthSeen = Math.max(maxDepthSeen, s.depth)))
    for (let i = 0; i < 2000; i++) await xpub.send(`m${i}`)
    await xpub.send('END')
    const done = await handled
    events.complete()
    const seen = await statuses
    expect(seen.map((s) => s.type)).toEqual(['slow-consumer', 'caught-up'])
    expect(seen[0]).toMatchObject({ type: 'slow-consumer', depth: 50 })
    expect(seen[1]!.dropped).toBeGreaterThan(0)
    expect(maxDepthSeen).toBeLessThanOrEqual(100)
    // Nothing lost silently: every message was handled or counted as dropped by consume()
    // (END itself is handled, not emitted by takeWhile), and far fewer were kept than sent.
    expect(done[0]).toBe('m0')
    expect(done.length + 1 + seen[1]!.dropped).toBe(2001)
    expect(done.length).toBeLessThan(1000)
    console.log(
      `slow subscriber: 2000 published, ${done.length} handled, ${seen[1]!.dropped} dropped by consume(queue.limit 100); statuses ${seen.map((s) => s.type).join(', ')}`,
    )
  })
})
