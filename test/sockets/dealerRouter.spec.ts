import { firstValueFrom, map, take, toArray } from 'rxjs'
import { DealerSocket, RequestSocket, RouterSocket, text } from '../../src'
import { bindEndpoint, transports } from '../helpers/endpoints'
import { tracker } from '../helpers/cleanup'

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
