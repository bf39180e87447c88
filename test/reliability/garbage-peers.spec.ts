// Random bytes and truncated or corrupt ZMTP greetings thrown at a bound tcp port by plain
// node:net clients, while well-formed peers keep talking to the same socket:
//
//   node:net ──garbage──▶ ┐
//   node:net ──greeting[0..n)──▶ ├─ bound socket (Router / Reply / Pull / Pair)
//   well-formed rxzmq peer ◀──▶ ┘   (one connected before the garbage, one after)
//
// Seeded generator; every garbage connection is closed after the test; the socket must go
// on serving, and its events$ must show libzmq refusing the bad handshakes.
import { connect as netConnect, type Socket as NetSocket } from 'node:net'
import fc from 'fast-check'
import { filter, firstValueFrom, type Observable } from 'rxjs'
import {
  DealerSocket,
  PairSocket,
  PullSocket,
  PushSocket,
  ReplySocket,
  RequestSocket,
  RouterSocket,
  type Message,
  type SocketEvent,
} from '../../src'
import { tracker } from '../helpers/cleanup'

const SEED = 4242
const ROUNDS = 3
const GARBAGE_PER_ROUND = 40

/** The 64-byte ZMTP 3.1 greeting of a NULL-mechanism client (RFC 23/37). */
function greeting(): Buffer {
  const g = Buffer.alloc(64)
  g[0] = 0xff
  g[9] = 0x7f
  g[10] = 3
  g[11] = 1
  g.write('NULL', 12, 'ascii')
  return g
}

/** What a garbage client sends, as bytes; `keepOpen` leaves the connection hanging. */
const garbage: fc.Arbitrary<{ bytes: Buffer; keepOpen: boolean }> = fc.record({
  bytes: fc.oneof(
    // random bytes
    fc.uint8Array({ minLength: 1, maxLength: 300 }).map((b) => Buffer.from(b)),
    // a greeting cut anywhere
    fc.integer({ min: 1, max: 63 }).map((n) => greeting().subarray(0, n)),
    // a whole greeting with a corrupted byte
    fc
      .tuple(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 0, max: 255 }))
      .map(([at, byte]) => {
        const g = greeting()
        g[at] = byte
        return g
      }),
    // a whole greeting, then random bytes where the READY command should be
    fc.uint8Array({ minLength: 1, maxLength: 200 }).map((b) => Buffer.concat([greeting(), b])),
    // a whole greeting, then a frame claiming 2^62 bytes
    fc.constant(Buffer.concat([greeting(), Buffer.from([0x06, 0x40, 0, 0, 0, 0, 0, 0, 0, 0x04])])),
  ),
  keepOpen: fc.boolean(),
})

interface Case {
  name: string
  /** Makes the bound socket and a peer, and proves one round trip (or delivery) works. */
  make: () => { server: { bind(e: string): Promise<string>; events$: Observable<SocketEvent> } } & {
    close(): void
    exchange(endpoint: string, n: number): Promise<void>
  }
}

const cases: Case[] = [
  {
    name: 'Router (Dealer peers)',
    make: () => {
      const server = new RouterSocket()
      server.subscribe((message: Message) => server.next([message[0], 'pong', message[2]]))
      const peers: DealerSocket[] = []
      return {
        server,
        close: () => [server, ...peers].forEach((s) => s.close()),
        exchange: async (endpoint, n) => {
          const peer = new DealerSocket({ connect: endpoint })
          peers.push(peer)
          const reply = firstValueFrom(peer)
          peer.next(['ping', String(n)])
          expect((await reply).map(String)).toEqual(['pong', String(n)])
        },
      }
    },
  },
  {
    name: 'Reply (Request peers)',
    make: () => {
      const server = new ReplySocket()
      server.subscribe((message: Message) => server.next(['pong', message[0]]))
      const peers: RequestSocket[] = []
      return {
        server,
        close: () => [server, ...peers].forEach((s) => s.close()),
        exchange: async (endpoint, n) => {
          const peer = new RequestSocket({ connect: endpoint })
          peers.push(peer)
          const reply = await firstValueFrom(peer.request(String(n)))
          expect(reply.map(String)).toEqual(['pong', String(n)])
        },
      }
    },
  },
  {
    name: 'Pull (Push peers)',
    make: () => {
      const server = new PullSocket()
      const peers: PushSocket[] = []
      return {
        server,
        close: () => [server, ...peers].forEach((s) => s.close()),
        exchange: async (endpoint, n) => {
          const got = firstValueFrom(server.pipe(filter((m) => String(m[0]) === String(n))))
          const peer = new PushSocket({ connect: endpoint })
          peers.push(peer)
          peer.next(String(n))
          await got
        },
      }
    },
  },
  {
    name: 'Pair (its one peer, connected before the garbage)',
    make: () => {
      const server = new PairSocket()
      server.subscribe((message: Message) => server.next(['pong', message[0]]))
      let peer: PairSocket | undefined
      return {
        server,
        close: () => [server, peer].forEach((s) => s?.close()),
        exchange: async (endpoint, n) => {
          // PAIR takes one peer: garbage connections must not take its place. (A new peer
          // that connects before libzmq has dropped the old one's pipe is ignored for good,
          // and a 'disconnect' event does not say which connection went: hence one peer.)
          peer ??= new PairSocket({ connect: endpoint })
          const reply = firstValueFrom(peer)
          peer.next(String(n))
          expect((await reply).map(String)).toEqual(['pong', String(n)])
        },
      }
    },
  },
]

/** Connects, sends `bytes`, and resolves once they are written (or the server hung up). */
function throwAt(port: number, bytes: Buffer, open: NetSocket[]): Promise<void> {
  return new Promise((resolve) => {
    const client = netConnect({ port, host: '127.0.0.1' })
    open.push(client)
    client.on('error', () => resolve()) // EPIPE/ECONNRESET: libzmq hung up, as it may
    client.on('close', () => resolve())
    client.on('connect', () => client.write(bytes, () => resolve()))
  })
}

describe('garbage thrown at a bound tcp port', () => {
  const track = tracker()
  const clients: NetSocket[] = []
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy()
  })

  it.each(cases.map((c) => [c.name, c] as const))(
    'should keep serving well-formed peers: %s',
    async (_, testCase) => {
      const t = testCase.make()
      track({ close: t.close })
      const refused: SocketEvent[] = []
      t.server.events$
        .pipe(filter((event) => event.type.startsWith('handshake:error')))
        .subscribe((event) => refused.push(event))
      const endpoint = await t.server.bind('tcp://127.0.0.1:*')
      const port = Number(endpoint.split(':').pop())

      await t.exchange(endpoint, 0) // a peer from before the garbage
      const inputs = fc.sample(garbage, { seed: SEED, numRuns: ROUNDS * GARBAGE_PER_ROUND })
      for (let round = 0; round < ROUNDS; round++) {
        const batch = inputs.slice(round * GARBAGE_PER_ROUND, (round + 1) * GARBAGE_PER_ROUND)
        const hanging: NetSocket[] = []
        await Promise.all(
          batch.map(({ bytes, keepOpen }) => throwAt(port, bytes, keepOpen ? clients : hanging)),
        )
        // Those not kept open hang up now; the others stay, half-way through a handshake.
        for (const client of hanging) client.destroy()
        await t.exchange(endpoint, round + 1)
      }
      // libzmq saw the bad handshakes and refused them (others are still pending).
      expect(refused.length).toBeGreaterThan(0)
    },
    30000,
  )
})
