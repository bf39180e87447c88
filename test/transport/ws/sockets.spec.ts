// rxzmq's socket classes over the WebSocket transport (what rxzmq/web gives a page) against
// native libzmq sockets bound on ws://127.0.0.1:* (zeromq.js): each pattern end to end, as a
// user writes it. Run it in a private network namespace:
//   unshare -n bash -c 'ip link set lo up; npx jest test/transport/ws'
//
//   PushSocket ──▶ Pull          Push ──▶ PullSocket          Publisher ──▶ SubscriberSocket
//   RequestSocket ──▶ Reply      DealerSocket ×2 ──▶ Router   Dealer ──▶ RouterSocket
//   PairSocket ◀──▶ Pair
// and the ws entry of the shared contract and conformance suites (test/helpers/transports.ts).
import { filter, firstValueFrom } from 'rxjs'
import * as zmq from 'zeromq'
import {
  DealerSocket,
  nativeTransport,
  PairSocket,
  PullSocket,
  PushSocket,
  RequestSocket,
  RouterSocket,
  type SocketEvent,
  SubscriberSocket,
  type Transport,
  wsTransport,
} from '../../../src'
import { CORE } from '../../../src/core/members'
import type { Message } from '../../../src/message'
import { WsAgainstNative, type WsOrNativeSocket } from '../../helpers/wsAgainstNative'
import { TestWebSocket, testWebSocketName } from './helpers/pipes'

const opened: { close(): void }[] = []
afterEach(() => {
  for (const socket of opened.splice(0)) socket.close()
})

/** Remembers a socket for closing after the test. */
function track<S extends { close(): void }>(socket: S): S {
  opened.push(socket)
  return socket
}

let ws: Transport
beforeEach(() => {
  ws = wsTransport({ WebSocket: TestWebSocket })
})

/** Binds a native socket on ws://127.0.0.1:* and returns it with its endpoint. */
async function bound<S extends zmq.Socket>(socket: S): Promise<[S, string]> {
  track(socket)
  socket.linger = 0
  await socket.bind('ws://127.0.0.1:*')
  return [socket, socket.lastEndpoint as string]
}

/** A message's frames as latin1 strings (bytes 0-255 kept as they are). */
const strings = (message: readonly Uint8Array[]): string[] =>
  message.map((frame) => Buffer.from(frame).toString('latin1'))

/** A message of latin1 strings as frames. */
const frames = (...parts: string[]): Buffer[] => parts.map((p) => Buffer.from(p, 'latin1'))

/** Everything a socket receives from its creation on, and a way to wait for what is expected. */
class Recorder {
  readonly messages: string[][] = []
  private waiters: (() => void)[] = []

  constructor(socket: { subscribe(next: (message: Message) => void): unknown }) {
    socket.subscribe((message) => {
      this.messages.push(strings(message))
      for (const check of this.waiters.splice(0)) check()
    })
  }

  /** Resolves once a message received satisfies `predicate`. */
  until(predicate: (message: string[]) => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.messages.some(predicate)) resolve()
        else this.waiters.push(check)
      }
      check()
    })
  }

  /** Resolves with the first `n` messages once they came. */
  async first(n: number): Promise<string[][]> {
    await this.until(() => this.messages.length >= n)
    return this.messages.slice(0, n)
  }
}

/**
 * Publishes `round` again and again (each round once libzmq took the last, with a turn of the
 * event loop between) until `arrived` resolves: a PUB does not tell when a subscription has
 * reached it.
 */
async function publishUntil(
  pub: zmq.Publisher,
  round: () => Buffer[][],
  arrived: Promise<void>,
): Promise<void> {
  let done = false
  void arrived.then(() => (done = true))
  while (!done) {
    for (const message of round()) await pub.send(message)
    await new Promise((resolve) => setImmediate(resolve))
  }
}

describe(`socket classes over ZWS against libzmq 4.3.5 (${testWebSocketName})`, () => {
  it('PushSocket → native PULL: every message whole, in order', async () => {
    const [pull, endpoint] = await bound(new zmq.Pull())
    const push = track(new PushSocket({ transport: ws, connect: endpoint }))
    push.next(['job', '', '1'])
    push.next('2')
    push.next(frames('3', '\x00\xff'))
    expect(strings(await pull.receive())).toEqual(['job', '', '1'])
    expect(strings(await pull.receive())).toEqual(['2'])
    expect(strings(await pull.receive())).toEqual(['3', '\x00\xff'])
  })

  it('native PUSH → PullSocket: every message whole, in order', async () => {
    const [push, endpoint] = await bound(new zmq.Push())
    const pull = new Recorder(track(new PullSocket({ transport: ws, connect: endpoint })))
    for (let i = 0; i < 100; i++) await push.send(['n', String(i)])
    expect(await pull.first(100)).toEqual(Array.from({ length: 100 }, (_, i) => ['n', String(i)]))
  })

  it('native PUB → SubscriberSocket: prefixes filtered at the publisher, then a topic change', async () => {
    const [pub, endpoint] = await bound(new zmq.Publisher())
    const sub = track(new SubscriberSocket({ transport: ws, connect: endpoint }))
    // what reaches the socket itself (topic() would filter again on its own)
    const seen = new Recorder(sub)

    // subscribed to 'ab' and '\xff\x00': a probe for each until both are in place
    const holds = [sub.topic('ab').subscribe(), sub.topic(frames('\xff\x00')[0]).subscribe()]
    await publishUntil(
      pub,
      () => [frames('ab', 'probe'), frames('\xff\x00', 'probe')],
      Promise.all([seen.until((m) => m[0] === 'ab'), seen.until((m) => m[0] === '\xff\x00')]).then(
        () => undefined,
      ),
    )
    const probes = seen.messages.length
    for (const message of [
      frames('abc', '1'),
      frames('a', '2'),
      frames('xab', '3'),
      frames('\xff\x00\x01', '4'),
      frames('\xff\x01', '5'),
      frames('b', 'not subscribed'),
      frames('ab', '6'),
    ])
      await pub.send(message)
    await seen.until((m) => m[1] === '6')
    expect(seen.messages.slice(probes).filter((m) => m[1] !== 'probe')).toEqual([
      ['abc', '1'],
      ['\xff\x00\x01', '4'],
      ['ab', '6'],
    ])

    // the topic changes from 'ab' and '\xff\x00' to 'b'. The cancels and the subscription go
    // in that order on the one connection, and each round publishes 'b' before 'ab': once a
    // round's 'b' arrived, the cancels were in place before that round's 'ab' went
    const change = seen.messages.length
    for (const hold of holds) hold.unsubscribe()
    const holdB = sub.topic('b').subscribe()
    let round = 0
    await publishUntil(
      pub,
      () => {
        round++
        return [frames('b', `${round}`), frames('ab', `${round}`)]
      },
      seen.until((m) => m[0] === 'b'),
    )
    await pub.send(frames('ab', 'last'))
    await pub.send(frames('b', 'last'))
    await seen.until((m) => m[0] === 'b' && m[1] === 'last')
    holdB.unsubscribe()
    const after = seen.messages.slice(change)
    const firstB = after.findIndex((m) => m[0] === 'b')
    const changedIn = Number(after[firstB][1])
    // nothing but 'b' from then on (not the 'ab' sent right after that first 'b', nor 'last')
    expect(after.slice(firstB).filter((m) => m[0] !== 'b')).toEqual([])
    // before it, only the 'ab' of earlier rounds
    for (const [topic, n] of after.slice(0, firstB)) {
      expect(topic).toBe('ab')
      expect(Number(n)).toBeLessThan(changedIn)
    }
    expect(seen.messages.some((m) => m[1] === 'not subscribed')).toBe(false)
  })

  it('RequestSocket → native REP: each request() gets its reply', async () => {
    const [rep, endpoint] = await bound(new zmq.Reply())
    const req = track(new RequestSocket({ transport: ws, connect: endpoint }))
    void (async () => {
      for await (const [request] of rep) await rep.send(`re: ${request.toString()}`)
    })().catch(() => undefined) // ends when the socket closes
    for (const body of ['one', 'two', 'three'])
      expect(strings(await firstValueFrom(req.request(body)))).toEqual([`re: ${body}`])
  })

  it('DealerSocket ×2 (routing ids) → native ROUTER (routing id): replies routed by id', async () => {
    const [router, endpoint] = await bound(new zmq.Router({ routingId: 'broker' }))
    const alice = track(new DealerSocket({ transport: ws, connect: endpoint, routingId: 'alice' }))
    const bob = track(new DealerSocket({ transport: ws, connect: endpoint, routingId: 'bob' }))
    const toAlice = new Recorder(alice)
    const toBob = new Recorder(bob)
    alice.next(['', 'job a'])
    bob.next(['', 'job b'])
    const requests = [strings(await router.receive()), strings(await router.receive())].sort()
    expect(requests).toEqual([
      ['alice', '', 'job a'],
      ['bob', '', 'job b'],
    ])
    await router.send(['bob', '', 'done b'])
    await router.send(['alice', '', 'done a'])
    await router.send(['nobody', '', 'lost'])
    await router.send(['alice', '', 'done a2'])
    expect(await toAlice.first(2)).toEqual([
      ['', 'done a'],
      ['', 'done a2'],
    ])
    expect(await toBob.first(1)).toEqual([['', 'done b']])
    expect(toBob.messages).toHaveLength(1)
  })

  it("RouterSocket ← native DEALER (routing id): the dealer's id names it both ways", async () => {
    const [dealer, endpoint] = await bound(new zmq.Dealer({ routingId: 'worker-3' }))
    const router = track(new RouterSocket({ transport: ws, connect: endpoint, routingId: 'front' }))
    const got = new Recorder(router)
    await dealer.send(['ready'])
    expect(await got.first(1)).toEqual([['worker-3', 'ready']])
    router.next(['worker-3', 'task', '7'])
    expect(strings(await dealer.receive())).toEqual(['task', '7'])
  })

  it('PairSocket ↔ native PAIR: both ways, frames untouched', async () => {
    const [pair, endpoint] = await bound(new zmq.Pair())
    const socket = track(new PairSocket({ transport: ws, connect: endpoint }))
    const got = new Recorder(socket)
    socket.next(frames('ping', '', '\x00\xff'))
    expect(strings(await pair.receive())).toEqual(['ping', '', '\x00\xff'])
    await pair.send(frames('pong', ''))
    await pair.send('again')
    expect(await got.first(2)).toEqual([['pong', ''], ['again']])
  })

  it('a native binder reports handshake:error:other before disconnect when a ws peer goes', async () => {
    // libzmq runs a ZWS2.0 connection with no mechanism; stream_engine_base_t::error then
    // reports HANDSHAKE_FAILED_NO_DETAIL before DISCONNECTED whenever such a connection ends.
    // (The contract's "disconnect when the peer closes" is skipped for ws for this reason.)
    const pull = track(new PullSocket({ transport: nativeTransport }))
    const endpoint = await pull.bind('ws://127.0.0.1:*')
    const events: SocketEvent[] = []
    pull.events$.subscribe((event) => events.push(event))
    const handshake = firstValueFrom(pull.events$.pipe(filter((e) => e.type === 'handshake')))
    const push = track(new PushSocket({ transport: ws, connect: endpoint }))
    await handshake
    const gone = firstValueFrom(pull.events$.pipe(filter((e) => e.type === 'disconnect')))
    push.close()
    await gone
    expect(events.map((e) => e.type)).toEqual([
      'accept',
      'handshake',
      'handshake:error:other',
      'disconnect',
    ])
  })
})

describe('the ws entry of the conformance suites (test/helpers/wsAgainstNative.ts)', () => {
  it('makes the socket that binds a native one on ws://, and the one that connects a ws one', async () => {
    const transport = new WsAgainstNative()
    const pull = track(new PullSocket({ transport }))
    const endpoint = await pull.bind('ws://127.0.0.1:*')
    const push = track(new PushSocket({ transport, connect: endpoint }))
    const got = new Recorder(pull)
    push.next('across')
    expect(await got.first(1)).toEqual([['across']])
    const carriers = [pull, push].map((s) => (s[CORE].socket as WsOrNativeSocket).carrier)
    expect(carriers).toEqual(['native', 'ws'])
    expect(transport.check()).toEqual({ native: 1, ws: 1 })
  })

  it('hands what a socket was asked before its bind to the native socket', async () => {
    const transport = new WsAgainstNative()
    const push = track(new PushSocket({ transport }))
    push.next('sent before the bind') // held by the ws socket: no peer yet
    // the monitor, started before the bind: the native socket's events reach it
    const handshake = firstValueFrom(push.events$.pipe(filter((e) => e.type === 'handshake')))
    const endpoint = await push.bind('ws://127.0.0.1:*')
    const pull = track(new PullSocket({ transport, connect: endpoint }))
    const got = new Recorder(pull)
    expect(await got.first(1)).toEqual([['sent before the bind']])
    expect(await handshake).toEqual({ type: 'handshake', address: endpoint })
    expect(transport.check()).toEqual({ native: 1, ws: 1 })
  })
})
