import { Socket as NetSocket, connect as netConnect } from 'node:net'
import { firstValueFrom, map } from 'rxjs'
import { PullSocket, PushSocket, ReplySocket, RequestSocket, type SocketEvent } from '../../src'
import { curveClient } from '../../src/security/curveClient'
import { curveKeyPair } from '../../src/security/curveKeyPair'
import { curveServer } from '../../src/security/curveServer'
import { tracker } from '../helpers/cleanup'
import { attempt, nextEvent, record } from './support'

// CURVE (RFC 26) over tcp://127.0.0.1 with no ZAP handler in the process: the server admits
// every client that knows its public key, and nobody else.
//
//   client (curveClient: server's public key) ──CURVE──▶ server (curveServer: secret key)

describe('CURVE security over tcp', () => {
  const track = tracker()
  const server = curveKeyPair()
  const client = curveKeyPair()

  it('should let a client with the right server key connect and talk, both ways', async () => {
    const rep = track(new ReplySocket(curveServer(server)))
    const repEvents = record(rep)
    const endpoint = await rep.bind('tcp://127.0.0.1:*')
    rep.pipe(map((m) => `re:${String(m[0])}`)).subscribe(rep)
    const req = track(
      new RequestSocket({
        connect: endpoint,
        ...curveClient({ serverKey: server.publicKey, keys: client }),
      }),
    )
    const reply = await firstValueFrom(req.request('hello'))
    expect(String(reply[0])).toBe('re:hello')
    expect(repEvents.map((e) => e.type)).toContain('handshake')
    expect(rep.getOption('securityMechanism')).toBe('curve')
    expect(req.getOption('securityMechanism')).toBe('curve')
  })

  it('should let an anonymous client (a key pair made for it) in when no ZAP handler runs', async () => {
    const result = await attempt(
      curveServer(server),
      curveClient({ serverKey: server.publicKey }),
      track,
    )
    expect(result.outcome).toBe('delivered')
  })

  it('should refuse a client with the wrong server key: no message crosses', async () => {
    const wrong = curveKeyPair()
    const result = await attempt(
      curveServer(server),
      curveClient({ serverKey: wrong.publicKey, keys: client }),
      track,
      /^(handshake:error|disconnect)/,
    )
    expect(result.outcome).not.toBe('delivered')
    expect(result.received).toBe(0)
    // the server cannot decrypt the client's HELLO; the client only sees its connection drop
    expect(result.server).toContainEqual(
      expect.objectContaining({
        type: 'handshake:error:protocol',
        error: expect.objectContaining({ code: 'ERR_ZMTP_CRYPTOGRAPHIC' }),
      }),
    )
    expect(
      result.client.some((e) => e.type === 'handshake:error:other' || e.type === 'disconnect'),
    ).toBe(true)
  })

  it('should refuse a client with no key (NULL mechanism): mechanism mismatch on both sides', async () => {
    const result = await attempt(curveServer(server), {}, track, /^handshake:error/)
    expect(result.outcome).toMatchObject({ type: 'handshake:error:protocol' })
    expect(result.received).toBe(0)
    const mismatch = expect.objectContaining({
      type: 'handshake:error:protocol',
      error: expect.objectContaining({ code: 'ERR_ZMTP_MECHANISM_MISMATCH' }),
    })
    expect(result.server).toContainEqual(mismatch)
    expect(result.client).toContainEqual(mismatch)
  })

  it('should refuse to talk to a plaintext server: a CURVE client never sends in clear', async () => {
    const result = await attempt(
      {},
      curveClient({ serverKey: server.publicKey, keys: client }),
      track,
    )
    expect(result.outcome).toMatchObject({ type: 'handshake:error:protocol' })
    expect(result.received).toBe(0)
  })

  it('should refuse a plaintext peer speaking raw ZMTP NULL, and keep serving', async () => {
    //  raw TCP socket (ZMTP 3.0 greeting, NULL, READY, one message) ──▶ PULL (curveServer)
    const pull = track(new PullSocket(curveServer(server)))
    const refused = nextEvent(pull, /^handshake:error/)
    const received: string[] = []
    pull.subscribe((m) => received.push(String(m[0])))
    const endpoint = await pull.bind('tcp://127.0.0.1:*')
    const port = Number(endpoint.split(':').pop())
    const raw = await plaintextPeer(port, 'plaintext payload')
    try {
      const event: SocketEvent = await refused
      expect(event).toMatchObject({
        type: 'handshake:error:protocol',
        error: expect.objectContaining({ code: 'ERR_ZMTP_MECHANISM_MISMATCH' }),
      })
      expect(received).toEqual([])
    } finally {
      raw.destroy()
    }
    // a well-formed CURVE client still gets through afterwards
    const push = track(
      new PushSocket({
        connect: endpoint,
        linger: 0,
        ...curveClient({ serverKey: server.publicKey }),
      }),
    )
    const arrived = firstValueFrom(pull)
    push.next('after the plaintext peer')
    expect(String((await arrived)[0])).toBe('after the plaintext peer')
  })
})

/**
 * A peer that is no ZeroMQ library: it writes a ZMTP 3.0 greeting with the NULL mechanism, a
 * READY command and a message, in clear, without waiting for the server.
 */
function plaintextPeer(port: number, payload: string): Promise<NetSocket> {
  const greeting = Buffer.alloc(64)
  greeting[0] = 0xff
  greeting[9] = 0x7f
  greeting[10] = 3 // version 3.0
  greeting.write('NULL', 12, 'ascii')
  const property = (name: string, value: string) => {
    const v = Buffer.from(value)
    const head = Buffer.alloc(1 + name.length + 4)
    head[0] = name.length
    head.write(name, 1, 'ascii')
    head.writeUInt32BE(v.length, 1 + name.length)
    return Buffer.concat([head, v])
  }
  const ready = Buffer.concat([
    Buffer.from([5]),
    Buffer.from('READY'),
    property('Socket-Type', 'PUSH'),
  ])
  const command = Buffer.concat([Buffer.from([0x04, ready.length]), ready])
  const message = Buffer.concat([Buffer.from([0x00, payload.length]), Buffer.from(payload)])
  return new Promise((resolve, reject) => {
    const socket = netConnect(port, '127.0.0.1', () => {
      socket.write(Buffer.concat([greeting, command, message]))
      resolve(socket)
    })
    socket.on('error', reject)
  })
}
