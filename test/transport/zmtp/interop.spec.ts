import * as zmq from 'zeromq'
import { AuthenticationError } from '../../../src/errors/AuthenticationError'
import { PeerTimeoutError } from '../../../src/errors/PeerTimeoutError'
import { ProtocolError } from '../../../src/errors/ProtocolError'
import type { SocketType } from '../../../src/transport/SocketType'
import type { LocalSocket } from '../../../src/transport/pipes/Pipe'
import { zmtpNetwork } from '../../../src/transport/zmtp'
import type { ZmtpAuthRequest } from '../../../src/transport/zmtp/options'
import { cleanup, Probe, PythonPeer, until, type Tap } from './helpers'
import { pyzmq, zeromqJs, type NativeOptions, type NativePeer, type NativeSocket } from './native'

// Our pipes against libzmq in both roles (we listen and they connect, we dial and they bind),
// over tcp and ipc, with zeromq.js (libzmq 4.3.5, this process) and pyzmq (libzmq 4.3.4,
// a child process). At pipe level there is no pattern logic: a REQ pipe sees the delimiter,
// a ROUTER pipe no identity frame, a PUB pipe every subscription as a message.

const { track, dir } = cleanup()

function local(
  type: SocketType,
  options: Record<string, unknown> = {},
  identity?: string,
): LocalSocket {
  return { type, identity: identity === undefined ? undefined : Buffer.from(identity), options }
}

type Transport = 'tcp' | 'ipc'

function bindEndpoint(transport: Transport): string {
  return transport === 'tcp'
    ? 'tcp://127.0.0.1:*'
    : `ipc://${dir()}/s${Math.random().toString(36).slice(2, 8)}`
}

interface Connected {
  tap: Tap
  their: NativeSocket
  probe: Probe
}

/** Connects one of our pipes to a native socket: we listen and they connect, or the reverse. */
async function connect(
  peer: NativePeer,
  ours: LocalSocket,
  theirType: string,
  how: 'we listen' | 'we dial',
  transport: Transport,
  theirOptions: NativeOptions = {},
): Promise<Connected> {
  const probe = new Probe()
  let their: NativeSocket
  if (how === 'we listen') {
    const listener = track(await zmtpNetwork.listen(bindEndpoint(transport), ours, probe))
    their = track(await peer.open(theirType, { connect: listener.endpoint }, theirOptions))
  } else {
    their = track(await peer.open(theirType, { bind: bindEndpoint(transport) }, theirOptions))
    track({ close: zmtpNetwork.dial(their.endpoint, ours, probe).cancel })
  }
  const tap = await probe.tap()
  track(tap.pipe)
  return { tap, their, probe }
}

const text = (frames: Buffer[]): string => frames.map(String).join('|')

/** Lets I/O run (a native socket in this process sends from its own thread). */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/**
 * The first event of one type from a zeromq.js socket's monitor, read with receive().
 * Not events.on(): zeromq.js defines its emitter getter once on a native prototype that outlives
 * Jest's module registry, so in a full run that getter's require('events') gives undefined.
 */
async function nextEvent(socket: zmq.Socket, type: zmq.EventType): Promise<zmq.Event> {
  for (;;) {
    const event = await socket.events.receive()
    if (event.type === type) return event
  }
}

const MIB = Buffer.alloc(1 << 20)
for (let i = 0; i < MIB.length; i += 4096) MIB[i] = i >> 12

describe.each([
  ['zeromq.js', () => zeromqJs()],
  ['pyzmq', () => pyzmq()],
])('ZMTP pipes against %s', (_, makePeer) => {
  let peer: NativePeer
  beforeAll(() => {
    peer = makePeer()
  })
  afterAll(async () => {
    await peer.close()
  })

  describe.each(['tcp', 'ipc'] as const)('over %s', (transport) => {
    describe.each(['we listen', 'we dial'] as const)('%s', (how) => {
      it('should send PUSH → PULL: frames, multipart, empty, long (300 B) and 1 MiB frames', async () => {
        const { tap, their } = await connect(peer, local('PUSH'), 'PULL', how, transport)
        expect(tap.pipe.peerType).toBe('PULL')
        const long = Buffer.alloc(300, 'x')
        expect(tap.pipe.write([Buffer.from('hello')])).toBe(true)
        tap.pipe.write([Buffer.from('a'), Buffer.from('bb'), Buffer.from('ccc')])
        tap.pipe.write([Buffer.alloc(0), Buffer.from('after-empty')])
        tap.pipe.write([long])
        tap.pipe.write([Buffer.from('big'), MIB])
        expect(text(await their.receive())).toBe('hello')
        expect(text(await their.receive())).toBe('a|bb|ccc')
        expect(text(await their.receive())).toBe('|after-empty')
        expect(await their.receive()).toEqual([long])
        const big = await their.receive()
        expect(big[0].toString()).toBe('big')
        expect(big[1].equals(MIB)).toBe(true)
      })

      it('should receive PUSH → PULL: frames, multipart, empty, long (300 B) and 1 MiB frames', async () => {
        const { tap, their } = await connect(peer, local('PULL'), 'PUSH', how, transport)
        expect(tap.pipe.peerType).toBe('PUSH')
        await their.send(['hello'])
        await their.send(['a', 'bb', 'ccc'])
        await their.send([Buffer.alloc(0), 'after-empty'])
        await their.send([Buffer.alloc(300, 'x')])
        await their.send(['big', MIB])
        await tap.message(4)
        expect(tap.texts().slice(0, 3)).toEqual(['hello', 'a|bb|ccc', '|after-empty'])
        expect(tap.messages[3]).toEqual([Buffer.alloc(300, 'x')])
        expect(tap.messages[4][1].equals(MIB)).toBe(true)
      })
    })
  })

  describe.each(['we listen', 'we dial'] as const)('%s (tcp)', (how) => {
    it('should carry a native SUB subscription and cancel to our PUB pipe as [1|0, ...topic]', async () => {
      const { tap, their } = await connect(peer, local('PUB'), 'SUB', how, 'tcp')
      await their.subscribe('A')
      while (tap.messages.length === 0) {
        await their.poke()
        await turn()
      }
      expect(await tap.message(0)).toEqual([Buffer.from('\x01A')])
      tap.pipe.write([Buffer.from('B-1')]) // the native SUB drops it
      tap.pipe.write([Buffer.from('A-1'), Buffer.from('more')])
      expect(text(await their.receive())).toBe('A-1|more')
      await their.unsubscribe('A')
      expect(await tap.message(1)).toEqual([Buffer.from('\x00A')])
    })

    it('should make a native PUB send what our SUB pipe subscribed to, and stop after cancel', async () => {
      const { tap, their } = await connect(peer, local('SUB'), 'PUB', how, 'tcp')
      tap.pipe.write([Buffer.from('\x01A')])
      // A PUB drops what nobody subscribed to: publish until the subscription took effect.
      for (let n = 0; tap.messages.length === 0; n++) {
        await their.send([`B-${n}`])
        await their.send([`A-${n}`])
        await turn()
      }
      expect(tap.texts().every((m) => m.startsWith('A-'))).toBe(true)
      tap.pipe.write([Buffer.from('\x00A')])
      tap.pipe.write([Buffer.from('\x01C')])
      const seen = tap.messages.length
      for (
        let n = 0;
        !tap
          .texts()
          .slice(seen)
          .some((m) => m.startsWith('C-'));
        n++
      ) {
        await their.send([`A-${n}`])
        await their.send([`C-${n}`])
        await turn()
      }
      // The CANCEL was taken before the SUBSCRIBE C: after a C came, no A can come.
      await their.send(['A-final'])
      await their.send(['C-final'])
      await until('C-final', () => tap.texts().includes('C-final'))
      expect(tap.texts()).not.toContain('A-final')
    })

    it('should speak DEALER/ROUTER with identities both ways', async () => {
      const router = await connect(peer, local('ROUTER'), 'DEALER', how, 'tcp', {
        routingId: 'dealer-1',
      })
      expect(router.tap.pipe.peerType).toBe('DEALER')
      expect(Buffer.from(router.tap.pipe.peerIdentity!).toString()).toBe('dealer-1')
      await router.their.send(['hi'])
      expect(text(await router.tap.message(0))).toBe('hi')
      router.tap.pipe.write([Buffer.from('back')])
      expect(text(await router.their.receive())).toBe('back')

      const dealer = await connect(peer, local('DEALER', {}, 'ours-1'), 'ROUTER', how, 'tcp')
      expect(dealer.tap.pipe.peerIdentity).toBeUndefined()
      dealer.tap.pipe.write([Buffer.from('hi'), Buffer.from('there')])
      expect(text(await dealer.their.receive())).toBe('ours-1|hi|there')
      await dealer.their.send(['ours-1', 'back'])
      expect(text(await dealer.tap.message(0))).toBe('back')
    })

    it('should carry REQ/REP frames as they are (the delimiter is the behaviour’s)', async () => {
      const rep = await connect(peer, local('REP'), 'REQ', how, 'tcp')
      await rep.their.send(['hello'])
      expect(await rep.tap.message(0)).toEqual([Buffer.alloc(0), Buffer.from('hello')])
      rep.tap.pipe.write([Buffer.alloc(0), Buffer.from('world')])
      expect(text(await rep.their.receive())).toBe('world')

      const req = await connect(peer, local('REQ'), 'REP', how, 'tcp')
      req.tap.pipe.write([Buffer.alloc(0), Buffer.from('ping')])
      expect(text(await req.their.receive())).toBe('ping')
      await req.their.send(['pong'])
      expect(await req.tap.message(0)).toEqual([Buffer.alloc(0), Buffer.from('pong')])
    })

    it('should speak PAIR', async () => {
      const { tap, their } = await connect(peer, local('PAIR'), 'PAIR', how, 'tcp')
      tap.pipe.write([Buffer.from('to-them')])
      expect(text(await their.receive())).toBe('to-them')
      await their.send(['to-us', 'two'])
      expect(text(await tap.message(0))).toBe('to-us|two')
    })

    it('should refuse an incompatible peer type with a ProtocolError and no pipe', async () => {
      const probe = new Probe()
      if (how === 'we listen') {
        const listener = track(await zmtpNetwork.listen('tcp://127.0.0.1:*', local('PUSH'), probe))
        track(await peer.open('PUSH', { connect: listener.endpoint }))
        const event = await probe.event$('handshake:error:protocol')
        expect(event).toMatchObject({ address: listener.endpoint })
        const error = (event as { error: unknown }).error
        expect(error).toBeInstanceOf(ProtocolError)
        expect(error).toMatchObject({ code: 'ERR_ZMTP_INVALID_METADATA', violation: 'socket-type' })
      } else {
        const their = track(await peer.open('PUSH', { bind: 'tcp://127.0.0.1:*' }))
        track({ close: zmtpNetwork.dial(their.endpoint, local('PUSH'), probe).cancel })
        const error = await probe.failure()
        expect(error).toBeInstanceOf(ProtocolError)
        expect(error.message).toMatch(/PUSH socket cannot talk to a PUSH peer/)
      }
      expect(probe.taps).toHaveLength(0)
    })
  })
})

describe('PLAIN against libzmq', () => {
  const authenticate = (request: ZmtpAuthRequest): Promise<boolean> =>
    Promise.resolve(request.username === 'admin' && request.password === 'secret')

  it('should let in a zeromq.js PLAIN client with the right password, and refuse a wrong one (400)', async () => {
    const requests: ZmtpAuthRequest[] = []
    const probe = new Probe()
    const listener = track(
      await zmtpNetwork.listen(
        'tcp://127.0.0.1:*',
        local('PULL', {
          plainServer: true,
          zmtpAuthenticate: (r: ZmtpAuthRequest) => (requests.push(r), authenticate(r)),
        }),
        probe,
      ),
    )
    const good = track(new zmq.Push({ linger: 0, plainUsername: 'admin', plainPassword: 'secret' }))
    good.connect(listener.endpoint)
    await good.send('let in')
    const tap = await probe.tap()
    expect(text(await tap.message(0))).toBe('let in')
    expect(requests[0]).toMatchObject({
      username: 'admin',
      password: 'secret',
      address: '127.0.0.1',
    })

    const bad = track(new zmq.Push({ linger: 0, plainUsername: 'admin', plainPassword: 'guess' }))
    const theirEvent = nextEvent(bad, 'handshake:error:auth')
    bad.connect(listener.endpoint)
    const ours = await probe.event$('handshake:error:auth')
    expect((ours as { error: unknown }).error).toBeInstanceOf(AuthenticationError)
    expect(ours).toMatchObject({ error: { status: 400, code: 'EACCES' } })
    // libzmq's client read our ERROR as a ZAP status: we send it in libzmq's own form.
    expect(await theirEvent).toMatchObject({ error: { status: 400 } })
    expect(probe.taps).toHaveLength(1)
  })

  it('should refuse every PLAIN client when the server has no authenticator, as libzmq does', async () => {
    const probe = new Probe()
    const listener = track(
      await zmtpNetwork.listen('tcp://127.0.0.1:*', local('PULL', { plainServer: true }), probe),
    )
    const client = track(new zmq.Push({ linger: 0, plainUsername: 'admin', plainPassword: 'x' }))
    client.connect(listener.endpoint)
    const event = await probe.event$('handshake:error:other')
    expect((event as { error: unknown }).error).toBeInstanceOf(AuthenticationError)
    expect(event).toMatchObject({ error: { code: 'EFAULT', status: 500 } })
  })

  it('should end the handshake with a NULL libzmq peer at a PLAIN server (mechanism mismatch)', async () => {
    const probe = new Probe()
    const listener = track(
      await zmtpNetwork.listen(
        'tcp://127.0.0.1:*',
        local('PULL', { plainServer: true, zmtpAuthenticate: authenticate }),
        probe,
      ),
    )
    const client = track(new zmq.Push({ linger: 0 }))
    const theirs = nextEvent(client, 'handshake:error:protocol')
    client.connect(listener.endpoint)
    // libzmq reads our whole greeting at once, sees PLAIN and closes before sending the rest
    // of its own: it reports the mismatch, we see a connection closed mid-greeting.
    expect(await theirs).toMatchObject({ error: { code: 'ERR_ZMTP_MECHANISM_MISMATCH' } })
    const ours = await probe.event$('handshake:error:other')
    expect(ours).toMatchObject({ error: { code: 'EPIPE', errno: 32 } })
    expect(probe.taps).toHaveLength(0)
  })

  describe('our PLAIN client against a pyzmq PLAIN server (ZAP handler)', () => {
    let python: PythonPeer
    beforeAll(async () => {
      python = new PythonPeer()
      await python.plainAuth({ admin: 'secret' })
    })
    afterAll(() => python.close())

    it('should connect with the right password', async () => {
      const { id, endpoint } = await python.socket(
        'PULL',
        { bind: 'tcp://127.0.0.1:*' },
        { PLAIN_SERVER: 1 },
      )
      track({ close: () => python.closeSocket(id) })
      const probe = new Probe()
      const ours = local('PUSH', { plainUsername: 'admin', plainPassword: 'secret' })
      track({ close: zmtpNetwork.dial(endpoint, ours, probe).cancel })
      const tap = await probe.tap()
      track(tap.pipe)
      tap.pipe.write([Buffer.from('authenticated')])
      expect(text(await python.recv(id))).toBe('authenticated')
    })

    it('should fail with AuthenticationError 400 on a wrong password', async () => {
      const { id, endpoint } = await python.socket(
        'PULL',
        { bind: 'tcp://127.0.0.1:*' },
        { PLAIN_SERVER: 1 },
      )
      track({ close: () => python.closeSocket(id) })
      const probe = new Probe()
      const ours = local('PUSH', { plainUsername: 'admin', plainPassword: 'wrong' })
      track({ close: zmtpNetwork.dial(endpoint, ours, probe).cancel })
      const error = await probe.failure()
      expect(error).toBeInstanceOf(AuthenticationError)
      expect(error).toMatchObject({ status: 400, code: 'EACCES', endpoint })
      expect(probe.types()).toEqual(['connect', 'handshake:error:auth', 'disconnect'])
    })
  })
})

describe('heartbeats against a stopped pyzmq process', () => {
  let python: PythonPeer
  beforeEach(() => {
    python = new PythonPeer()
  })
  afterEach(() => python.close())

  it('should close the pipe with a PeerTimeoutError when a SIGSTOPped peer stops answering PINGs', async () => {
    const probe = new Probe()
    const listener = track(
      await zmtpNetwork.listen(
        'tcp://127.0.0.1:*',
        local('PULL', { heartbeatInterval: 100, heartbeatTimeout: 400 }),
        probe,
      ),
    )
    const { id } = await python.socket('PUSH', { connect: listener.endpoint })
    await python.send(id, ['alive'])
    const tap = await probe.tap()
    await tap.message(0)
    python.process.kill('SIGSTOP')
    const error = await tap.whenClosed()
    expect(error).toBeInstanceOf(PeerTimeoutError)
    expect(error).toMatchObject({ code: 'ETIMEDOUT', phase: 'heartbeat', timeout: 400 })
    expect(probe.types()).toContain('disconnect')
  })
})
