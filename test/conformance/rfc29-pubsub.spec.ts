// RFC 29/PUBSUB (https://rfc.zeromq.org/spec/29/), one `it` per SHALL clause, run on every
// transport of conformanceTransports() (native, zmtp, virtual, ws: test/helpers/transports.ts).
//
//   PUB/XPUB (bind) ──▶ SUB/XSUB (connect)
import {
  filter,
  firstValueFrom,
  interval,
  type Observable,
  takeUntil,
  takeWhile,
  timeout,
} from 'rxjs'
import type { Message } from '../../src/message'
import type { PublisherSocket } from '../../src'
import { conformanceTransports, receive, texts } from '../helpers/transports'

/**
 * Subscriptions travel to the publisher after the connection is up (the slow joiner): publish
 * a probe until the subscriber gets one, so the scenario starts with the subscription in place.
 */
async function synchronise(pub: PublisherSocket, sub: Observable<Message>): Promise<void> {
  const arrived = sub.pipe(filter((m) => texts(m)[0] === 'sync'))
  interval(2)
    .pipe(takeUntil(arrived))
    .subscribe(() => pub.next('sync'))
  await firstValueFrom(arrived.pipe(timeout(5000)))
}

describe.each(conformanceTransports())('RFC 29 publish-subscribe over $name', (transport) => {
  const { sockets } = transport
  afterEach(() => transport.closeAll())

  it('PUB "SHALL perform a binary comparison of the subscription against the start of the first frame of the message."', async () => {
    const pub = sockets.publisher()
    const endpoint = await pub.bind(transport.endpoint())
    const sub = sockets.subscriber({
      connect: endpoint,
      topics: ['ab', new Uint8Array([0xff, 0x00]), 'sync'],
    })
    await synchronise(pub, sub)
    const sent: Message[] = [
      [Buffer.from('abc')],
      [Buffer.from('a')],
      [Buffer.from('xab')],
      [Buffer.from([0xff, 0x00, 0x01])],
      [Buffer.from([0xff, 0x01])],
      [Buffer.from('zz'), Buffer.from('ab')],
      [Buffer.from('ab'), Buffer.from('second')],
      [Buffer.from('end')],
    ]
    const got = receive(sub.pipe(filter((m) => texts(m)[0] !== 'sync')), 3)
    for (const message of sent) pub.next(message)
    pub.next('sync end') // matches 'sync': marks the end of the scenario
    expect(await got).toEqual([sent[0], sent[3], sent[6]])
  })

  it('PUB "SHALL silently drop the message if the queue for a subscriber is full." and "SHALL NOT block on sending."', async () => {
    if (!transport.exactQueues) {
      // tcp: the kernel's socket buffers hold messages too; flood a subscriber that does not
      // read until they are full: no send waits, and the subscriber misses some
      const pub = sockets.publisher({ sendHighWaterMark: 1 })
      const endpoint = await pub.bind(transport.endpoint())
      const sub = sockets.subscriber({ connect: endpoint, topics: [''], receiveHighWaterMark: 1 })
      await synchronise(pub, sub)
      const big = Buffer.alloc(64 * 1024, 1)
      const count = 200 // 12.8 MB: beyond what loopback buffers hold
      await Promise.all(Array.from({ length: count }, () => pub.send(big)))
      pub.next('last')
      const got = await receive(
        sub.pipe(takeWhile((m) => texts(m)[0] !== 'last', true)),
        count,
      ).catch(() => undefined)
      expect(got === undefined || got.length < count + 1).toBe(true)
      return
    }
    // inproc: the queue is exactly sendHighWaterMark + receiveHighWaterMark messages
    const pub = sockets.publisher({ sendHighWaterMark: 1 })
    const endpoint = await pub.bind(transport.inproc())
    const sub = sockets.subscriber({ connect: endpoint, topics: [''], receiveHighWaterMark: 1 })
    await synchronise(pub, sub)
    // nobody reads now: the first two fit, the rest are dropped, and no send waits
    await Promise.all(Array.from({ length: 10 }, (_, i) => pub.send(`m${i}`)))
    const got = receive(sub.pipe(filter((m) => texts(m)[0] !== 'sync')), 3)
    await Promise.resolve()
    pub.next('last')
    expect((await got).map((m) => texts(m)[0])).toEqual(['m0', 'm1', 'last'])
  })

  it('XPUB "SHALL deliver these commands to its calling application."', async () => {
    const xpub = sockets.xpublisher()
    const endpoint = await xpub.bind(transport.endpoint())
    const commands = receive(xpub, 2)
    const connected = transport.peers(xpub, 1)
    const sub = sockets.subscriber()
    const subConnected = transport.peers(sub, 1)
    sub.connect(endpoint)
    await Promise.all([connected, subConnected])
    sub.topic('weather').subscribe().unsubscribe()
    const both = await commands
    expect(both).toEqual([
      [Buffer.from('\x01weather', 'latin1')],
      [Buffer.from('\x00weather', 'latin1')],
    ])
  })

  it('XPUB "SHALL, if the subscriber peer disconnects prematurely, generate a suitable unsubscribe request for the calling application."', async () => {
    const xpub = sockets.xpublisher()
    const endpoint = await xpub.bind(transport.endpoint())
    const commands = receive(xpub, 2)
    const first = receive(xpub, 1)
    const sub = sockets.subscriber({ connect: endpoint, topics: ['weather'] })
    const [subscribe] = await first
    sub.close()
    expect(subscribe).toEqual([Buffer.from('\x01weather', 'latin1')])
    expect(await commands).toEqual([
      [Buffer.from('\x01weather', 'latin1')],
      [Buffer.from('\x00weather', 'latin1')],
    ])
  })

  it('XSUB "SHALL accept subscription commands from its calling application." and PUB "SHALL NOT deliver these commands to its calling application."', async () => {
    const pub = sockets.publisher()
    const endpoint = await pub.bind(transport.endpoint())
    const xsub = sockets.xsubscriber({ connect: endpoint })
    xsub.next([Buffer.from('\x01sync', 'latin1')])
    xsub.next([Buffer.from('\x01t', 'latin1')])
    await synchronise(pub, xsub)
    const got = receive(xsub.pipe(filter((m) => texts(m)[0] !== 'sync')), 2)
    pub.next('x1')
    pub.next('t1')
    pub.next('t2')
    expect((await got).map((m) => texts(m)[0])).toEqual(['t1', 't2'])
    // a PUB is not an Observable: there is nothing to receive the commands with
    expect('subscribe' in pub).toBe(false)
  })

  it('SUB "SHALL not modify incoming messages in any way."', async () => {
    const pub = sockets.publisher()
    const endpoint = await pub.bind(transport.endpoint())
    const sub = sockets.subscriber({ connect: endpoint, topics: ['sync', 'k'] })
    await synchronise(pub, sub)
    const message = [Buffer.from('key'), Buffer.alloc(0), Buffer.from([0, 1, 2, 255])]
    const got = receive(sub.pipe(filter((m) => texts(m)[0] !== 'sync')), 1)
    pub.next(message)
    expect(await got).toEqual([message])
  })
})
