// RFC 30/PIPELINE (https://rfc.zeromq.org/spec/30/), one `it` per SHALL clause, run on
// every transport of conformanceTransports() (native, zmtp, virtual, ws: test/helpers/transports.ts).
//
//   PUSH (bind) ──▶ PULL ×3        PUSH ×3 ──▶ PULL (bind)
import { conformanceTransports, itWhen, receive, texts } from '../helpers/transports'

describe.each(conformanceTransports())('RFC 30 pipeline over $name', (transport) => {
  const { sockets } = transport
  afterEach(() => transport.closeAll())

  it('PUSH "SHALL route outgoing messages to available peers using a round-robin strategy."', async () => {
    const push = sockets.push()
    const endpoint = await push.bind(transport.endpoint())
    const connected = transport.peers(push, 3)
    const pulls = [0, 1, 2].map(() => sockets.pull({ connect: endpoint }))
    const got = pulls.map((pull) => receive(pull, 100))
    await connected
    for (let i = 0; i < 300; i++) push.next(String(i))
    const results = (await Promise.all(got)).map((messages) =>
      messages.map((m) => Number(texts(m)[0])),
    )
    expect(results.map((r) => r.length)).toEqual([100, 100, 100])
    // in turn: each PULL got every third message, and together they got each message once
    for (const r of results) expect(new Set(r.map((n) => n % 3)).size).toBe(1)
    expect(results.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => i))
  })

  it('PUSH "SHALL NOT discard messages that it cannot queue." (no peer yet: they wait)', async () => {
    const pull = sockets.pull()
    const endpoint = await pull.bind(transport.endpoint())
    const push = sockets.push()
    for (const word of ['one', 'two', 'three']) push.next(word)
    const got = receive(pull, 3)
    push.connect(endpoint)
    expect((await got).map((m) => texts(m)[0])).toEqual(['one', 'two', 'three'])
  })

  it('PULL "SHALL not filter or modify incoming messages in any way." (multipart whole)', async () => {
    const pull = sockets.pull()
    const endpoint = await pull.bind(transport.endpoint())
    const push = sockets.push({ connect: endpoint })
    const frames = [
      Buffer.from('head'),
      Buffer.alloc(0),
      Buffer.from([0, 255, 1]),
      Buffer.alloc(5000, 9),
    ]
    const got = receive(pull, 2)
    push.next(frames)
    push.next('single')
    const [first, second] = await got
    expect(first).toEqual(frames)
    expect(texts(second)).toEqual(['single'])
  })

  // ws: the binder is libzmq, whose queues cannot be counted (see arrivals)
  itWhen(transport.arrivals)(
    'PULL "SHALL receive incoming messages from its peers using a fair-queuing strategy."',
    async () => {
      // inproc: every peer's batch is in the PULL's queues before it reads anything
      const pull = sockets.pull()
      const endpoint = await pull.bind(transport.inproc())
      const pushes = ['a', 'b', 'c'].map(() => sockets.push({ connect: endpoint }))
      await Promise.all(
        pushes.map((push, k) => Promise.all([1, 2, 3].map((i) => push.send(`${'abc'[k]}${i}`)))),
      )
      await transport.arrived(pull, 9)
      const got = (await receive(pull, 9)).map((m) => texts(m)[0])
      expect(got).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'c2', 'a3', 'b3', 'c3'])
    },
  )
})
