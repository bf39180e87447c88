import { Dealer, Pair, Publisher, Pull, Push, Reply, Router, XPublisher, type Socket } from 'zeromq'
import { ConnectionError } from '../../../src/errors/ConnectionError'
import { MessageTooLargeError } from '../../../src/errors/MessageTooLargeError'
import type { PipeNetwork } from '../../../src/transport/pipes/Pipe'
import type { Bytes } from '../../../src/transport/Transport'
import { wsNetwork } from '../../../src/transport/ws'
import { utf8 } from './helpers/FakeWebSocket'
import {
  closePipes,
  dialPipe,
  local,
  testWebSocketName,
  text,
  TestWebSocket,
} from './helpers/pipes'

/*
 * Our ZWS pipes against native libzmq sockets bound on ws://127.0.0.1:* (a free port, read back
 * from lastEndpoint), through a real WebSocket client. Run it in a private network namespace:
 *   unshare -n bash -c 'ip link set lo up; npx jest test/transport/ws'
 */

const natives: Socket[] = []
afterEach(() => {
  closePipes()
  for (const socket of natives.splice(0)) socket.close()
})

/** Binds a native socket on ws://127.0.0.1:* and returns it with its endpoint. */
async function bound<S extends Socket>(socket: S): Promise<[S, string]> {
  natives.push(socket)
  await socket.bind('ws://127.0.0.1:*')
  return [socket, socket.lastEndpoint as string]
}

const strings = (frames: Bytes[]): string[] => frames.map((f) => Buffer.from(f).toString())

let network: PipeNetwork
beforeEach(() => {
  network = wsNetwork({ WebSocket: TestWebSocket })
})

describe(`ZWS pipes against libzmq 4.3.5 (${testWebSocketName})`, () => {
  it('the handshake: connect then handshake events, the server routing id as peerIdentity', async () => {
    const [, endpoint] = await bound(new Router({ routingId: 'broker' }))
    const { pipe, events } = await dialPipe(network, endpoint, local('DEALER'))
    expect(events).toEqual([
      { type: 'connect', address: endpoint },
      { type: 'handshake', address: endpoint },
    ])
    expect(text([pipe.peerIdentity as Bytes])).toEqual(['broker'])
    expect(pipe.peerType).toBe('ROUTER') // assumed: ZWS2.0 does not carry it
  })

  it('native XPUB → pipe: subscribe, only matching messages, cancel', async () => {
    const [xpub, endpoint] = await bound(new XPublisher())
    const { pipe, inbox } = await dialPipe(network, endpoint, local('SUB'))

    pipe.write([Uint8Array.from([1, ...utf8('weather')])])
    expect(strings(await xpub.receive())).toEqual(['\x01weather'])
    await xpub.send(['sports', 'goal'])
    await xpub.send(['weather', 'sunny'])
    expect(text(await inbox.message(1))).toEqual(['weather', 'sunny'])

    pipe.write([Uint8Array.from([0, ...utf8('weather')])])
    expect(strings(await xpub.receive())).toEqual(['\x00weather'])
    pipe.write([Uint8Array.from([1, ...utf8('end')])])
    expect(strings(await xpub.receive())).toEqual(['\x01end'])
    await xpub.send(['weather', 'rain']) // cancelled: filtered at the publisher
    await xpub.send(['end', '.'])
    expect(text(await inbox.message(2))).toEqual(['end', '.'])
    expect(inbox.messages.map(text)).toEqual([
      ['weather', 'sunny'],
      ['end', '.'],
    ])
  })

  it('native PUB → pipe: filtering happens at the publisher', async () => {
    const [pub, endpoint] = await bound(new Publisher())
    const { pipe, inbox } = await dialPipe(network, endpoint, local('SUB'))
    pipe.write([Uint8Array.from([1, ...utf8('a')])])
    // A PUB does not tell when the subscription arrived: publish until the first match lands.
    let sent = 0
    const publishing = (async () => {
      while (inbox.messages.length === 0 && sent < 10000) {
        await pub.send(['b', 'not for us'])
        await pub.send(['a', String(sent++)])
        await new Promise((resolve) => setImmediate(resolve))
      }
    })()
    await inbox.message(1)
    await publishing
    expect(inbox.messages.length).toBeGreaterThan(0)
    for (const message of inbox.messages) expect(text(message)?.[0]).toBe('a')
  })

  it("native REP ← pipe sending ['', 'hello'] (the raw delimiter): the reply keeps it", async () => {
    const [rep, endpoint] = await bound(new Reply())
    const { pipe, inbox } = await dialPipe(network, endpoint, local('REQ'))
    expect(pipe.peerIdentity).toBeUndefined()
    pipe.write([new Uint8Array(0), utf8('hello')])
    expect(strings(await rep.receive())).toEqual(['hello'])
    await rep.send('world')
    expect(text(await inbox.message(1))).toEqual(['', 'world'])
  })

  it("native ROUTER ← pipe (identity 'web1') sending ['', 'hello']", async () => {
    const [router, endpoint] = await bound(new Router())
    const { pipe, inbox } = await dialPipe(network, endpoint, local('REQ', {}, 'web1'))
    pipe.write([new Uint8Array(0), utf8('hello')])
    const request = await router.receive()
    expect(strings(request)).toEqual(['web1', '', 'hello'])
    await router.send([request[0], '', 'world'])
    expect(text(await inbox.message(1))).toEqual(['', 'world'])
  })

  it('DEALER pipe ↔ native ROUTER, both with routing ids', async () => {
    const [router, endpoint] = await bound(new Router({ routingId: 'broker' }))
    const { pipe, inbox } = await dialPipe(network, endpoint, local('DEALER', {}, 'dealer-7'))
    expect(text([pipe.peerIdentity as Bytes])).toEqual(['broker'])
    pipe.write([utf8('job'), utf8('1')])
    expect(strings(await router.receive())).toEqual(['dealer-7', 'job', '1'])
    await router.send(['dealer-7', 'done', '1'])
    expect(text(await inbox.message(1))).toEqual(['done', '1'])
  })

  it('ROUTER pipe ↔ native DEALER: the dealer routing id is the peerIdentity', async () => {
    const [dealer, endpoint] = await bound(new Dealer({ routingId: 'worker-3' }))
    const { pipe, inbox } = await dialPipe(network, endpoint, local('ROUTER', {}, 'front'))
    expect(text([pipe.peerIdentity as Bytes])).toEqual(['worker-3'])
    expect(pipe.peerType).toBe('DEALER')
    await dealer.send(['ready'])
    expect(text(await inbox.message(1))).toEqual(['ready'])
    pipe.write([utf8('task')])
    expect(strings(await dealer.receive())).toEqual(['task'])
  })

  it('native PUSH → pipe: every message, in order', async () => {
    const [push, endpoint] = await bound(new Push())
    const { inbox } = await dialPipe(network, endpoint, local('PULL'))
    const count = 500
    for (let i = 0; i < count; i++) await push.send(['n', String(i)])
    await inbox.message(count)
    expect(inbox.messages.map((m) => text(m)?.[1])).toEqual(
      Array.from({ length: count }, (_, i) => String(i)),
    )
    expect(inbox.messages.every((m) => text(m)?.[0] === 'n')).toBe(true)
  })

  it('pipe → native PULL: every message, in order', async () => {
    const [pull, endpoint] = await bound(new Pull())
    const { pipe } = await dialPipe(network, endpoint, local('PUSH'))
    const count = 500
    for (let i = 0; i < count; i++) expect(pipe.write([utf8('n'), utf8(String(i))])).toBe(true)
    for (let i = 0; i < count; i++) expect(strings(await pull.receive())).toEqual(['n', String(i)])
  })

  it('PAIR: both ways', async () => {
    const [pair, endpoint] = await bound(new Pair())
    const { pipe, inbox } = await dialPipe(network, endpoint, local('PAIR'))
    expect(pipe.peerType).toBe('PAIR')
    pipe.write([utf8('ping')])
    expect(strings(await pair.receive())).toEqual(['ping'])
    await pair.send(['pong', ''])
    expect(text(await inbox.message(1))).toEqual(['pong', ''])
  })

  it('backpressure: write() returns false while PULL does not read, then writable; nothing lost', async () => {
    const [pull, endpoint] = await bound(new Pull({ receiveHighWaterMark: 10 }))
    const { pipe, inbox } = await dialPipe(
      network,
      endpoint,
      local('PUSH', { sendHighWaterMark: 100 }),
    )
    const body = new Uint8Array(1024)
    let written = 0
    while (written < 200000 && pipe.write([utf8(String(written)), body])) written++
    expect(written).toBeLessThan(200000) // the pipe pushed back
    expect(pipe.writable).toBe(false)
    const total = written + 300
    let received = 0
    const reading = (async () => {
      while (received < total) {
        const [n] = await pull.receive()
        expect(n.toString()).toBe(String(received))
        received++
      }
    })()
    while (written < total) {
      if (!pipe.write([utf8(String(written)), body])) {
        const calls = inbox.writableCalls
        await inbox.until(() => inbox.writableCalls > calls)
        continue
      }
      written++
    }
    await reading
    expect(received).toBe(total)
    expect(inbox.writableCalls).toBeGreaterThan(0)
  })

  it('a message over maxMessageSize closes the pipe with MessageTooLargeError', async () => {
    const [push, endpoint] = await bound(new Push())
    const { inbox } = await dialPipe(network, endpoint, local('PULL', { maxMessageSize: 100 }))
    await push.send(['small'])
    await push.send(['x', Buffer.alloc(100)])
    const error = await inbox.closedWith()
    expect(error).toBeInstanceOf(MessageTooLargeError)
    expect(error).toMatchObject({ code: 'EMSGSIZE', size: 101, limit: 100, endpoint })
    expect(inbox.messages.map(text)).toEqual([['small']])
  })

  it('the native socket closing: the pipe closes with ECONNRESET (libzmq sends no close frame)', async () => {
    const [pair, endpoint] = await bound(new Pair())
    const { inbox } = await dialPipe(network, endpoint, local('PAIR'))
    pair.close()
    const error = await inbox.closedWith()
    expect(error).toBeInstanceOf(ConnectionError)
    expect(error).toMatchObject({ code: 'ECONNRESET', endpoint })
  })

  it('pipe.close() reports closed at once, though libzmq does not answer the close frame', async () => {
    // libzmq 4.3.5 handles WebSocket close frames only when a mechanism runs (ZWS2.0/NULL...),
    // which browsers cannot ask for: the native side keeps the connection until the client's
    // WebSocket gives up waiting and drops TCP. The pipe does not wait for that.
    const [, endpoint] = await bound(new Pair())
    const { pipe, inbox } = await dialPipe(network, endpoint, local('PAIR'))
    pipe.close()
    expect(await inbox.closedWith()).toBeUndefined()
  })
})
