import { map, Subject } from 'rxjs'
import { SocketStateError } from '../../src/errors/SocketStateError'
import { QueueFullError } from '../../src/errors/QueueFullError'
import { SocketClosedError } from '../../src/errors/SocketClosedError'
import type { Message } from '../../src/message'
import type { SocketEvent } from '../../src/events'
import {
  DealerSocket,
  PairSocket,
  PublisherSocket,
  PullSocket,
  PushSocket,
  ReplySocket,
  RequestSocket,
  RouterSocket,
  SubscriberSocket,
  XPublisherSocket,
  XSubscriberSocket,
} from '../../src'
import { feed, messageText, sentText, VirtualNetwork } from '../../src/testing'
import { testScheduler } from '../helpers/marbles'

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
        const pub = new PublisherSocket({ transport: net, bind: 'inproc://weather' })
        const sub = new SubscriberSocket({
          transport: net,
          connect: 'inproc://weather',
          topics: ['10001 '],
        })
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
        const pub = new PublisherSocket({ transport: net, bind: 'tcp://127.0.0.1:5556' })
        const sub = new SubscriberSocket({
          transport: net,
          connect: 'tcp://127.0.0.1:5556',
          topics: [''],
        })
        expectObservable(sub.pipe(map(messageText))).toBe('----d-e', { d: 'd', e: 'e' })
        feed(pub, '-bc-d-e')
      })
    })

    it('should drop messages for a subscriber whose pipe is at the high-water mark', () => {
      const net = new VirtualNetwork()
      const pub = new PublisherSocket({
        transport: net,
        bind: 'inproc://hwm',
        sendHighWaterMark: 1,
      })
      // Nobody reads the subscriber yet: its pipe holds sendHWM + receiveHWM = 2 messages.
      const slow = new SubscriberSocket({
        transport: net,
        connect: 'inproc://hwm',
        topics: ['t'],
        receiveHighWaterMark: 1,
      })
      for (const n of [1, 2, 3, 4, 5]) pub.next(`t${n}`)
      // libzmq drops silently at a subscriber's high-water mark: the socket's own send queue
      // dropped nothing, and nothing waits
      expect(pub.dropped).toBe(0)
      expect(pub.queueDepth).toBe(0)
      const seen = collect(slow)
      expect(seen).toEqual(['t1', 't2'])
      pub.next('t6')
      pub.next('x')
      expect(seen).toEqual(['t1', 't2', 't6'])
    })

    it('should subscribe on topic() and unsubscribe when the last one leaves', () => {
      const net = new VirtualNetwork()
      const pub = new PublisherSocket({ transport: net, bind: 'inproc://t' })
      const sub = new SubscriberSocket({ transport: net, connect: 'inproc://t' })
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
      const xpub = new XPublisherSocket({ transport: net, bind: 'inproc://x' })
      const xsub = new XSubscriberSocket({ transport: net, connect: 'inproc://x' })
      const sub = new SubscriberSocket({ transport: net, connect: 'inproc://x', topics: ['a'] })
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
      const push = new PushSocket({ transport: net, bind: 'inproc://p' })
      const pulls = [0, 1, 2].map(() => new PullSocket({ transport: net, connect: 'inproc://p' }))
      const got = pulls.map((pull) => collect(pull))
      for (let i = 0; i < 300; i++) push.next(String(i))
      expect(got.map((g) => g.length)).toEqual([100, 100, 100])
      got.forEach((g, k) =>
        expect(g).toEqual(Array.from({ length: 100 }, (_, i) => String(i * 3 + k))),
      )
    })

    it('should wait at the high-water mark and deliver everything in order once read', () => {
      const net = new VirtualNetwork()
      const push = new PushSocket({ transport: net, bind: 'inproc://w', sendHighWaterMark: 1 })
      const pull = new PullSocket({
        transport: net,
        connect: 'inproc://w',
        receiveHighWaterMark: 1,
      })
      for (const n of [1, 2, 3, 4, 5]) push.next(String(n))
      // two in the pipe (sendHWM + receiveHWM), one in flight waiting for room, two queued
      expect(push.queueDepth).toBe(2)
      expect(push.dropped).toBe(0)
      expect(collect(pull)).toEqual(['1', '2', '3', '4', '5'])
      expect(push.queueDepth).toBe(0)
    })

    it('should keep messages waiting with no peer and send them to the first one', () => {
      const net = new VirtualNetwork()
      const push = new PushSocket({ transport: net, connect: 'inproc://later' })
      push.next('1')
      push.next('2')
      // '1' is in flight, waiting for a peer; '2' waits behind it
      expect(push.queueDepth).toBe(1)
      const pull = new PullSocket({ transport: net, bind: 'inproc://later' })
      expect(collect(pull)).toEqual(['1', '2'])
    })

    it('should end the socket with a QueueFullError when its queue overflows', () => {
      const net = new VirtualNetwork()
      // no peer yet: '1' is in flight, '2' and '3' fill the queue, '4' overflows it
      const push = new PushSocket({
        transport: net,
        connect: 'inproc://overflow',
        sendQueue: { limit: 2 },
      })
      const events: SocketEvent[] = []
      push.events$.subscribe({ error: () => undefined, next: (e) => events.push(e) })
      push.next('1')
      push.next('2')
      push.next('3')
      expect(push.isClosed).toBe(false)
      push.next('4')
      expect(push.isClosed).toBe(true)
      const refused = expect(push.send('5')).rejects.toBeInstanceOf(SocketClosedError)
      // what was queued before the overflow is still delivered, then the error is reported
      const pull = new PullSocket({ transport: net, bind: 'inproc://overflow' })
      expect(collect(pull)).toEqual(['1', '2', '3'])
      const own = events.filter((e) => e.type.startsWith('queue:') || e.type === 'error')
      expect(own.map((e) => e.type)).toEqual(['queue:full', 'queue:drain', 'error'])
      expect(own[2]).toMatchObject({ error: expect.any(QueueFullError) })
      expect(own[2]).toMatchObject({ error: { limit: 2 } })
      return refused
    })

    it('should fair-queue messages from several pushes', () => {
      const net = new VirtualNetwork()
      const pull = new PullSocket({ transport: net, bind: 'inproc://fq' })
      const pushes = ['a', 'b', 'c'].map(
        () => new PushSocket({ transport: net, connect: 'inproc://fq' }),
      )
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
        const rep = new ReplySocket({ transport: net, bind: 'inproc://hello' })
        rep.pipe(map((m) => `${messageText(m)} World`)).subscribe(rep)
        const req = new RequestSocket({ transport: net, connect: 'inproc://hello' })
        expectObservable(sentText(rep)).toBe('-r', { r: 'Hello World' })
        expectObservable(sentText(req)).toBe('-h', { h: 'Hello' })
        const replies = new Subject<Message>()
        expectObservable(replies.pipe(map(messageText))).toBe('-(r|)', { r: 'Hello World' })
        feed({ next: () => req.request('Hello').subscribe(replies) }, '-x')
      })
    })

    it('should queue request() calls behind each other', () => {
      const net = new VirtualNetwork()
      const rep = new ReplySocket({ transport: net, bind: 'inproc://q' })
      rep.pipe(map((m) => messageText(m).toUpperCase())).subscribe(rep)
      const req = new RequestSocket({ transport: net, connect: 'inproc://q' })
      const replies: string[] = []
      for (const word of ['a', 'b', 'c'])
        req.request(word).subscribe((m) => replies.push(messageText(m)))
      expect(replies).toEqual(['A', 'B', 'C'])
    })

    it('should refuse a second request before the reply and a reply with no request', () => {
      const net = new VirtualNetwork()
      new ReplySocket({ transport: net, bind: 'inproc://efsm' })
      const req = new RequestSocket({ transport: net, connect: 'inproc://efsm' })
      req.next('one')
      const rep = new ReplySocket({ transport: net })
      return Promise.all([
        expect(req.send('two')).rejects.toBeInstanceOf(SocketStateError),
        expect(rep.send('nothing to answer')).rejects.toBeInstanceOf(SocketStateError),
      ])
    })

    it('should keep the envelope for a DEALER client', () => {
      const net = new VirtualNetwork()
      const rep = new ReplySocket({ transport: net, bind: 'inproc://env' })
      rep.pipe(map((m) => messageText(m).toUpperCase())).subscribe(rep)
      const dealer = new DealerSocket({ transport: net, connect: 'inproc://env' })
      const got = collect(dealer)
      dealer.next(['id7', '', 'x'])
      expect(got).toEqual(['id7||X'])
    })
  })

  describe('DEALER/ROUTER', () => {
    it('should prefix the peer identity and route replies to that peer', () => {
      const net = new VirtualNetwork()
      const router = new RouterSocket({ transport: net, bind: 'inproc://r' })
      const a = new DealerSocket({ transport: net, connect: 'inproc://r', routingId: 'A' })
      const b = new DealerSocket({ transport: net, connect: 'inproc://r', routingId: 'B' })
      const atRouter = collect(router)
      router.pipe(map(([id, ...body]) => [id, ...body, 'ok'])).subscribe(router)
      const gotA = collect(a)
      const gotB = collect(b)
      a.next('from a')
      b.next('from b')
      router.next(['nobody', 'lost']) // unroutable: dropped, as with ZMQ_ROUTER_MANDATORY off
      expect(atRouter).toEqual(['A|from a', 'B|from b'])
      expect(gotA).toEqual(['from a|ok'])
      expect(gotB).toEqual(['from b|ok'])
    })

    it('should give a REQ peer a made-up identity and keep its delimiter', () => {
      const net = new VirtualNetwork()
      const router = new RouterSocket({ transport: net, bind: 'inproc://rr' })
      const frames: Message[] = []
      router.subscribe((m) => {
        frames.push(m)
        router.next([m[0], '', 'pong'])
      })
      const req = new RequestSocket({ transport: net, connect: 'inproc://rr' })
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
      const a = new PairSocket({ transport: net, bind: 'inproc://pair' })
      const b = new PairSocket({ transport: net, connect: 'inproc://pair' })
      const c = new PairSocket({ transport: net, connect: 'inproc://pair' })
      const gotA = collect(a)
      const gotB = collect(b)
      const gotC = collect(c)
      a.next('to b')
      b.next('to a')
      c.next('nobody')
      c.next('still nobody')
      expect(gotA).toEqual(['to a'])
      expect(gotB).toEqual(['to b'])
      expect(gotC).toEqual([])
      // the first waits in flight for a peer, the second in the queue
      expect(c.queueDepth).toBe(1)
    })
  })

  describe('lifecycle', () => {
    it('should report bind, connect, accept and disconnect events', () => {
      const net = new VirtualNetwork()
      const pull = new PullSocket({ transport: net })
      const push = new PushSocket({ transport: net })
      const pullEvents: string[] = []
      const pushEvents: string[] = []
      pull.events$.subscribe((e) => pullEvents.push(e.type))
      push.events$.subscribe((e) => pushEvents.push(e.type))
      return pull.bind('tcp://127.0.0.1:*').then((endpoint) => {
        expect(endpoint).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/)
        push.connect(endpoint)
        push.close()
        expect(pullEvents).toEqual(['bind', 'accept', 'handshake', 'disconnect'])
        expect(pushEvents).toEqual(['connect', 'handshake'])
      })
    })

    it('should refuse an endpoint in use, on ready and on bind() alike', () => {
      const net = new VirtualNetwork()
      new PullSocket({ transport: net, bind: 'inproc://taken' })
      const second = new PullSocket({ transport: net, bind: 'inproc://taken' })
      return Promise.all([
        expect(second.ready).rejects.toMatchObject({ code: 'EADDRINUSE' }),
        expect(new PullSocket({ transport: net }).bind('inproc://taken')).rejects.toMatchObject({
          code: 'EADDRINUSE',
        }),
      ])
    })

    it("should reach a bind on tcp://*:N from tcp://localhost:N, and refuse to connect to '*'", () => {
      const net = new VirtualNetwork()
      const pull = new PullSocket({ transport: net, bind: 'tcp://*:5556' })
      const push = new PushSocket({ transport: net, connect: 'tcp://localhost:5556' })
      const got = collect(pull)
      push.next('reached')
      expect(got).toEqual(['reached'])
      expect(() => push.connect('tcp://*:5556')).toThrow(
        expect.objectContaining({ code: 'EINVAL', endpoint: 'tcp://*:5556' }),
      )
    })

    it('should reconnect when the endpoint is bound again', () => {
      testScheduler().run(({ expectObservable }) => {
        const net = new VirtualNetwork()
        const push = new PushSocket({ transport: net, connect: 'inproc://again' })
        const first = new PullSocket({ transport: net, bind: 'inproc://again' })
        first.close()
        push.next('kept')
        // the push redials after reconnectInterval (100 ms), then waits for the bind at 150
        const received = new Subject<string>()
        expectObservable(received).toBe('150ms k', { k: 'kept' })
        feed(
          {
            next: () => {
              const second = new PullSocket({ transport: net, bind: 'inproc://again' })
              second.pipe(map(messageText)).subscribe(received)
            },
          },
          '150ms x',
        )
      })
    })

    it('should let complete() deliver waiting messages within linger, then close', () => {
      testScheduler().run(({ expectObservable }) => {
        const net = new VirtualNetwork()
        const early = new PushSocket({ transport: net, connect: 'inproc://early', linger: 5 })
        const late = new PushSocket({ transport: net, connect: 'inproc://late', linger: 5 })
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
              new PullSocket({ transport: net, bind: 'inproc://early' })
                .pipe(map(messageText))
                .subscribe(fromEarly),
          },
          '--x',
        )
        feed(
          {
            next: () =>
              new PullSocket({ transport: net, bind: 'inproc://late' })
                .pipe(map(messageText))
                .subscribe(fromLate),
          },
          '------x',
        )
      })
    })

    it('should complete receivers on close and error them on error', () => {
      const net = new VirtualNetwork()
      const pull = new PullSocket({ transport: net })
      const pair = new PairSocket({ transport: net })
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
