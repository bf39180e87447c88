import { firstValueFrom, take, toArray, filter, map } from 'rxjs'
import {
  PublisherSocket,
  SubscriberSocket,
  XPublisherSocket,
  fromSubscriber,
  text,
  type Message,
} from '../../src'
import { bindEndpoint, transports } from '../helpers/endpoints'
import { tracker } from '../helpers/cleanup'

/**
 * Publishes `message` on every turn of the event loop until `done` settles: the slow-joiner
 * handshake, awaited by its result rather than by a sleep.
 */
async function publishUntil<T>(
  pub: { next(m: Message | string | (string | Buffer)[]): void },
  message: string | (string | Buffer)[],
  done: Promise<T>,
): Promise<T> {
  let settled = false
  void done.finally(() => (settled = true)).catch(() => undefined)
  while (!settled) {
    pub.next(message)
    await new Promise((resolve) => setImmediate(resolve))
  }
  return done
}

describe.each(transports)('PUB/SUB over %s', (transport) => {
  //  Publisher (bind) ──▶ Subscriber (connect), topics follow Rx subscriptions
  const track = tracker()

  it('should deliver only messages whose first frame matches a subscribed prefix', async () => {
    const pub = track(new PublisherSocket())
    const endpoint = await pub.bind(bindEndpoint(transport))
    const sub = track(new SubscriberSocket({ connect: endpoint, topics: ['10001 ', 'ny'] }))
    const received = firstValueFrom(
      sub.pipe(
        text(),
        filter((m) => m !== 'ny-probe'),
        take(3),
        toArray(),
      ),
    )
    await publishUntil(pub, 'ny-probe', firstValueFrom(sub))
    for (const m of ['20002 a', '10001 b', '1000 c', 'nyc d', '10001', 'xny e', '10001 f'])
      pub.next(m)
    expect(await received).toEqual(['10001 b', 'nyc d', '10001 f'])
  })

  it('should keep multipart messages whole', async () => {
    const pub = track(new PublisherSocket())
    const endpoint = await pub.bind(bindEndpoint(transport))
    const sub = track(new SubscriberSocket({ connect: endpoint, topics: ['t'] }))
    await publishUntil(pub, ['probe'], firstValueFrom(sub.topic('probe')))
    const got = firstValueFrom(sub.topic('topic').pipe(take(2), toArray()))
    pub.next(['topic', Buffer.from([0, 1, 2]), 'third'])
    pub.next(['topic', ''])
    const messages = await got
    expect(messages.map((m) => m.map((f) => f.toString('hex')))).toEqual([
      ['746f706963', '000102', '7468697264'],
      ['746f706963', ''],
    ])
  })

  it('should match binary topics byte-wise', async () => {
    const pub = track(new PublisherSocket())
    const endpoint = await pub.bind(bindEndpoint(transport))
    const sub = track(new SubscriberSocket({ connect: endpoint }))
    const topic = Buffer.from([0xff, 0x00])
    const got = firstValueFrom(sub.topic(topic).pipe(map((m) => m[0].toString('hex'))))
    await publishUntil(pub, [Buffer.from([0xff, 0x00, 0x07])], got)
    expect(await got).toBe('ff0007')
  })

  it('should give a cold subscriber() its own socket, closed when the subscription ends', async () => {
    const pub = track(new PublisherSocket())
    const endpoint = await pub.bind(bindEndpoint(transport))
    const first = fromSubscriber({ connect: endpoint, topics: ['x'] }).pipe(take(1), text())
    expect(await publishUntil(pub, 'x1', firstValueFrom(first))).toBe('x1')
    // a second subscription makes a second socket, which receives too
    expect(await publishUntil(pub, 'x2', firstValueFrom(first))).toBe('x2')
  })
})

describe('Subscriber topic reference counting', () => {
  //  XPublisher (bind, verbosity allSubsUnsubs: passes every message on) ◀── Subscriber
  const track = tracker()

  it('should send one SUBSCRIBE for several Rx subscribers and UNSUBSCRIBE after the last leaves', async () => {
    const xpub = track(new XPublisherSocket({ verbosity: 'allSubsUnsubs' }))
    const endpoint = await xpub.bind(bindEndpoint('inproc'))
    const wire: string[] = []
    const seen = xpub.pipe(map((m) => `${m[0][0] === 1 ? '+' : '-'}${m[0].subarray(1).toString()}`))
    const control = seen.subscribe((s) => wire.push(s))
    const sub = track(new SubscriberSocket({ connect: endpoint }))

    const a = sub.topic('weather').subscribe()
    const b = sub.topic('weather').subscribe()
    const c = sub.topic('sport').subscribe()
    expect(sub.topics.get(Buffer.from('weather').toString('latin1'))).toBe(2)
    a.unsubscribe()
    c.unsubscribe()
    // a marker subscription proves that every earlier wire message has been seen
    const marker = firstValueFrom(seen.pipe(filter((s) => s === '+marker')))
    const m = sub.topic('marker').subscribe()
    await marker
    b.unsubscribe()
    m.unsubscribe()
    await firstValueFrom(seen.pipe(filter((s) => s === '-marker')))
    control.unsubscribe()
    expect(wire).toEqual(['+weather', '+sport', '-sport', '+marker', '-weather', '-marker'])
    expect(sub.topics.size).toBe(0)
  })
})
