// Slow-joiner synchronisation and the last value cache over real sockets.
//
//   Subscriber ×3 (connect) ── [0x01 topic] ──▶ XPublisher (bind, verbosity 'allSubs')
//                           ◀── updates ───────  (waitForSubscribers / lastValueCache)
import { filter, firstValueFrom, map, Subject, take, toArray } from 'rxjs'
import { SubscriberSocket, XPublisherSocket } from '../../src'
import type { Message } from '../../src/message'
import { lastValueCache } from '../../src/operators/lastValueCache'
import { waitForSubscribers } from '../../src/operators/waitForSubscribers'
import { bindEndpoint, transports } from '../helpers/endpoints'
import { tracker } from '../helpers/cleanup'

const str = (m: Message): string => m.map(String).join('|')

describe.each(transports)('XPUB helpers over %s', (transport) => {
  const track = tracker()

  it('should wait until 3 subscribers are connected, so none misses the first update', async () => {
    const xpub = track(new XPublisherSocket({ verbosity: 'allSubs' }))
    const endpoint = await xpub.bind(bindEndpoint(transport))
    const ready = firstValueFrom(waitForSubscribers(xpub, { count: 3, topic: 'A' }))
    const subs = [1, 2, 3].map(() =>
      track(new SubscriberSocket({ connect: endpoint, topics: ['A'] })),
    )
    const firsts = subs.map((sub) => firstValueFrom(sub.pipe(take(3), map(str), toArray())))
    expect(await ready).toBe(3)
    for (let i = 0; i < 3; i++) xpub.next(`A ${i}`)
    // Every subscriber got the very first update: no slow-joiner loss, and no sleep.
    expect(await Promise.all(firsts)).toEqual([
      ['A 0', 'A 1', 'A 2'],
      ['A 0', 'A 1', 'A 2'],
      ['A 0', 'A 1', 'A 2'],
    ])
  })

  it("should not count another topic's subscribers", async () => {
    const xpub = track(new XPublisherSocket({ verbosity: 'allSubs' }))
    const endpoint = await xpub.bind(bindEndpoint(transport))
    const counted: number[] = []
    const onlyA = waitForSubscribers(xpub, { count: 1, topic: 'A' }).subscribe({
      next: (n) => counted.push(n),
      error: () => undefined, // the socket closes after the test
    })
    const anyTopic = firstValueFrom(waitForSubscribers(xpub, { count: 2 }))
    track(new SubscriberSocket({ connect: endpoint, topics: ['B'] }))
    track(new SubscriberSocket({ connect: endpoint, topics: ['C'] }))
    expect(await anyTopic).toBe(2)
    expect(counted).toEqual([])
    expect(onlyA.closed).toBe(false)
  })

  it('should send a late subscriber the last value of its topic at once', async () => {
    const xpub = track(new XPublisherSocket({ verbosity: 'allSubs' }))
    const endpoint = await xpub.bind(bindEndpoint(transport))
    const updates = new Subject<Message>()
    updates.pipe(lastValueCache(xpub)).subscribe(xpub)
    const m = (...frames: string[]): Message => frames.map((f) => Buffer.from(f))
    // Published before anybody subscribed: libzmq drops them, the cache keeps the last ones.
    updates.next(m('A', '1'))
    updates.next(m('B', '1'))
    updates.next(m('A', '2'))

    const a1 = track(new SubscriberSocket({ connect: endpoint, topics: ['A'] }))
    expect(str(await firstValueFrom(a1))).toBe('A|2')
    const b = track(new SubscriberSocket({ connect: endpoint, topics: ['B'] }))
    expect(str(await firstValueFrom(b))).toBe('B|1')
    // A second subscriber to A gets the cached value too (verbosity 'allSubs').
    const a2 = track(new SubscriberSocket({ connect: endpoint, topics: ['A'] }))
    const a2Seen = firstValueFrom(a2.pipe(map(str), take(2), toArray()))
    // ...and so does the first one again: the cached value goes through the socket.
    const a1Seen = firstValueFrom(
      a1.pipe(
        map(str),
        filter((s) => s !== 'A|2'),
      ),
    )
    await firstValueFrom(waitForSubscribers(xpub, { count: 1, topic: 'A' }))
    updates.next(m('A', '3'))
    expect(await a2Seen).toEqual(['A|2', 'A|3'])
    expect(await a1Seen).toBe('A|3')
  })
})
