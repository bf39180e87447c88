// RFC 28/REQREP (https://rfc.zeromq.org/spec/28/), one `it` per SHALL clause, run on every
// transport of conformanceTransports() (native, zmtp, virtual, ws: test/helpers/transports.ts).
//
//   REQ ──▶ ROUTER     DEALER ──▶ REP     DEALER ──▶ ROUTER     DEALER ──▶ REP ×2
import { map, take } from 'rxjs'
import { conformanceTransports, itWhen, receive, texts } from '../helpers/transports'

describe.each(conformanceTransports())('RFC 28 request-reply over $name', (transport) => {
  const { sockets } = transport
  afterEach(() => transport.closeAll())

  it('REQ "SHALL prefix the outgoing message with an empty delimiter frame."', async () => {
    const router = sockets.router()
    const endpoint = await router.bind(transport.endpoint())
    const req = sockets.request({ connect: endpoint })
    const got = receive(router, 1)
    req.next(['hello', 'there'])
    const [message] = await got
    expect(texts(message.slice(1))).toEqual(['', 'hello', 'there'])
  })

  it('REQ "SHALL send and then receive exactly one message at a time."', async () => {
    const rep = sockets.reply()
    const endpoint = await rep.bind(transport.endpoint())
    rep.pipe(map((m) => `re: ${texts(m)[0]}`)).subscribe(rep)
    const req = sockets.request({ connect: endpoint })
    await req.send('first')
    await expect(req.send('second')).rejects.toMatchObject({ code: 'EFSM' })
    const [reply] = await receive(req, 1)
    expect(texts(reply)).toEqual(['re: first'])
  })

  it('REP "SHALL remove and store the address envelope, including the delimiter." and "SHALL prepend the address envelope and delimiter."', async () => {
    const rep = sockets.reply()
    const endpoint = await rep.bind(transport.endpoint())
    const bodies = receive(rep, 1)
    rep
      .pipe(
        take(1),
        map((m) => [texts(m)[0].toUpperCase()]),
      )
      .subscribe((r) => rep.next(r))
    const dealer = sockets.dealer({ connect: endpoint })
    const reply = receive(dealer, 1)
    dealer.next(['hop2', 'hop1', '', 'body'])
    expect((await bodies).map(texts)).toEqual([['body']])
    expect(texts((await reply)[0])).toEqual(['hop2', 'hop1', '', 'BODY'])
  })

  it('ROUTER "SHALL prefix each incoming message with a frame containing the identity of the originating double queue." and "SHOULD allow the peer to specify its identity"', async () => {
    const router = sockets.router()
    const endpoint = await router.bind(transport.endpoint())
    const got = receive(router, 2)
    sockets.dealer({ connect: endpoint, routingId: 'alice' }).next('from alice')
    sockets.dealer({ connect: endpoint, routingId: 'bob' }).next('from bob')
    const messages = (await got).map(texts).sort()
    expect(messages).toEqual([
      ['alice', 'from alice'],
      ['bob', 'from bob'],
    ])
  })

  // ws: the native ROUTER may not know a peer's routing id at its handshake event (see
  // routableOnHandshake)
  itWhen(transport.routableOnHandshake)(
    'ROUTER "SHALL route the message to the outgoing queue if that queue exists" and "SHALL either silently drop the message ... if the queue does not exist"',
    async () => {
      const router = sockets.router()
      const endpoint = await router.bind(transport.endpoint())
      const connected = transport.peers(router, 2)
      const alice = sockets.dealer({ connect: endpoint, routingId: 'alice' })
      const bob = sockets.dealer({ connect: endpoint, routingId: 'bob' })
      await connected
      const toAlice = receive(alice, 2)
      const toBob = receive(bob, 1)
      router.next(['alice', 'a1'])
      router.next(['nobody', 'lost'])
      router.next(['bob', 'b1'])
      router.next(['alice', 'a2'])
      expect((await toAlice).map(texts)).toEqual([['a1'], ['a2']])
      expect((await toBob).map(texts)).toEqual([['b1']])
    },
  )

  it('DEALER "SHALL route outgoing messages to available peers using a round-robin strategy."', async () => {
    const dealer = sockets.dealer()
    const endpoint = await dealer.bind(transport.endpoint())
    const connected = transport.peers(dealer, 2)
    const reps = [0, 1].map(() => sockets.reply({ connect: endpoint }))
    for (const [k, rep] of reps.entries())
      rep.pipe(map((m) => `${k}:${texts(m)[0]}`)).subscribe(rep)
    await connected
    const replies = receive(dealer, 4)
    for (const n of [1, 2, 3, 4]) dealer.next(['', String(n)])
    const bodies = (await replies).map((m) => texts(m)[1]).sort()
    // each REP answered every other request
    const byRep = [0, 1].map((k) =>
      bodies.filter((b) => b.startsWith(`${k}:`)).map((b) => Number(b.slice(2))),
    )
    expect(byRep.map((r) => r.length)).toEqual([2, 2])
    for (const r of byRep) expect(Math.abs(r[0] - r[1])).toBe(2)
  })
})
