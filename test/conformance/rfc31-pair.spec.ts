// RFC 31/EXPAIR (https://rfc.zeromq.org/spec/31/), one `it` per SHALL clause, run on every
// transport of conformanceTransports() (native, zmtp, virtual, ws: test/helpers/transports.ts).
//
//   PAIR (bind) ◀──▶ PAIR (connect)
import { conformanceTransports, receive, texts } from '../helpers/transports'

describe.each(conformanceTransports())('RFC 31 exclusive pair over $name', (transport) => {
  const { sockets } = transport
  afterEach(() => transport.closeAll())

  it('PAIR "SHALL receive incoming messages from its single peer if it has one." and "SHALL deliver these to its calling application."', async () => {
    const left = sockets.pair()
    const endpoint = await left.bind(transport.endpoint())
    const right = sockets.pair({ connect: endpoint })
    const atLeft = receive(left, 1)
    const atRight = receive(right, 1)
    right.next('to left')
    left.next('to right')
    expect(texts((await atLeft)[0])).toEqual(['to left'])
    expect(texts((await atRight)[0])).toEqual(['to right'])
  })

  it('PAIR "SHALL not filter or modify outgoing or incoming messages in any way."', async () => {
    const left = sockets.pair()
    const endpoint = await left.bind(transport.endpoint())
    const right = sockets.pair({ connect: endpoint })
    const message = [Buffer.alloc(0), Buffer.from([0, 255]), Buffer.from('x')]
    const got = receive(left, 1)
    right.next(message)
    expect(await got).toEqual([message])
  })

  it('PAIR "SHALL NOT discard messages that it cannot queue." (no peer yet: they wait)', async () => {
    const left = sockets.pair()
    const endpoint = await left.bind(transport.endpoint())
    const right = sockets.pair()
    for (const word of ['one', 'two', 'three']) right.next(word)
    const got = receive(left, 3)
    right.connect(endpoint)
    expect((await got).map((m) => texts(m)[0])).toEqual(['one', 'two', 'three'])
  })
})
