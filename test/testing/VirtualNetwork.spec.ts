import { map, Subject, take } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { SocketStateError } from '../../src/errors/SocketStateError'
import { QueueFullError } from '../../src/errors/QueueFullError'
import type { Message } from '../../src/message'
import { feed } from '../../src/testing/feed'
import { messageText } from '../../src/testing/messageText'
import { sentText } from '../../src/testing/sentText'
import { VirtualNetwork } from '../../src/testing/VirtualNetwork'

function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected))
}

function collect(source: { subscribe(f: (m: Message) => void): unknown }): string[] {
  const seen: string[] = []
  source.subscribe((m: Message) => seen.push(messageText(m)))
  return seen
}

describe('VirtualNetwork', () => {
  describe('PUB/SUB', () => {
    //   pub (bind) ──> sub (connect, topics)
    it('should deliver only messages whose first frame matches a topic', () => {
      testScheduler().run(({ expectObservable }) => {
        const net = new VirtualNetwork()
        const pub = net.publisher({ bind: 'inproc://weather' })
        const sub = net.subscriber({ connect: 'inproc://weather', topics: ['10001 '] })
        expectObservable(sub.pipe(map(messageText))).toBe('---a--c', {
          a: '10001 20',
          c: '10001 22',
        })
        feed(pub, '-b-a-bc', { a: '10001 20', b: '20002 30', c: '10001 22' })
      })
    })

    it('should lose what was published before the connection was up (slow joiner)', () => {
      testScheduler().run(({ expectObservable }) => {
        const net = new VirtualNetwork({ connectDelay: 3 })
        const pub = net.publisher({ bind: 'tcp://127.0.0.1:5556' })
        const sub = net.subscriber({ connect: 'tcp://127.0.0.1:5556', topics: [''] })
        expectObservable(sub.pipe(map(messageText))).toBe('----d-e', { d: 'd', e: 'e' })
        feed(pub, '-bc-d-e')
      })
    })

    it('should drop messages for a subscriber whose pipe is at the high-water mark', () => {
      const net = new VirtualNetwork()
      const pub = net.publisher({ bind: 'inproc://hwm', sendHighWaterMark: 1 })
      // Nobody reads the subscriber yet: its pipe holds sendHWM + receiveHWM = 2 messages.
      const slow = net.subscriber({
        connect: 'inproc://hwm',
        topics: ['t'],
        receiveHighWaterMark: 1,
      })
      for (const n of [1, 2, 3, 4, 5]) pub.next(`t${n}`)
      expect(pub.dropped).toBe(3)
      const seen = collect(slow)
      expect(seen).toEqual(['t1', 't2'])
      pub.next('t6')
      pub.next('x')
      expect(seen).toEqual(['t1', 't2', 't6'])
      expect(pub.dropped).toBe(3)
    })

    it('should subscribe on topic() and unsubscribe when the last one leaves', () => {
      const net = new VirtualNetwork()
      const pub = net.publisher({ bind: 'inproc://t' })
      const sub = net.subscriber({ connect: 'inproc://t' })
      const seen: string[] = []
      const first = sub.topic('a').subscribe((m) => seen.push(messageText(m)))
      const second = sub.topic('a').subscribe()
      pub.next('a1')
      first.unsubscribe()
      expect(sub.topics.get('a')).toBe(1)
      pub.next('a2')
      second.unsubscribe()
      expect(sub.topics.size).toBe(0)
      expect(seen).toEqual(['a1'])
    })
  })

  describe('XPUB/XSUB', () => {
    it('should carry subscriptions as messages and surface each topic once', () => {
      const net = new VirtualNetwork()
      const xpub = net.xpublisher({ bind: 'inproc://x' })
      const xsub = net.xsubscriber({ connect: 'inproc://x' })
      const sub = net.subscriber({ connect: 'inproc://x', topics: ['a'] })
      const subscriptions = collect(
        xpub.pipe(map((m) => [Buffer.from([m[0][0] + 48]), m[0].subarray(1)])),
      )
      const received = collect(xsub)
      xsub.next([Buffer.from([1, 0x61])]) // subscribe 'a': already surfaced by sub
      xsub.next([Buffer.from([1, 0x62])]) // subscribe 'b'
      xpub.next('a1')
      xpub.next('b1')
      xpub.next('c1')
      xsub.next([Buffer.from([0, 0x62])]) // unsubscribe 'b'
      xpub.next('b2')
      expect(subscriptions).toEqual(['1|a', '1|b', '0|b'])
      expect(received).toEqual(['a1', 'b1'])
      expect(collect(sub)).toEqual(['a1'])
    })
  })

  describe('PUSH/PULL', () => {
    it('should send round-robin to the pulls, 100/100/100 in turn', () => {
      const net = new VirtualNetwork()
      const push = net.push({ bind: 'inproc://p' })
      const pulls = [0, 1, 2].map(() => net.pull({ connect: 'inproc://p' }))
      const got = pulls.map((pull) => collect(pull))
      for (let i = 0; i < 300; i++) push.next(String(i))
      expect(got.map((g) => g.length)).toEqual([100, 100, 100])
      got.forEach((g, k) =>
        expect(g).toEqual(Array.from({ length: 100 }, (_, i) => String(i * 3 + k))),
      )
    })

    it('should wait at the high-water mark and deliver everything in order once read', () => {
      const net = new VirtualNetwork()
      const push = net.push({ bind: 'inproc://w', sendHighWaterMark: 1 })
      const pull = net.pull({ connect: 'inproc://w', receiveHighWaterMark: 1 })
      for (const n of [1, 2, 3, 4, 5]) push.next(String(n))
      expect(push.queueDepth).toBe(3)
      expect(push.dropped).toBe(0)
      expect(collect(pull)).toEqual(['1', '2', '3', '4', '5'])
      expect(push.queueDepth).toBe(0)
    })

    it('should keep messages waiting with no peer and send them to the first one', () => {
      const net = new VirtualNetwork()
      const push = net.push({ connect: 'inproc://later' })
      push.next('1')
      push.next('2')
      expect(push.queueDepth).toBe(2)
      const pull = net.pull({ bind: 'inproc://later' })
      expect(collect(pull)).toEqual(['1', '2'])
    })

    it('should end the socket with a QueueFullError when its queue overflows', () => {
      const net = new VirtualNetwork()
      const push = net.push({ sendQueue: { limit: 2 } })
      const events: string[] = []
      push.events$.subscribe({ error: () => undefined, next: (e) => events.push(e.type) })
      push.next('1')
      push.next('2')
      push.next('3')
      expect(push.isClosed).toBe(true)
      expect(events).toContain('error')
      return expect(push.send('4')).rejects.toBeDefined()
    })

    it('should fair-queue messages from several pushes', () => {
      const net = new VirtualNetwork()
      const pull = net.pull({ bind: 'inproc://fq' })
      const pushes = ['a', 'b', 'c'].map(() => net.push({ connect: 'inproc://fq' }))
      pushes[0].next('a1')
      pushes[0].next('a2')
      pushes[0].next('a3')
      pushes[1].next('b1')
      pushes[2].next('c1')
      pushes[2].next('c2')
      expect(collect(pull)).toEqual(['a1', 'b1', 'c1', 'a2', 'c2', 'a3'])
    })
  })

  describe('REQ/REP', () => {
    it('should answer each request with its reply', () => {
      testScheduler().run(({ expectObservable }) => {
        const net = new VirtualNetwork()
        const rep = net.reply({ bind: 'inproc://hello' })
        rep.pipe(map((m) => `${messageText(m)} World`)).subscribe(rep)
        const req = net.request({ connect: 'inproc://hello' })
        expectObservable(sentText(rep)).toBe('-r', { r: 'Hello World' })
        expectObservable(sentText(req)).toBe('-h', { h: 'Hello' })
        const replies = new Subject<Message>()
        expectObservable(replies.pipe(map(messageText))).toBe('-(r|)', { r: 'Hello World' })
        feed({ next: () => req.request('Hello').subscribe(replies) }, '-x')
      })
    })

    it('should queue request() calls behind each other', () => {
      const net = new VirtualNetwork()
      const rep = net.reply({ bind: 'inproc://q' })
      rep.pipe(map((m) => messageText(m).toUpperCase())).subscribe(rep)
      const req = net.request({ connect: 'inproc://q' })
      const replies: string[] = []
      for (const word of ['a', 'b', 'c'])
        req.request(word).subscribe((m) => replies.push(messageText(m)))
      expect(replies).toEqual(['A', 'B', 'C'])
    })

    it('should refuse a second request before the reply and a reply with no request', () => {
      const net = new VirtualNetwork()
      net.reply({ bind: 'inproc://efsm' })
      const req = net.request({ connect: 'inproc://efsm' })
      req.next('one')
      const rep = net.reply()
      return Promise.all([
        expect(req.send('two')).rejects.toBeInstanceOf(SocketStateError),
        expect(rep.send('nothing to answer')).rejects.toBeInstanceOf(SocketStateError),
      ])
    })

    it('should keep the envelope for a DEALER client', () => {
      const net = new VirtualNetwork()
      const rep = net.reply({ bind: 'inproc://env' })
      rep.pipe(map((m) => messageText(m).toUpperCase())).subscribe(rep)
      const dealer = net.dealer({ connect: 'inproc://env' })
      const got = collect(dealer)
      dealer.next(['id7', '', 'x'])
      expect(got).toEqual(['id7||X'])
    })
  })

  describe('DEALER/ROUTER', () => {
    it('should prefix the peer identity and route replies to that peer', () => {
      const net = new VirtualNetwork()
      const router = net.router({ bind: 'inproc://r' })
      const a = net.dealer({ connect: 'inproc://r', routingId: 'A' })
      const b = net.dealer({ connect: 'inproc://r', routingId: 'B' })
      const atRouter = collect(router)
      router.pipe(map(([id, ...body]) => [id, ...body, 'ok'])).subscribe(router)
      const gotA = collect(a)
      const gotB = collect(b)
      a.next('from a')
      b.next('from b')
      router.next(['nobody', 'lost'])
      expect(atRouter).toEqual(['A|from a', 'B|from b'])
      expect(gotA).toEqual(['from a|ok'])
      expect(gotB).toEqual(['from b|ok'])
      expect(router.dropped).toBe(1)
    })

    it('should give a REQ peer a made-up identity and keep its delimiter', () => {
      const net = new VirtualNetwork()
      const router = net.router({ bind: 'inproc://rr' })
      const frames: Message[] = []
      router.subscribe((m) => {
        frames.push(m)
        router.next([m[0], '', 'pong'])
      })
      const req = net.request({ connect: 'inproc://rr' })
      const replies = collect(req.request('ping'))
      expect(frames[0].length).toBe(3)
      expect(frames[0][0].length).toBe(5)
      expect(messageText(frames[0].slice(1))).toBe('|ping')
      expect(replies).toEqual(['pong'])
    })
  })

  describe('PAIR', () => {
    it('should talk both ways with exactly one peer', () => {
      const net = new VirtualNetwork()
      const a = net.pair({ bind: 'inproc://pair' })
      const b = net.pair({ connect: 'inproc://pair' })
      const c = net.pair({ connect: 'inproc://pair' })
      const gotA = collect(a)
      const gotB = collect(b)
      const gotC = collect(c)
      a.next('to b')
      b.next('to a')
      c.next('nobody')
      expect(gotA).toEqual(['to a'])
      expect(gotB).toEqual(['to b'])
      expect(gotC).toEqual([])
      expect(c.queueDepth).toBe(1)
    })
  })

  describe('lifecycle', () => {
    it('should report bind, connect, accept and disconnect events', () => {
      const net = new VirtualNetwork()
      const pull = net.pull()
      const push = net.push()
      const pullEvents: string[] = []
      const pushEvents: string[] = []
      pull.events$.subscribe((e) => pullEvents.push(e.type))
      push.events$.subscribe((e) => pushEvents.push(e.type))
      return pull.bind('tcp://127.0.0.1:*').then((endpoint) => {
        expect(endpoint).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/)
        push.connect(endpoint)
        push.close()
        expect(pullEvents).toEqual(['bind', 'accept', 'disconnect'])
        expect(pushEvents).toEqual(['connect', 'disconnect'])
      })
    })

    it('should refuse an endpoint in use', () => {
      const net = new VirtualNetwork()
      net.pull({ bind: 'inproc://taken' })
      return expect(net.pull().bind('inproc://taken')).rejects.toMatchObject({ code: 'EADDRINUSE' })
    })

    it('should reconnect when the endpoint is bound again', () => {
      const net = new VirtualNetwork()
      const push = net.push({ connect: 'inproc://again' })
      const first = net.pull({ bind: 'inproc://again' })
      first.close()
      push.next('kept')
      const second = net.pull({ bind: 'inproc://again' })
      expect(collect(second)).toEqual(['kept'])
    })

    it('should let complete() deliver waiting messages within linger, then close', () => {
      testScheduler().run(({ expectObservable }) => {
        const net = new VirtualNetwork()
        const early = net.push({ connect: 'inproc://early', linger: 5 })
        const late = net.push({ connect: 'inproc://late', linger: 5 })
        early.next('kept')
        late.next('lost')
        early.complete()
        late.complete()
        expect(early.isClosed).toBe(true)
        const fromEarly = new Subject<string>()
        const fromLate = new Subject<string>()
        expectObservable(fromEarly).toBe('--k', { k: 'kept' })
        expectObservable(fromLate).toBe('-------')
        feed(
          {
            next: () =>
              net.pull({ bind: 'inproc://early' }).pipe(map(messageText)).subscribe(fromEarly),
          },
          '--x',
        )
        feed(
          {
            next: () =>
              net.pull({ bind: 'inproc://late' }).pipe(map(messageText)).subscribe(fromLate),
          },
          '------x',
        )
      })
    })

    it('should complete receivers on close and error them on error', () => {
      const net = new VirtualNetwork()
      const pull = net.pull()
      const pair = net.pair()
      let completed = false
      let failed: unknown
      pull.subscribe({ complete: () => (completed = true) })
      pair.subscribe({ error: (e: unknown) => (failed = e) })
      pull.close()
      pair.error(new QueueFullError('x', 1))
      expect(completed).toBe(true)
      expect(failed).toBeInstanceOf(QueueFullError)
    })
  })
})
