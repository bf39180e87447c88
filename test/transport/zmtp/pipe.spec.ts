import { existsSync, writeFileSync } from 'node:fs'
import * as zmq from 'zeromq'
import { AuthenticationError } from '../../../src/errors/AuthenticationError'
import { ConnectionError } from '../../../src/errors/ConnectionError'
import { InvalidEndpointError } from '../../../src/errors/InvalidEndpointError'
import { InvalidOptionError } from '../../../src/errors/InvalidOptionError'
import { MessageTooLargeError } from '../../../src/errors/MessageTooLargeError'
import { PeerTimeoutError } from '../../../src/errors/PeerTimeoutError'
import { ProtocolError } from '../../../src/errors/ProtocolError'
import type { SocketType } from '../../../src/transport/SocketType'
import type { Listener, LocalSocket } from '../../../src/transport/pipes/Pipe'
import { parseEndpoint, zmtpNetwork, type ZmtpPipe } from '../../../src/transport/zmtp'
import { changed, cleanup, Probe, until, type Tap } from './helpers'
import { command, frame, greeting, hex, RawPeer, RawServer, ready } from './raw'

// Pipe behaviour that needs a hand-driven peer or a look inside: a ZMTP 3.0 peer, PING/PONG
// and TTL, handshake timeouts, high-water marks both ways, linger, errors, endpoints.

const { track, dir } = cleanup()

function local(
  type: SocketType,
  options: Record<string, unknown> = {},
  identity?: string,
): LocalSocket {
  return { type, identity: identity === undefined ? undefined : Buffer.from(identity), options }
}

async function listen(
  type: SocketType,
  options: Record<string, unknown> = {},
  endpoint = 'tcp://127.0.0.1:*',
  read = true,
): Promise<{ probe: Probe; endpoint: string }> {
  const probe = new Probe(read)
  const listener = track(await zmtpNetwork.listen(endpoint, local(type, options), probe))
  return { probe, endpoint: listener.endpoint }
}

/** What `listen` rejected with. */
async function refusal(listening: Listener | Promise<Listener>): Promise<unknown> {
  try {
    const listener = await listening
    listener.close()
  } catch (error) {
    return error
  }
  throw new Error('listen should have failed')
}

/** Our pipe to a raw peer that completes a NULL handshake as `type`, ZMTP 3.`minor`. */
async function rawPair(
  ours: SocketType,
  theirs: string,
  options: Record<string, unknown> = {},
  minor = 1,
): Promise<{ raw: RawPeer; tap: Tap; probe: Probe }> {
  const { probe, endpoint } = await listen(ours, options)
  const raw = track(await RawPeer.connect(endpoint))
  raw.write(greeting(minor), ready(theirs))
  const tap = await probe.tap()
  track(tap.pipe)
  return { raw, tap, probe }
}

/** Our pipe to one of ours: listen as `a`, dial as `b`. */
async function ourPair(
  a: LocalSocket,
  b: LocalSocket,
): Promise<{ server: Probe; client: Probe; listener: Tap; dialer: Tap }> {
  const server = new Probe()
  const client = new Probe()
  const listener = track(await zmtpNetwork.listen('tcp://127.0.0.1:*', a, server))
  track({ close: zmtpNetwork.dial(listener.endpoint, b, client).cancel })
  const [l, d] = await Promise.all([server.tap(), client.tap()])
  track(l.pipe)
  track(d.pipe)
  return { server, client, listener: l, dialer: d }
}

describe('a ZMTP 3.0 peer (hand-written bytes)', () => {
  it('should send and take subscriptions as messages, not SUBSCRIBE commands', async () => {
    const { probe, endpoint } = await listen('PUB', { heartbeatInterval: 1 })
    const raw = track(await RawPeer.connect(endpoint))
    // greeting 3.0 NULL, READY Socket-Type SUB, then the message [0x01 'A'] (a subscription)
    raw.write(
      hex('ff00000000000000017f 0300 4e554c4c' + '00'.repeat(16) + '00' + '00'.repeat(31)),
      hex('0419 05 5245414459 0b 536f636b65742d54797065 00000003 535542'),
      hex('0002 0141'),
    )
    const tap = await probe.tap()
    track(tap.pipe)
    expect((tap.pipe as ZmtpPipe).peerVersion).toBe('3.0')
    expect(await tap.message(0)).toEqual([hex('0141')])
    tap.pipe.write([Buffer.from('A-1')])
    const first = await raw.frame(1)
    // frame 0 is our READY; no PING goes to a 3.0 peer even with heartbeats on
    expect(raw.frames[0]).toMatchObject({ command: true, name: 'READY' })
    expect(first).toEqual({ command: false, data: Buffer.from('A-1') })
    raw.write(hex('0002 0041'))
    expect(await tap.message(1)).toEqual([hex('0041')])
  })

  it("should send our SUB pipe's subscriptions to a 3.0 publisher as messages", async () => {
    const server = track(await RawServer.listen())
    const probe = new Probe()
    track({ close: zmtpNetwork.dial(server.endpoint, local('SUB'), probe).cancel })
    const raw = await server.peer()
    raw.write(greeting(0), ready('PUB'))
    const tap = await probe.tap()
    track(tap.pipe)
    tap.pipe.write([Buffer.from('\x01weather')])
    tap.pipe.write([Buffer.from('\x00weather')])
    await raw.frame(2)
    expect(raw.received.subarray(0, 12)).toEqual(hex('ff00000000000000007f0301'))
    expect(raw.frames.slice(1)).toEqual([
      { command: false, data: Buffer.from('\x01weather') },
      { command: false, data: Buffer.from('\x00weather') },
    ])
  })

  it('should send them to a 3.1 publisher as SUBSCRIBE and CANCEL commands', async () => {
    const server = track(await RawServer.listen())
    const probe = new Probe()
    track({ close: zmtpNetwork.dial(server.endpoint, local('XSUB'), probe).cancel })
    const raw = await server.peer()
    raw.write(greeting(1), ready('XPUB'))
    const tap = await probe.tap()
    track(tap.pipe)
    tap.pipe.write([Buffer.from('\x01weather')])
    tap.pipe.write([Buffer.from('\x00weather')])
    tap.pipe.write([Buffer.from('\x02not-a-subscription')])
    tap.pipe.write([Buffer.from('\x01two'), Buffer.from('frames')])
    await raw.frame(5)
    expect(raw.frames.slice(1)).toEqual([
      { command: true, name: 'SUBSCRIBE', data: Buffer.from('weather') },
      { command: true, name: 'CANCEL', data: Buffer.from('weather') },
      { command: false, data: Buffer.from('\x02not-a-subscription') },
      { command: false, data: Buffer.from('\x01two') },
      { command: false, data: Buffer.from('frames') },
    ])
  })
})

describe('heartbeats (raw peer)', () => {
  it('should answer PING with PONG, echoing at most 16 octets of context', async () => {
    const { raw } = await rawPair('PULL', 'PUSH')
    raw.write(command('PING', hex('0000 6374782d313233')))
    raw.write(command('PING', Buffer.concat([hex('0000'), Buffer.from('0123456789abcdefXYZ')])))
    const pong = await raw.frame(2)
    expect(raw.frames[1]).toEqual({ command: true, name: 'PONG', data: Buffer.from('ctx-123') })
    expect(pong).toEqual({ command: true, name: 'PONG', data: Buffer.from('0123456789abcdef') })
  })

  it('should send PINGs with our TTL in deciseconds and keep a peer that answers', async () => {
    const { raw, tap } = await rawPair('PUSH', 'PULL', {
      heartbeatInterval: 20,
      heartbeatTimeout: 200,
      heartbeatTimeToLive: 1500,
    })
    const ping = await raw.frame(1)
    expect(ping).toEqual({ command: true, name: 'PING', data: hex('000f') })
    // answer five PINGs, then the pipe is still there
    for (let n = 1; n <= 5; n++) {
      await raw.frame(n)
      raw.write(command('PONG'))
    }
    expect(tap.closed).toBeUndefined()
  })

  it('should close the pipe when the peer is silent past the TTL of its PING', async () => {
    const { raw, tap, probe } = await rawPair('PULL', 'PUSH')
    raw.write(command('PING', hex('0002'))) // TTL 200 ms, then nothing
    const error = await tap.whenClosed()
    expect(error).toBeInstanceOf(PeerTimeoutError)
    expect(error).toMatchObject({ code: 'ETIMEDOUT', phase: 'ttl', timeout: 200 })
    expect(probe.types()).toEqual(['bind', 'accept', 'handshake', 'disconnect'])
    await raw.whenEnded()
  })

  it('should close the pipe when PINGs get no answer in heartbeatTimeout', async () => {
    const { tap } = await rawPair('PULL', 'PUSH', { heartbeatInterval: 30, heartbeatTimeout: 100 })
    const error = await tap.whenClosed()
    expect(error).toMatchObject({ phase: 'heartbeat', timeout: 100 })
  })
})

describe('handshake failures (raw peer)', () => {
  it.each([
    ['says nothing', Buffer.alloc(0)],
    ['sends half a greeting', greeting().subarray(0, 30)],
    ['sends a greeting and no READY', greeting()],
  ])('should drop a peer that %s after handshakeInterval', async (_, bytes) => {
    const { probe, endpoint } = await listen('PULL', { handshakeInterval: 100 })
    const raw = track(await RawPeer.connect(endpoint))
    if (bytes.length > 0) raw.write(bytes)
    const event = await probe.event$('handshake:error:other')
    expect((event as { error: unknown }).error).toBeInstanceOf(PeerTimeoutError)
    expect(event).toMatchObject({ error: { phase: 'handshake', timeout: 100, errno: 110 } })
    await raw.whenEnded()
    expect(probe.taps).toHaveLength(0)
  })

  it.each([
    ['a ZMTP 2.0 greeting', hex('ff00000000000000017f01'), 'version'],
    ['a ZMTP 1.0 greeting', hex('0500'), 'signature'],
    ['an HTTP request', Buffer.from('GET / HTTP/1.1\r\n\r\n'), 'signature'],
    ['an unknown mechanism', greeting(1, 'CURVE'), 'mechanism'],
    ['a message before READY', Buffer.concat([greeting(), frame('x')]), 'command'],
    ['an unknown command before READY', Buffer.concat([greeting(), command('HELLO')]), 'command'],
    ['a READY with no Socket-Type', Buffer.concat([greeting(), command('READY')]), 'metadata'],
  ])('should refuse %s with a ProtocolError', async (_, bytes, violation) => {
    const { probe, endpoint } = await listen('PULL')
    const raw = track(await RawPeer.connect(endpoint))
    raw.write(bytes)
    const event = await probe.event$('handshake:error:protocol')
    expect((event as { error: unknown }).error).toBeInstanceOf(ProtocolError)
    expect(event).toMatchObject({ address: endpoint, error: { violation, endpoint } })
    await raw.whenEnded()
    expect(probe.types().slice(-1)).toEqual(['disconnect'])
  })

  it('should send ERROR to a peer of the wrong type before closing', async () => {
    const { probe, endpoint } = await listen('PULL')
    const raw = track(await RawPeer.connect(endpoint))
    raw.write(greeting(), ready('PULL'))
    await raw.whenEnded()
    expect(raw.frames).toEqual([
      { command: true, name: 'ERROR', data: Buffer.from('\x13Invalid socket type') },
    ])
    expect(probe.events.find((e) => e.type === 'handshake:error:protocol')).toMatchObject({
      error: { violation: 'socket-type' },
    })
  })
})

describe('high-water marks', () => {
  it('should stop parsing at receiveHighWaterMark and go on as the owner reads', async () => {
    const probe = new Probe(false)
    const listener = track(
      await zmtpNetwork.listen(
        'tcp://127.0.0.1:*',
        local('PULL', { receiveHighWaterMark: 10 }),
        probe,
      ),
    )
    const push = track(new zmq.Push({ linger: 0, sendHighWaterMark: 100000 }))
    push.connect(listener.endpoint)
    const tap = await probe.tap()
    track(tap.pipe)
    const pipe = tap.pipe as ZmtpPipe
    let most = 0
    const got: number[] = []
    tap.pipe.handler = {
      readable: () => {
        most = Math.max(most, pipe.queued)
        for (let m = pipe.read(); m !== undefined; m = pipe.read())
          got.push(Buffer.from(m[0]).readUInt32BE(0))
        changed()
      },
      writable: () => {},
      closed: () => {},
    }
    const message = Buffer.alloc(4)
    for (let i = 0; i < 2000; i++) {
      message.writeUInt32BE(i)
      await push.send(message)
    }
    await until('2000 messages', () => got.length === 2000)
    expect(most).toBeLessThanOrEqual(10)
    expect(got).toEqual([...Array(2000).keys()])
  })

  it('should hold messages unread up to the mark and push back on the peer', async () => {
    const { probe, endpoint } = await listen(
      'PULL',
      { receiveHighWaterMark: 10 },
      'tcp://127.0.0.1:*',
      false,
    )
    const push = track(new zmq.Push({ linger: 0, sendHighWaterMark: 100000 }))
    push.connect(endpoint)
    for (let i = 0; i < 200; i++) await push.send(Buffer.from([i]))
    const tap = await probe.tap()
    track(tap.pipe)
    await until('10 queued', () => (tap.pipe as ZmtpPipe).queued === 10 || undefined)
    tap.resume()
    await until('200 read', () => tap.messages.length === 200)
    expect(tap.messages.map((m) => m[0][0])).toEqual([...Array(200).keys()])
  })

  it('should refuse writes at sendHighWaterMark and call writable when there is room', async () => {
    const pull = track(new zmq.Pull({ linger: 0 }))
    await pull.bind('tcp://127.0.0.1:*')
    const probe = new Probe()
    track({
      close: zmtpNetwork.dial(pull.lastEndpoint!, local('PUSH', { sendHighWaterMark: 5 }), probe)
        .cancel,
    })
    const tap = await probe.tap()
    track(tap.pipe)
    const results = [...Array(6).keys()].map((i) => tap.pipe.write([Buffer.from(`m${i}`)]))
    expect(results).toEqual([true, true, true, true, true, false])
    expect(tap.pipe.writable).toBe(false)
    await until('writable', () => tap.writableCalls === 1)
    expect(tap.pipe.writable).toBe(true)
    expect(tap.pipe.write([Buffer.from('m5')])).toBe(true)
    for (let i = 0; i < 6; i++) expect((await pull.receive())[0].toString()).toBe(`m${i}`)
  })

  it('should take any number of writes with sendHighWaterMark 0', async () => {
    const { listener, dialer } = await ourPair(
      local('PULL', { receiveHighWaterMark: 0 }),
      local('PUSH', { sendHighWaterMark: 0 }),
    )
    let taken = 0
    for (let i = 0; i < 50000; i++) if (dialer.pipe.write([Buffer.from('x')])) taken++
    expect(taken).toBe(50000)
    await until('50000', () => listener.messages.length === 50000)
  })
})

describe('closing', () => {
  it('should deliver what was written before close(linger), then call closed once', async () => {
    const pull = track(new zmq.Pull({ linger: 0 }))
    await pull.bind('tcp://127.0.0.1:*')
    const probe = new Probe()
    track({
      close: zmtpNetwork.dial(pull.lastEndpoint!, local('PUSH', { sendHighWaterMark: 0 }), probe)
        .cancel,
    })
    const tap = await probe.tap()
    for (let i = 0; i < 3000; i++) tap.pipe.write([Buffer.from(`m${i}`)])
    tap.pipe.close(5000)
    expect(tap.pipe.writable).toBe(false)
    expect(tap.pipe.write([Buffer.from('late')])).toBe(false)
    let last = ''
    for (let i = 0; i < 3000; i++) last = (await pull.receive())[0].toString()
    expect(last).toBe('m2999')
    expect(await tap.whenClosed()).toBeUndefined()
    expect(tap.closedCalls).toBe(1)
    expect(probe.types()).not.toContain('disconnect')
  })

  it('should close at once with linger 0, and report closed once', async () => {
    const { listener, dialer, client, server } = await ourPair(local('PAIR'), local('PAIR'))
    dialer.pipe.close(0)
    dialer.pipe.close(0)
    expect(await dialer.whenClosed()).toBeUndefined()
    expect(await listener.whenClosed()).toBeUndefined()
    expect(dialer.closedCalls).toBe(1)
    expect(client.types()).not.toContain('disconnect')
    await server.event$('disconnect')
  })

  it('should keep messages readable after the peer closed', async () => {
    const { probe, endpoint } = await listen('PULL', {}, 'tcp://127.0.0.1:*', false)
    const push = new zmq.Push({ linger: 1000 })
    push.connect(endpoint)
    const tap = await probe.tap()
    for (let i = 0; i < 100; i++) await push.send(`m${i}`)
    push.close()
    expect(await tap.whenClosed()).toBeUndefined()
    tap.resume()
    expect(tap.messages.length).toBe(100)
    expect(probe.types()).toEqual(['bind', 'accept', 'handshake', 'disconnect'])
  })

  it('should close the pipe with a MessageTooLargeError past maxMessageSize', async () => {
    const { probe, endpoint } = await listen('PULL', { maxMessageSize: 1024 })
    const push = track(new zmq.Push({ linger: 0 }))
    push.connect(endpoint)
    await push.send(Buffer.alloc(1024))
    await push.send([Buffer.alloc(600), Buffer.alloc(600)])
    const tap = await probe.tap()
    const error = await tap.whenClosed()
    expect(error).toBeInstanceOf(MessageTooLargeError)
    expect(error).toMatchObject({ code: 'EMSGSIZE', limit: 1024, size: 1200 })
    expect(tap.messages.map((m) => m[0].length)).toEqual([1024])
  })
})

describe('our pipes against our pipes', () => {
  it('should speak every compatible pair, subscriptions included', async () => {
    const pairs: [SocketType, SocketType][] = [
      ['PUSH', 'PULL'],
      ['PUB', 'SUB'],
      ['XPUB', 'XSUB'],
      ['REQ', 'ROUTER'],
      ['DEALER', 'REP'],
      ['DEALER', 'DEALER'],
      ['PAIR', 'PAIR'],
    ]
    for (const [a, b] of pairs) {
      const { listener, dialer } = await ourPair(local(a, {}, 'id-a'), local(b, {}, 'id-b'))
      expect([listener.pipe.peerType, dialer.pipe.peerType]).toEqual([b, a])
      const sends = a === 'PUB' || a === 'XPUB' ? dialer : listener
      const gets = sends === dialer ? listener : dialer
      sends.pipe.write([Buffer.from('\x01topic')])
      expect(await gets.message(0)).toEqual([Buffer.from('\x01topic')])
    }
  })

  it('should pass identities of REQ, DEALER and ROUTER only', async () => {
    const { listener, dialer } = await ourPair(local('ROUTER', {}, 'r'), local('DEALER', {}, 'd'))
    expect(Buffer.from(listener.pipe.peerIdentity!).toString()).toBe('d')
    expect(Buffer.from(dialer.pipe.peerIdentity!).toString()).toBe('r')
    const other = await ourPair(local('PULL', {}, 'x'), local('PUSH', {}, 'y'))
    expect(other.listener.pipe.peerIdentity).toBeUndefined()
  })

  it('should report a mechanism mismatch on both sides', async () => {
    const server = new Probe()
    const client = new Probe()
    const listener = track(
      await zmtpNetwork.listen(
        'tcp://127.0.0.1:*',
        local('PULL', { plainServer: true, zmtpAuthenticate: () => true }),
        server,
      ),
    )
    track({ close: zmtpNetwork.dial(listener.endpoint, local('PUSH'), client).cancel })
    const error = await client.failure()
    expect(error).toBeInstanceOf(ProtocolError)
    expect(error).toMatchObject({ code: 'ERR_ZMTP_MECHANISM_MISMATCH' })
    expect(await server.event$('handshake:error:protocol')).toMatchObject({
      error: { code: 'ERR_ZMTP_MECHANISM_MISMATCH' },
    })
  })

  it.each([
    ['a synchronous yes', () => true, undefined],
    ['a promise of yes', () => Promise.resolve(true), undefined],
    ['a no', () => false, 400],
    ['a promise of no', () => Promise.resolve(false), 400],
    [
      'a throw',
      () => {
        throw new Error('boom')
      },
      500,
    ],
    ['a rejection', () => Promise.reject(new Error('boom')), 500],
  ])('should follow the authenticator: %s', async (_, authenticate, status) => {
    const server = new Probe()
    const client = new Probe()
    const listener = track(
      await zmtpNetwork.listen(
        'tcp://127.0.0.1:*',
        local('PULL', { plainServer: true, zmtpAuthenticate: authenticate }),
        server,
      ),
    )
    track({
      close: zmtpNetwork.dial(
        listener.endpoint,
        local('PUSH', { plainUsername: 'u', plainPassword: 'p' }),
        client,
      ).cancel,
    })
    if (status === undefined) {
      const [, tap] = await Promise.all([server.tap(), client.tap()])
      track(tap.pipe)
      tap.pipe.write([Buffer.from('in')])
      expect((await (await server.tap()).message(0))[0].toString()).toBe('in')
      track((await server.tap()).pipe)
    } else {
      const error = await client.failure()
      expect(error).toBeInstanceOf(AuthenticationError)
      expect(error).toMatchObject({ status })
      expect(await server.event$('handshake:error:auth')).toMatchObject({ error: { status } })
    }
  })
})

describe('endpoints', () => {
  it('should bind tcp://127.0.0.1:0 and :* to a real port, and read * as every IPv4 interface', async () => {
    const zero = await listen('PULL', {}, 'tcp://127.0.0.1:0')
    expect(zero.endpoint).toMatch(/^tcp:\/\/127\.0\.0\.1:[1-9]\d*$/)
    const star = await listen('PULL')
    expect(star.endpoint).toMatch(/^tcp:\/\/127\.0\.0\.1:[1-9]\d*$/)
    expect(star.probe.events[0]).toEqual({ type: 'bind', address: star.endpoint })
    // tests bind loopback only: '*' is checked where it is read
    expect(parseEndpoint('tcp://*:*', 'bind')).toEqual({ scheme: 'tcp', host: '0.0.0.0', port: 0 })
    expect(parseEndpoint('ipc://@name', 'bind')).toEqual({ scheme: 'ipc', path: '\0name' })
  })

  it('should bind and dial IPv6 addresses in brackets', async () => {
    const { probe, endpoint } = await listen('PULL', {}, 'tcp://[::1]:*')
    expect(endpoint).toMatch(/^tcp:\/\/\[::1\]:\d+$/)
    const client = new Probe()
    track({ close: zmtpNetwork.dial(endpoint, local('PUSH'), client).cancel })
    ;(await client.tap()).pipe.write([Buffer.from('v6')])
    expect((await (await probe.tap()).message(0))[0].toString()).toBe('v6')
  })

  it('should refuse a tcp port in use with EADDRINUSE', async () => {
    const { endpoint } = await listen('PULL')
    const error = await refusal(zmtpNetwork.listen(endpoint, local('PULL'), new Probe()))
    expect(error).toBeInstanceOf(InvalidEndpointError)
    expect(error).toMatchObject({ code: 'EADDRINUSE', errno: 98, endpoint })
  })

  it('should bind and dial ipc paths, refuse one in use, and rebind a stale one', async () => {
    const path = `${dir()}/socket`
    const { probe, endpoint } = await listen('PULL', {}, `ipc://${path}`)
    expect(endpoint).toBe(`ipc://${path}`)
    const error = await refusal(zmtpNetwork.listen(endpoint, local('PULL'), new Probe()))
    expect(error).toMatchObject({ code: 'EADDRINUSE', endpoint })
    const client = new Probe()
    track({ close: zmtpNetwork.dial(endpoint, local('PUSH'), client).cancel })
    ;(await client.tap()).pipe.write([Buffer.from('over ipc')])
    expect((await (await probe.tap()).message(0))[0].toString()).toBe('over ipc')

    const stale = `${dir()}/stale`
    writeFileSync(stale, '')
    const rebound = await listen('PULL', {}, `ipc://${stale}`)
    expect(rebound.endpoint).toBe(`ipc://${stale}`)
  })

  it('should remove the ipc file when the listener closes', async () => {
    const path = `${dir()}/gone`
    const listener = await zmtpNetwork.listen(`ipc://${path}`, local('PULL'), new Probe())
    expect(existsSync(path)).toBe(true)
    listener.close()
    await until('the file to go', () => !existsSync(path))
  })

  it('should speak over a Linux abstract socket (ipc://@name) between our pipes', async () => {
    // Node 20 (libuv 1.46) binds and dials abstract names NUL-padded to the whole sun_path,
    // libzmq with their exact length: the two do not meet, ours do.
    const name = `ipc://@rxzmq-zmtp-${process.pid}-${Date.now()}`
    const { probe, endpoint } = await listen('PULL', {}, name)
    expect(endpoint).toBe(name)
    const client = new Probe()
    track({ close: zmtpNetwork.dial(name, local('PUSH'), client).cancel })
    const dialer = await client.tap()
    track(dialer.pipe)
    dialer.pipe.write([Buffer.from('abstract')])
    expect((await (await probe.tap()).message(0))[0].toString()).toBe('abstract')
  })

  it.each([
    ['udp://127.0.0.1:1', 'EPROTONOSUPPORT'],
    ['tcp://127.0.0.1', 'EINVAL'],
    ['tcp://127.0.0.1:99999', 'EINVAL'],
    ['tcp://127.0.0.1:x', 'EINVAL'],
    ['tcp://a;b:1', 'EINVAL'],
    ['nonsense', 'EINVAL'],
    ['ipc://', 'EINVAL'],
    [`ipc:///${'x'.repeat(200)}`, 'ENAMETOOLONG'],
  ])('should refuse %s with %s', async (endpoint, code) => {
    const bound = await refusal(zmtpNetwork.listen(endpoint, local('PULL'), new Probe()))
    expect(bound).toBeInstanceOf(InvalidEndpointError)
    expect(bound).toMatchObject({ code, endpoint })
    expect(() => zmtpNetwork.dial(endpoint, local('PUSH'), new Probe())).toThrow(
      InvalidEndpointError,
    )
  })

  it('should refuse to dial port 0 or *', () => {
    expect(() => zmtpNetwork.dial('tcp://127.0.0.1:0', local('PUSH'), new Probe())).toThrow(
      /can be bound, not dialed/,
    )
    expect(() => zmtpNetwork.dial('tcp://*:5555', local('PUSH'), new Probe())).toThrow(
      InvalidEndpointError,
    )
  })

  it('should fail a dial to nobody with ECONNREFUSED, and to a missing ipc path with ENOENT', async () => {
    const closed = await zmtpNetwork.listen('tcp://127.0.0.1:*', local('PULL'), new Probe())
    closed.close()
    const refused = new Probe()
    zmtpNetwork.dial(closed.endpoint, local('PUSH'), refused)
    const error = await refused.failure()
    expect(error).toBeInstanceOf(ConnectionError)
    expect(error).toMatchObject({ code: 'ECONNREFUSED', errno: 111, endpoint: closed.endpoint })
    expect(refused.events).toEqual([])
    const missing = new Probe()
    zmtpNetwork.dial(`ipc://${dir()}/nobody`, local('PUSH'), missing)
    expect(await missing.failure()).toMatchObject({ code: 'ENOENT' })
  })

  it('should report nothing after a dial is cancelled', async () => {
    const raw = track(await RawServer.listen())
    const probe = new Probe()
    const dial = zmtpNetwork.dial(raw.endpoint, local('PUSH'), probe)
    const peer = await raw.peer()
    await peer.greeting()
    dial.cancel()
    await peer.whenEnded()
    expect(probe.failures).toEqual([])
    expect(probe.taps).toEqual([])
  })

  it('should report close when a listener closes, and keep its connections', async () => {
    const server = new Probe()
    const client = new Probe()
    const listener = await zmtpNetwork.listen('tcp://127.0.0.1:*', local('PULL'), server)
    track({ close: zmtpNetwork.dial(listener.endpoint, local('PUSH'), client).cancel })
    const [accepted, dialer] = await Promise.all([server.tap(), client.tap()])
    track(accepted.pipe)
    track(dialer.pipe)
    listener.close()
    listener.close()
    expect(server.types()).toEqual(['bind', 'accept', 'handshake', 'close'])
    dialer.pipe.write([Buffer.from('still')])
    expect((await accepted.message(0))[0].toString()).toBe('still')
  })
})

describe('listener close', () => {
  it('should give up connections still in their handshake, and hand out no pipe after', async () => {
    const probe = new Probe()
    const listener = await zmtpNetwork.listen('tcp://127.0.0.1:*', local('PULL'), probe)
    const raw = track(await RawPeer.connect(listener.endpoint))
    raw.write(greeting())
    await raw.greeting()
    listener.close()
    raw.write(ready('PUSH'))
    await raw.whenEnded()
    expect(probe.taps).toEqual([])
    expect(probe.types()).toEqual(['bind', 'accept', 'close'])
  })
})

describe('options', () => {
  it('should refuse CURVE options instead of falling back to plain text', async () => {
    const options = { curveServer: true, curveSecretKey: 'x'.repeat(40) }
    const error = await refusal(
      zmtpNetwork.listen('tcp://127.0.0.1:*', local('PULL', options), new Probe()),
    )
    expect(error).toBeInstanceOf(InvalidOptionError)
    expect(error).toMatchObject({ option: 'curveServer' })
    expect(() =>
      zmtpNetwork.dial('tcp://127.0.0.1:1', local('PUSH', { curveServerKey: 'k' }), new Probe()),
    ).toThrow(InvalidOptionError)
  })

  it.each([
    ['sendHighWaterMark', -1],
    ['receiveHighWaterMark', 1.5],
    ['maxMessageSize', -2],
    ['heartbeatInterval', '100'],
    ['heartbeatTimeToLive', 7000000],
    ['plainUsername', 42],
    ['plainPassword', 'x'.repeat(256)],
    ['zmtpAuthenticate', 'yes'],
  ])('should refuse %s = %p', (option, value) => {
    expect(() =>
      zmtpNetwork.dial('tcp://127.0.0.1:1', local('PUSH', { [option]: value }), new Probe()),
    ).toThrow(expect.objectContaining({ option }))
  })
})
