import { firstValueFrom, map, take, toArray } from 'rxjs'
import {
  ClientSocket,
  DishSocket,
  InvalidFrameError,
  RadioSocket,
  ScatterSocket,
  GatherSocket,
  ServerSocket,
  fromDish,
} from '../../src'
import { bindEndpoint, transports } from '../helpers/endpoints'
import { tracker } from '../helpers/cleanup'
import { zmq } from '../../src/transport/native/zeromq'

const draft = zmq.capability.draft === true

// The draft sockets exist only where libzmq was built with the draft API; zeromq 6.8's
// prebuilt binary has it, and this suite says so rather than passing vacuously.
;(draft ? describe : describe.skip).each(transports)('draft sockets over %s', (transport) => {
  const track = tracker()

  it('should route CLIENT requests to SERVER and replies back by routing id', async () => {
    //  Client ×2 ──▶ Server (bind)
    const server = track(new ServerSocket())
    const endpoint = await server.bind(bindEndpoint(transport))
    server.subscribe(({ routingId, data }) =>
      server.next({ routingId, data: `re:${String(data)}` }),
    )
    const a = track(new ClientSocket({ connect: endpoint }))
    const b = track(new ClientSocket({ connect: endpoint }))
    const fromA = firstValueFrom(a.pipe(map((m) => String(m[0]))))
    const fromB = firstValueFrom(b.pipe(map((m) => String(m[0]))))
    a.next('from a')
    b.next('from b')
    expect(await fromA).toBe('re:from a')
    expect(await fromB).toBe('re:from b')
  })

  it('should refuse a multipart message on a single-frame socket', async () => {
    const client = track(new ClientSocket())
    await expect(client.send(['a', 'b'] as never)).rejects.toBeInstanceOf(InvalidFrameError)
  })

  it('should deliver RADIO messages only to DISH peers that joined the group', async () => {
    //  Radio (bind) ──▶ Dish (connect, joined 'weather')
    const radio = track(new RadioSocket())
    const endpoint = await radio.bind(bindEndpoint(transport))
    const dishSocket = track(new DishSocket({ connect: endpoint, groups: ['weather'] }))
    const got = firstValueFrom(
      dishSocket.pipe(map(({ group, data }) => `${group}:${String(data)}`)),
    )
    // radio drops until the dish's JOIN arrives: resend until received (no sleeps)
    let done = false
    void got.then(() => (done = true))
    for (let attempt = 0; !done && attempt < 100000; attempt++) {
      await radio.send({ group: 'sport', data: 'no' })
      await radio.send({ group: 'weather', data: 'sunny' })
      await new Promise((resolve) => setImmediate(resolve))
    }
    expect(await got).toBe('weather:sunny')
  })

  it('should gather what scatter sends', async () => {
    const gatherer = track(new GatherSocket())
    const endpoint = await gatherer.bind(bindEndpoint(transport))
    const scatterer = track(new ScatterSocket({ connect: endpoint }))
    const got = firstValueFrom(
      gatherer.pipe(
        take(3),
        map((m) => String(m[0])),
        toArray(),
      ),
    )
    for (const m of ['1', '2', '3']) scatterer.next(m)
    expect(await got).toEqual(['1', '2', '3'])
  })
})

;(draft ? describe : describe.skip)('RADIO/DISH over udp', () => {
  const track = tracker()
  it('should carry group messages over udp on loopback', async () => {
    const port = 20000 + (process.pid % 20000)
    const received = firstValueFrom(
      fromDish({ bind: `udp://127.0.0.1:${port}`, groups: ['g'] }).pipe(map((m) => String(m.data))),
    )
    const radio = track(new RadioSocket({ connect: `udp://127.0.0.1:${port}` }))
    let done = false
    void received.then(() => (done = true))
    for (let attempt = 0; !done && attempt < 100000; attempt++) {
      await radio.send({ group: 'g', data: 'over udp' })
      await new Promise((resolve) => setImmediate(resolve))
    }
    expect(await received).toBe('over udp')
  })
})
