import { filter, firstValueFrom, map, take, toArray } from 'rxjs'
import { DealerSocket, RequestSocket, RouterSocket, text, type ZmqError } from '../../src'
import { bindEndpoint, transports } from '../helpers/endpoints'
import { tracker } from '../helpers/cleanup'
import { captureWarnings } from '../helpers/warnings'

describe.each(transports)('DEALER/ROUTER over %s', (transport) => {
  //  Dealer A ──┐
  //             ├──▶ Router (bind): [identity, ...frames] in, [identity, ...frames] out
  //  Dealer B ──┘
  const track = tracker()

  it('should prefix what it receives with the peer identity and route replies back to that peer', async () => {
    const router = track(new RouterSocket())
    const endpoint = await router.bind(bindEndpoint(transport))
    router.subscribe((m) => router.next([m[0], 'echo', ...m.slice(1)]))
    const a = track(new DealerSocket({ routingId: 'A', connect: endpoint }))
    const b = track(new DealerSocket({ routingId: 'B', connect: endpoint }))
    const fromA = firstValueFrom(
      a.pipe(
        take(2),
        map((m) => m.map(String)),
        toArray(),
      ),
    )
    const fromB = firstValueFrom(
      b.pipe(
        take(1),
        map((m) => m.map(String)),
        toArray(),
      ),
    )
    a.next(['a1', 'x'])
    b.next('b1')
    a.next('a2')
    expect(await fromA).toEqual([
      ['echo', 'a1', 'x'],
      ['echo', 'a2'],
    ])
    expect(await fromB).toEqual([['echo', 'b1']])
  })

  it('should see a REQ peer envelope (identity, empty delimiter, body)', async () => {
    const router = track(new RouterSocket())
    const endpoint = await router.bind(bindEndpoint(transport))
    const req = track(new RequestSocket({ routingId: 'client-1', connect: endpoint }))
    const seen = firstValueFrom(router)
    const reply = firstValueFrom(req.request('hi').pipe(text()))
    const envelope = await seen
    expect(envelope.map(String)).toEqual(['client-1', '', 'hi'])
    router.next([envelope[0], '', 'hello client-1'])
    expect(await reply).toBe('hello client-1')
  })

  it('should deal round-robin from one dealer to several routers', async () => {
    const r1 = track(new RouterSocket())
    const r2 = track(new RouterSocket())
    const e1 = await r1.bind(bindEndpoint(transport))
    const e2 = await r2.bind(bindEndpoint(transport))
    // without `immediate`, connect() makes a pipe at once, so both peers take turns from the start
    const dealer = track(new DealerSocket({ routingId: 'D', connect: [e1, e2] }))
    const got1 = firstValueFrom(
      r1.pipe(
        take(2),
        map((m) => String(m[1])),
        toArray(),
      ),
    )
    const got2 = firstValueFrom(
      r2.pipe(
        take(2),
        map((m) => String(m[1])),
        toArray(),
      ),
    )
    for (const m of ['m0', 'm1', 'm2', 'm3']) dealer.next(m)
    const all = [...(await got1), ...(await got2)].sort()
    expect(all).toEqual(['m0', 'm1', 'm2', 'm3'])
    expect((await got1).length).toBe(2)
  })
})

describe('ROUTER with mandatory', () => {
  //  Router (mandatory: true) with no peer, or with a peer that is not the one named:
  //  libzmq answers EHOSTUNREACH at once; zeromq.js alone would wait for a writable socket.
  const track = tracker()

  it('should reject send() to an unknown peer with EHOSTUNREACH, with no peer at all', async () => {
    const router = track(new RouterSocket({ mandatory: true, bind: 'tcp://127.0.0.1:*' }))
    const started = Date.now()
    await expect(router.send(['nobody', 'hello'])).rejects.toMatchObject({ code: 'EHOSTUNREACH' })
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('should not let messages to an unknown peer hold up those queued behind them', async () => {
    const router = track(new RouterSocket({ mandatory: true }))
    const endpoint = await router.bind('tcp://127.0.0.1:*')
    const refused = firstValueFrom(
      router.events$.pipe(
        filter((e) => e.type === 'send:error'),
        take(1000),
        toArray(),
      ),
    )
    for (let i = 0; i < 1000; i++) router.next(['nobody', String(i)])
    const errors = await refused
    expect(errors.every((e) => (e as { error: ZmqError }).error.code === 'EHOSTUNREACH')).toBe(true)
    const dealer = track(new DealerSocket({ routingId: 'A', connect: endpoint }))
    const hello = firstValueFrom(router)
    dealer.next('hello')
    expect((await hello).map(String)).toEqual(['A', 'hello'])
    const welcome = firstValueFrom(dealer.pipe(text()))
    await router.send(['A', 'welcome'])
    expect(await welcome).toBe('welcome')
  })

  it('should give one warning, then one summary, for 1,000 failing next() calls', async () => {
    const router = track(new RouterSocket({ mandatory: true, bind: 'tcp://127.0.0.1:*' }))
    const warnings = captureWarnings()
    try {
      for (let i = 0; i < 1000; i++) router.next(['nobody', String(i)])
      // a send() queued behind them settles once they all have
      await expect(router.send(['nobody', 'last'])).rejects.toMatchObject({ code: 'EHOSTUNREACH' })
      await new Promise((resolve) => setImmediate(resolve))
      expect(warnings.messages).toEqual([
        expect.stringMatching(/RouterSocket: send .*EHOSTUNREACH/),
      ])
      router.close() // tells what was not told yet
      await new Promise((resolve) => setImmediate(resolve))
      expect(warnings.messages).toEqual([
        expect.stringMatching(/EHOSTUNREACH/),
        expect.stringMatching(
          /RouterSocket: 999 more messages given to next\(\) were refused \(EHOSTUNREACH/,
        ),
      ])
    } finally {
      warnings.restore()
    }
  })

  it('should still wait for a known peer at its high-water mark, as a blocking send does', async () => {
    const router = track(new RouterSocket({ mandatory: true, sendHighWaterMark: 1 }))
    const endpoint = await router.bind('tcp://127.0.0.1:*')
    const dealer = track(
      new DealerSocket({ routingId: 'A', receiveHighWaterMark: 1, connect: endpoint }),
    )
    const hello = firstValueFrom(router)
    dealer.next('hello')
    await hello
    // the dealer reads nothing yet: the router's sends wait for room, none is refused
    const sent = Array.from({ length: 50 }, (_, i) => router.send(['A', String(i)]))
    const got = firstValueFrom(dealer.pipe(take(50), toArray()))
    await Promise.all(sent)
    expect((await got).map(String)).toEqual(Array.from({ length: 50 }, (_, i) => String(i)))
  })
})
