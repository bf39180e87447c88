import { ConnectionError } from '../../../src/errors/ConnectionError'
import { InvalidEndpointError } from '../../../src/errors/InvalidEndpointError'
import { InvalidOptionError } from '../../../src/errors/InvalidOptionError'
import { MessageTooLargeError } from '../../../src/errors/MessageTooLargeError'
import { ProtocolError } from '../../../src/errors/ProtocolError'
import type { Pipe, PipeNetwork } from '../../../src/transport/pipes/Pipe'
import {
  assumedPeerType,
  WebSocketPipe,
  wsNetwork,
  type WebSocketConstructor,
  type WsNetworkOptions,
} from '../../../src/transport/ws'
import { arrayBuffer, FakeWebSocket, fakeWebSocketClass, utf8 } from './helpers/FakeWebSocket'
import {
  closePipes,
  dialFailure,
  dialPipe,
  Inbox,
  local,
  text,
  type Dialled,
} from './helpers/pipes'

const ENDPOINT = 'ws://server.test:5556/zmq'

afterEach(closePipes)

/** A network over fake WebSockets, and the sockets it opened. */
function fakeNetwork(options: Omit<WsNetworkOptions, 'WebSocket'> = {}): {
  network: PipeNetwork
  sockets: FakeWebSocket[]
} {
  const { WebSocket, sockets } = fakeWebSocketClass()
  return { network: wsNetwork({ WebSocket, ...options }), sockets }
}

/** Dials over a fake and completes the handshake; resolves with the pipe and its fake. */
async function connected(
  options: Record<string, unknown> = {},
  networkOptions: Omit<WsNetworkOptions, 'WebSocket'> = {},
  inbox?: Inbox,
): Promise<Dialled & { ws: FakeWebSocket; pipe: WebSocketPipe }> {
  const { network, sockets } = fakeNetwork(networkOptions)
  const dialled = dialPipe(network, ENDPOINT, local('DEALER', options), inbox)
  sockets[0].handshake('srv')
  sockets[0].flush() // the routing id went out
  const result = await dialled
  return { ...result, ws: sockets[0], pipe: result.pipe as WebSocketPipe }
}

/** The WebSocket messages sent after the routing id, as arrays of numbers. */
function sentAfterHandshake(ws: FakeWebSocket): number[][] {
  return ws.sent.slice(1).map((m) => Array.from(m))
}

describe('wsNetwork handshake (fake WebSocket)', () => {
  it('opens ws:// with the ZWS2.0 sub-protocol and binary type arraybuffer', () => {
    const { network, sockets } = fakeNetwork()
    const dial = network.dial(ENDPOINT, local('SUB'), { pipe() {}, event() {}, failed() {} })
    expect(sockets).toHaveLength(1)
    expect(sockets[0].url).toBe(ENDPOINT)
    expect(sockets[0].protocols).toBe('ZWS2.0')
    expect(sockets[0].binaryType).toBe('arraybuffer')
    dial.cancel()
  })

  it('sends its routing id first, then hands the pipe over on the server routing id', async () => {
    const { network, sockets } = fakeNetwork()
    const dialled = dialPipe(network, ENDPOINT, local('DEALER', {}, 'web-7'))
    const ws = sockets[0]
    ws.open()
    expect(ws.sent.map((m) => Array.from(m))).toEqual([[0x00, ...utf8('web-7')]])
    ws.frame(0x00, 'broker')
    const { pipe, events } = await dialled
    expect(text([pipe.peerIdentity as Uint8Array])).toEqual(['broker'])
    expect(pipe.endpoint).toBe(ENDPOINT)
    expect(pipe.peerType).toBe('ROUTER')
    expect(events).toEqual([
      { type: 'connect', address: ENDPOINT },
      { type: 'handshake', address: ENDPOINT },
    ])
  })

  it('an empty local identity goes as the one byte 00; an empty peer id is no peerIdentity', async () => {
    const { network, sockets } = fakeNetwork()
    const dialled = dialPipe(network, ENDPOINT, local('SUB'))
    sockets[0].handshake()
    const { pipe } = await dialled
    expect(sockets[0].sent.map((m) => Array.from(m))).toEqual([[0x00]])
    expect(pipe.peerIdentity).toBeUndefined()
    expect(pipe.peerType).toBe('PUB')
  })

  it('messages right after the routing id reach the pipe', async () => {
    const { network, sockets } = fakeNetwork()
    const dialled = dialPipe(network, ENDPOINT, local('PULL'))
    sockets[0].handshake()
    sockets[0].zmq('a', 'b')
    const { inbox } = await dialled
    expect(text(await inbox.message(1))).toEqual(['a', 'b'])
  })

  it('a refused connection that fires only `error` (Node 20) fails the dial once', async () => {
    const { network, sockets } = fakeNetwork()
    const failure = dialFailure(network, ENDPOINT, local('SUB'))
    sockets[0].refuse()
    const { error, events } = await failure
    expect(error).toBeInstanceOf(ConnectionError)
    expect(error).toMatchObject({ code: 'ECONNREFUSED', endpoint: ENDPOINT })
    expect(events).toEqual([])
    expect(sockets[0].closeCalls).toEqual([1000])
    expect(sockets[0].onclose).toBeNull()
  })

  it('`error` then `close` (browsers) fails the dial once', async () => {
    const { network, sockets } = fakeNetwork()
    const failed = jest.fn()
    network.dial(ENDPOINT, local('SUB'), { pipe() {}, event() {}, failed })
    const ws = sockets[0]
    const onclose = ws.onclose
    ws.refuse()
    onclose?.({ code: 1006, reason: '', wasClean: false })
    expect(failed).toHaveBeenCalledTimes(1)
  })

  it('a close during the handshake is ECONNRESET', async () => {
    const { network, sockets } = fakeNetwork()
    const failure = dialFailure(network, ENDPOINT, local('SUB'))
    sockets[0].open()
    sockets[0].drop(1006)
    const { error, events } = await failure
    expect(error).toMatchObject({ code: 'ECONNRESET' })
    expect(events.map((e) => e.type)).toEqual(['connect'])
  })

  it.each([
    ['no sub-protocol', ''],
    ['another sub-protocol', 'chat'],
  ])(
    'a server answering with %s is not ZWS: ProtocolError, handshake:error:protocol',
    async (_what, protocol) => {
      const { network, sockets } = fakeNetwork()
      const failure = dialFailure(network, ENDPOINT, local('SUB'))
      sockets[0].open(protocol)
      const { error, events } = await failure
      expect(error).toBeInstanceOf(ProtocolError)
      expect(error).toMatchObject({ violation: 'subprotocol', code: 'ERR_ZMTP_MECHANISM_MISMATCH' })
      expect(events).toEqual([{ type: 'handshake:error:protocol', address: ENDPOINT, error }])
      expect(sockets[0].sent).toEqual([])
      expect(sockets[0].closeCalls).toEqual([1000])
    },
  )

  it.each([
    ['a text routing id', (ws: FakeWebSocket) => ws.message('hi'), 'not-binary'],
    ['an empty message', (ws: FakeWebSocket) => ws.message([]), 'empty-frame'],
    ['a routing id with more frames', (ws: FakeWebSocket) => ws.frame(0x01, 'id'), 'routing-id'],
    ['a 256-byte routing id', (ws: FakeWebSocket) => ws.frame(0x00, 'x'.repeat(256)), 'routing-id'],
    ['a command first', (ws: FakeWebSocket) => ws.frame(0x02, [5, ...utf8('READY')]), 'command'],
    ['flags 0x10', (ws: FakeWebSocket) => ws.frame(0x10), 'flags'],
  ])('%s fails the handshake with a ProtocolError', async (_what, send, reason) => {
    const { network, sockets } = fakeNetwork()
    const failure = dialFailure(network, ENDPOINT, local('SUB'))
    sockets[0].open()
    send(sockets[0])
    const { error, events } = await failure
    expect(error).toBeInstanceOf(ProtocolError)
    expect(error).toMatchObject({ violation: reason, endpoint: ENDPOINT })
    expect(events.map((e) => e.type)).toEqual(['connect', 'handshake:error:protocol'])
  })

  it('a 255-byte routing id is fine', async () => {
    const { network, sockets } = fakeNetwork()
    const dialled = dialPipe(network, ENDPOINT, local('SUB'))
    sockets[0].open()
    sockets[0].frame(0x00, 'x'.repeat(255))
    expect((await dialled).pipe.peerIdentity).toHaveLength(255)
  })

  it('no routing id within handshakeInterval: ETIMEDOUT, and the WebSocket is closed', async () => {
    const { network, sockets } = fakeNetwork()
    const failure = dialFailure(network, ENDPOINT, local('SUB', { handshakeInterval: 20 }))
    sockets[0].open()
    const { error } = await failure
    expect(error).toBeInstanceOf(ConnectionError)
    expect(error).toMatchObject({ code: 'ETIMEDOUT' })
    expect(sockets[0].closeCalls).toEqual([1000])
  })

  it('cancel: the WebSocket is closed and nothing is reported after', () => {
    const { network, sockets } = fakeNetwork()
    const sink = { pipe: jest.fn(), event: jest.fn(), failed: jest.fn() }
    const dial = network.dial(ENDPOINT, local('SUB'), sink)
    const ws = sockets[0]
    const { onopen, onmessage, onerror } = ws
    dial.cancel()
    dial.cancel()
    expect(ws.closeCalls).toEqual([1000])
    onopen?.({})
    onmessage?.({ data: arrayBuffer([0]) })
    onerror?.({})
    expect(sink.pipe).not.toHaveBeenCalled()
    expect(sink.event).not.toHaveBeenCalled()
    expect(sink.failed).not.toHaveBeenCalled()
  })

  describe('with fake timers', () => {
    beforeEach(() => jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] }))
    afterEach(() => jest.useRealTimers())

    it('a handshake timer does not outlive a cancel or a pipe', async () => {
      const { network, sockets } = fakeNetwork()
      const failed = jest.fn()
      network
        .dial(ENDPOINT, local('SUB', { handshakeInterval: 5 }), { pipe() {}, event() {}, failed })
        .cancel()
      const dialled = dialPipe(network, ENDPOINT, local('SUB', { handshakeInterval: 5 }))
      sockets[1].handshake()
      const { inbox } = await dialled
      jest.advanceTimersByTime(1000)
      expect(failed).not.toHaveBeenCalled()
      expect(inbox.closedCalls).toEqual([])
      expect(jest.getTimerCount()).toBe(0)
    })

    it('the handshake timer runs from the dial, and fails it once', async () => {
      const { network, sockets } = fakeNetwork()
      const failed = jest.fn()
      network.dial(ENDPOINT, local('SUB', { handshakeInterval: 50 }), {
        pipe() {},
        event() {},
        failed,
      })
      jest.advanceTimersByTime(49)
      expect(failed).not.toHaveBeenCalled()
      jest.advanceTimersByTime(1)
      expect(failed).toHaveBeenCalledTimes(1)
      expect(failed.mock.calls[0][0]).toMatchObject({ code: 'ETIMEDOUT' })
      sockets[0].open() // too late: ignored
      expect(sockets[0].sent).toEqual([])
    })

    it('stays blocked until the low-water mark, not just below the high-water mark', async () => {
      const { pipe, ws, inbox } = await connected({ sendHighWaterMark: 4 })
      for (let i = 0; i < 4; i++) pipe.write([utf8('abcd')])
      expect(pipe.write([utf8('x')])).toBe(false)
      ws.flush(5) // one of four gone: 3 pending, above the low-water mark (2)
      jest.advanceTimersByTime(1000)
      expect(inbox.writableCalls).toBe(0)
      expect(pipe.write([utf8('x')])).toBe(false)
      ws.flush(5) // two gone: at the low-water mark
      jest.advanceTimersByTime(16) // the longest poll interval
      expect(inbox.writableCalls).toBe(1)
      expect(pipe.write([utf8('x')])).toBe(true)
    })

    it('linger: closes when the buffer is empty, or when its time is up', async () => {
      const a = await connected()
      a.pipe.write([new Uint8Array(100)])
      a.pipe.close(1000)
      jest.advanceTimersByTime(500)
      expect(a.ws.closeCalls).toEqual([])
      a.ws.flush()
      jest.advanceTimersByTime(16)
      expect(a.ws.closeCalls).toEqual([1000])

      const b = await connected()
      b.pipe.write([new Uint8Array(100)])
      b.pipe.close(1000)
      jest.advanceTimersByTime(999)
      expect(b.ws.closeCalls).toEqual([])
      jest.advanceTimersByTime(1)
      expect(b.ws.closeCalls).toEqual([1000])
      expect(await b.inbox.closedWith()).toBeUndefined()
    })
  })
})

describe('wsNetwork configuration', () => {
  it('listen refuses with EPROTONOSUPPORT: browsers cannot listen', () => {
    const { network } = fakeNetwork()
    const listen = (): unknown =>
      network.listen('ws://*:5556', local('PUB'), { pipe() {}, event() {} })
    expect(listen).toThrow(InvalidEndpointError)
    expect(listen).toThrow(/bind ws:\/\/ on a native/)
    try {
      listen()
    } catch (error) {
      expect(error).toMatchObject({ code: 'EPROTONOSUPPORT', endpoint: 'ws://*:5556' })
    }
  })

  it('dials wss:// as given (TLS ends in a proxy in front of libzmq)', async () => {
    const { network, sockets } = fakeNetwork()
    const dialled = dialPipe(network, 'wss://example.test/zmq/feed', local('SUB'))
    expect(sockets[0].url).toBe('wss://example.test/zmq/feed')
    sockets[0].handshake()
    expect((await dialled).pipe.endpoint).toBe('wss://example.test/zmq/feed')
  })

  it('name and schemes', () => {
    const { network } = fakeNetwork()
    expect(network.name).toBe('ws')
    expect(network.schemes).toEqual(['ws', 'wss'])
  })

  it('no WebSocket class: a typed error that says what to do', () => {
    const holder = globalThis as { WebSocket?: unknown }
    const saved = Object.getOwnPropertyDescriptor(holder, 'WebSocket')
    delete holder.WebSocket
    try {
      expect(() => wsNetwork()).toThrow(InvalidOptionError)
      expect(() => wsNetwork()).toThrow(/wsNetwork\(\{ WebSocket \}\)/)
      try {
        wsNetwork()
      } catch (error) {
        expect(error).toMatchObject({ code: 'EPROTONOSUPPORT', option: 'WebSocket' })
      }
    } finally {
      if (saved) Object.defineProperty(holder, 'WebSocket', saved)
    }
  })

  it('uses globalThis.WebSocket when none is given', () => {
    const holder = globalThis as { WebSocket?: unknown }
    const saved = Object.getOwnPropertyDescriptor(holder, 'WebSocket')
    const { WebSocket, sockets } = fakeWebSocketClass()
    Object.defineProperty(holder, 'WebSocket', {
      value: WebSocket,
      configurable: true,
      writable: true,
    })
    try {
      wsNetwork()
        .dial(ENDPOINT, local('SUB'), { pipe() {}, event() {}, failed() {} })
        .cancel()
      expect(sockets).toHaveLength(1)
    } finally {
      delete holder.WebSocket
      if (saved) Object.defineProperty(holder, 'WebSocket', saved)
    }
  })

  it('the global WebSocket type fits WebSocketConstructor', () => {
    // Compile-time: Node's (undici's) WebSocket class is accepted as is.
    const accept = (_c: WebSocketConstructor | undefined): void => undefined
    accept((globalThis as { WebSocket?: typeof WebSocket }).WebSocket)
  })

  it('maxBufferedAmount must be an integer >= 0', () => {
    const { WebSocket } = fakeWebSocketClass()
    expect(() => wsNetwork({ WebSocket, maxBufferedAmount: -1 })).toThrow(InvalidOptionError)
  })

  it.each([
    ['tcp://127.0.0.1:5555', 'EPROTONOSUPPORT'],
    ['http://127.0.0.1:5555/', 'EPROTONOSUPPORT'],
    ['ws://*:5555', 'EINVAL'],
    ['not an endpoint', 'EINVAL'],
  ])(
    'dialling %s fails with InvalidEndpointError %s, after dial returned',
    async (endpoint, code) => {
      const { network, sockets } = fakeNetwork()
      const failed = jest.fn()
      network.dial(endpoint, local('SUB'), { pipe() {}, event() {}, failed })
      expect(failed).not.toHaveBeenCalled()
      const { error } = await dialFailure(network, endpoint, local('SUB'))
      expect(error).toBeInstanceOf(InvalidEndpointError)
      expect(error).toMatchObject({ code, endpoint })
      expect(sockets).toHaveLength(0)
    },
  )

  it('a WebSocket constructor that throws (a bad URL, mixed content) fails the dial', async () => {
    class Throwing extends FakeWebSocket {
      constructor(url: string) {
        super(url)
        throw Object.assign(new Error('insecure WebSocket from an https page'), {
          name: 'SecurityError',
        })
      }
    }
    const network = wsNetwork({ WebSocket: Throwing })
    const { error } = await dialFailure(network, ENDPOINT, local('SUB'))
    expect(error).toBeInstanceOf(InvalidEndpointError)
    expect(error.message).toContain('SecurityError')
    expect(error).toMatchObject({ code: 'EINVAL', endpoint: ENDPOINT })
  })

  it.each([
    ['sendHighWaterMark', -1],
    ['receiveHighWaterMark', 1.5],
    ['maxMessageSize', -2],
    ['handshakeInterval', '10'],
  ])('a bad %s fails the dial with InvalidOptionError', async (option, value) => {
    const { network, sockets } = fakeNetwork()
    const { error } = await dialFailure(network, ENDPOINT, local('SUB', { [option]: value }))
    expect(error).toBeInstanceOf(InvalidOptionError)
    expect(error).toMatchObject({ option, code: 'EINVAL' })
    expect(sockets).toHaveLength(0)
  })

  describe('peerType: ZWS2.0 does not carry it', () => {
    it('is assumed: the usual server type for the local type', () => {
      expect(assumedPeerType('SUB')).toBe('PUB')
      expect(assumedPeerType('XSUB')).toBe('PUB')
      expect(assumedPeerType('PUB')).toBe('SUB')
      expect(assumedPeerType('REQ')).toBe('REP')
      expect(assumedPeerType('DEALER')).toBe('ROUTER')
      expect(assumedPeerType('ROUTER')).toBe('DEALER')
      expect(assumedPeerType('PUSH')).toBe('PULL')
      expect(assumedPeerType('PULL')).toBe('PUSH')
      expect(assumedPeerType('PAIR')).toBe('PAIR')
      expect(assumedPeerType('CLIENT')).toBe('SERVER')
      expect(assumedPeerType('STREAM')).toBeUndefined()
    })

    it('can be configured, for all endpoints or per endpoint', async () => {
      const one = fakeNetwork({ peerType: 'XPUB' })
      const a = dialPipe(one.network, ENDPOINT, local('SUB'))
      one.sockets[0].handshake()
      expect((await a).pipe.peerType).toBe('XPUB')

      const perEndpoint = fakeNetwork({
        peerType: (endpoint, type) =>
          endpoint.endsWith('/rep') ? 'REP' : type === 'REQ' ? 'ROUTER' : undefined,
      })
      const b = dialPipe(perEndpoint.network, 'ws://h:1/rep', local('REQ'))
      const c = dialPipe(perEndpoint.network, 'ws://h:1/broker', local('REQ'))
      const d = dialPipe(perEndpoint.network, 'ws://h:1/x', local('PUSH'))
      perEndpoint.sockets.forEach((ws) => ws.handshake())
      expect((await b).pipe.peerType).toBe('REP')
      expect((await c).pipe.peerType).toBe('ROUTER')
      expect((await d).pipe.peerType).toBe('PULL')
    })

    it('a configured type that cannot be a peer fails the dial (EINVAL)', async () => {
      const { network, sockets } = fakeNetwork({ peerType: 'PUSH' })
      const { error } = await dialFailure(network, ENDPOINT, local('SUB'))
      expect(error).toBeInstanceOf(InvalidOptionError)
      expect(error).toMatchObject({ option: 'peerType', code: 'EINVAL' })
      expect(sockets).toHaveLength(0)
    })

    it('a peerType function that throws fails the dial, not the caller', async () => {
      const { network } = fakeNetwork({
        peerType: () => {
          throw new Error('no config')
        },
      })
      const { error } = await dialFailure(network, ENDPOINT, local('SUB'))
      expect(error).toBeInstanceOf(InvalidOptionError)
      expect(error.message).toContain('no config')
    })

    it('a STREAM socket has no ZWS peer (EPROTONOSUPPORT)', async () => {
      const { network } = fakeNetwork()
      const { error } = await dialFailure(network, ENDPOINT, local('STREAM'))
      expect(error).toMatchObject({ option: 'peerType', code: 'EPROTONOSUPPORT' })
    })
  })
})

describe('WebSocketPipe writes (fake WebSocket)', () => {
  it('one WebSocket message per frame, flags byte first', async () => {
    const { pipe, ws } = await connected()
    expect(pipe.write([new Uint8Array(0), utf8('hello')])).toBe(true)
    expect(pipe.write([Uint8Array.from([1, ...utf8('topic')])])).toBe(true)
    expect(sentAfterHandshake(ws)).toEqual([
      [0x01],
      [0x00, ...utf8('hello')],
      [0x00, 0x01, ...utf8('topic')],
    ])
  })

  it('counts from what is buffered when the pipe is made (the routing id)', async () => {
    const { network, sockets } = fakeNetwork()
    const dialled = dialPipe(network, ENDPOINT, local('PUSH', { sendHighWaterMark: 1 }, 'id'))
    sockets[0].handshake()
    const { pipe, inbox } = await dialled
    expect(sockets[0].bufferedAmount).toBe(3) // 00 "id", not flushed yet
    expect(pipe.write([utf8('x')])).toBe(true)
    expect(pipe.write([utf8('y')])).toBe(false)
    sockets[0].flush(3 + 2)
    await inbox.until(() => inbox.writableCalls === 1)
    expect(pipe.write([utf8('y')])).toBe(true)
  })

  it('sendHighWaterMark counts messages still in bufferedAmount; writable comes after they drain', async () => {
    const { pipe, ws, inbox } = await connected({ sendHighWaterMark: 4 })
    for (let i = 0; i < 4; i++) expect(pipe.write([utf8('ab'), utf8('c')])).toBe(true)
    expect(pipe.writable).toBe(false)
    expect(pipe.write([utf8('x')])).toBe(false)
    expect(ws.sent).toHaveLength(1 + 8)
    // Two messages (5 bytes each: 3 + 2) reach the network: 2 still pending = the low-water mark.
    ws.flush(10)
    await inbox.until(() => inbox.writableCalls === 1)
    expect(pipe.writable).toBe(true)
    expect(pipe.write([utf8('x')])).toBe(true)
  })

  it('maxBufferedAmount bounds bytes whatever the message count', async () => {
    const { pipe, ws, inbox } = await connected(
      { sendHighWaterMark: 0 },
      { maxBufferedAmount: 100 },
    )
    expect(pipe.write([new Uint8Array(150)])).toBe(true)
    expect(pipe.write([new Uint8Array(1)])).toBe(false)
    ws.flush(120) // 31 bytes left: at or under half of the limit
    await inbox.until(() => inbox.writableCalls === 1)
    expect(pipe.write([new Uint8Array(1)])).toBe(true)
  })

  it('sendHighWaterMark 0 and maxBufferedAmount 0: no limit', async () => {
    const { pipe } = await connected({ sendHighWaterMark: 0 }, { maxBufferedAmount: 0 })
    for (let i = 0; i < 10000; i++) expect(pipe.write([utf8('m')])).toBe(true)
    expect(pipe.writable).toBe(true)
  })

  it('a send that throws closes the pipe with ECONNRESET, after write returned', async () => {
    const { pipe, ws, inbox } = await connected()
    ws.send = () => {
      throw new Error('broken')
    }
    expect(pipe.write([utf8('x')])).toBe(true)
    expect(inbox.closedCalls).toEqual([])
    expect(pipe.write([utf8('y')])).toBe(false)
    const error = await inbox.closedWith()
    expect(error).toBeInstanceOf(ConnectionError)
    expect(error).toMatchObject({ code: 'ECONNRESET' })
  })
})

describe('WebSocketPipe reads (fake WebSocket)', () => {
  it('assembles frames into messages and announces them once per empty queue', async () => {
    const inbox = new Inbox(false)
    const { pipe, ws } = await connected({}, {}, inbox)
    ws.frame(0x01, 'topic')
    expect(inbox.readableCalls).toBe(0)
    ws.frame(0x00, 'body')
    ws.zmq('second')
    expect(inbox.readableCalls).toBe(1)
    expect(text(pipe.read())).toEqual(['topic', 'body'])
    expect(text(pipe.read())).toEqual(['second'])
    expect(pipe.read()).toBeUndefined()
    ws.zmq('third')
    expect(inbox.readableCalls).toBe(2)
  })

  it('messages that arrived before the handler was set are announced to it', async () => {
    const { WebSocket, sockets } = fakeWebSocketClass()
    let made: Pipe | undefined
    wsNetwork({ WebSocket }).dial(ENDPOINT, local('PULL'), {
      pipe: (pipe) => (made = pipe),
      event() {},
      failed() {},
    })
    sockets[0].handshake()
    sockets[0].zmq('early')
    const inbox = new Inbox()
    ;(made as Pipe).handler = inbox
    expect(text(await inbox.message(1))).toEqual(['early'])
    ;(made as Pipe).close()
  })

  it('beyond receiveHighWaterMark, new messages are dropped whole and counted', async () => {
    const inbox = new Inbox(false)
    const { pipe, ws } = await connected({ receiveHighWaterMark: 2 }, {}, inbox)
    ws.zmq('1')
    ws.zmq('2')
    ws.zmq('3', 'three', 'frames') // dropped, all three frames
    ws.zmq('4')
    expect(pipe.dropped).toBe(2)
    expect(text(pipe.read())).toEqual(['1'])
    ws.zmq('5', 'kept') // room for one again
    ws.zmq('6')
    expect(pipe.dropped).toBe(3)
    expect([pipe.read(), pipe.read(), pipe.read()].map(text)).toEqual([
      ['2'],
      ['5', 'kept'],
      undefined,
    ])
  })

  it('a flood stays bounded: receiveHighWaterMark messages kept, the rest counted', async () => {
    const inbox = new Inbox(false)
    const { pipe, ws } = await connected({ receiveHighWaterMark: 10 }, {}, inbox)
    for (let i = 0; i < 100000; i++) ws.zmq('t', 'payload')
    expect(pipe.dropped).toBe(99990)
    let kept = 0
    while (pipe.read() !== undefined) kept++
    expect(kept).toBe(10)
  })

  it('receiveHighWaterMark 0: no limit', async () => {
    const inbox = new Inbox(false)
    const { pipe, ws } = await connected({ receiveHighWaterMark: 0 }, {}, inbox)
    for (let i = 0; i < 5000; i++) ws.zmq('m')
    expect(pipe.dropped).toBe(0)
  })
})

describe('WebSocketPipe faults after the handshake (fake WebSocket)', () => {
  it.each([
    [
      'a text message',
      (ws: FakeWebSocket) => ws.message('{"json":true}'),
      ProtocolError,
      'not-binary',
    ],
    ['an empty message', (ws: FakeWebSocket) => ws.message([]), ProtocolError, 'empty-frame'],
    ['flags 0x04', (ws: FakeWebSocket) => ws.frame(0x04, 'x'), ProtocolError, 'flags'],
    [
      'a PING command',
      (ws: FakeWebSocket) => ws.frame(0x02, [4, ...utf8('PING')]),
      ProtocolError,
      'command',
    ],
    [
      'a message over maxMessageSize',
      (ws: FakeWebSocket) => ws.zmq('12345', '678901'),
      MessageTooLargeError,
      undefined,
    ],
  ])('%s closes the pipe with a typed error, once', async (_what, send, type, reason) => {
    const { pipe, ws, inbox } = await connected({ maxMessageSize: 10 })
    ws.zmq('before')
    send(ws)
    ws.zmq('after') // ignored: the pipe is closed
    const error = await inbox.closedWith()
    expect(error).toBeInstanceOf(type)
    if (reason !== undefined) expect(error).toMatchObject({ violation: reason })
    expect(error).toMatchObject({ endpoint: ENDPOINT })
    expect(inbox.closedCalls).toHaveLength(1)
    expect(inbox.messages.map(text)).toEqual([['before']])
    expect(ws.closeCalls).toEqual([1000])
    expect(ws.onmessage).toBeNull()
    expect(pipe.write([utf8('x')])).toBe(false)
    expect(pipe.writable).toBe(false)
  })

  it('the server closing mid-message: ProtocolError truncated, the partial message dropped', async () => {
    const { ws, inbox } = await connected()
    ws.zmq('whole')
    ws.frame(0x01, 'half')
    ws.drop(1000, true)
    const error = await inbox.closedWith()
    expect(error).toBeInstanceOf(ProtocolError)
    expect(error).toMatchObject({ violation: 'truncated' })
    expect(inbox.messages.map(text)).toEqual([['whole']])
  })

  it('`error` mid-message (browsers fire it before an abnormal close): truncated too', async () => {
    const { ws, inbox } = await connected()
    ws.frame(0x01, 'half')
    ws.refuse()
    expect(await inbox.closedWith()).toMatchObject({ violation: 'truncated' })
  })

  it('a clean close between messages: closed without an error', async () => {
    const { ws, inbox } = await connected()
    ws.drop(1000, true)
    expect(await inbox.closedWith()).toBeUndefined()
    expect(ws.closeCalls).toEqual([])
  })

  it('an abnormal close (libzmq closes TCP without a close frame: 1006): ECONNRESET', async () => {
    const { ws, inbox } = await connected()
    ws.drop(1006, false)
    const error = await inbox.closedWith()
    expect(error).toBeInstanceOf(ConnectionError)
    expect(error).toMatchObject({ code: 'ECONNRESET', endpoint: ENDPOINT })
    expect(error?.message).toContain('1006')
  })

  it('`error` after open: ECONNRESET; the `close` after it is not reported again', async () => {
    const { ws, inbox } = await connected()
    const onclose = ws.onclose
    ws.refuse()
    onclose?.({ code: 1006, reason: '', wasClean: false })
    expect(await inbox.closedWith()).toMatchObject({ code: 'ECONNRESET' })
    expect(inbox.closedCalls).toHaveLength(1)
  })

  it('a pipe made over a WebSocket that is not open closes at once', async () => {
    const ws = new FakeWebSocket(ENDPOINT)
    const pipe = new WebSocketPipe(ws, { endpoint: ENDPOINT, peerType: 'PUB' })
    const inbox = new Inbox()
    pipe.handler = inbox
    expect(await inbox.closedWith()).toMatchObject({ code: 'ECONNRESET' })
  })
})

describe('WebSocketPipe.close (fake WebSocket)', () => {
  it('closes the WebSocket; handler.closed follows once, without an error, not from inside close()', async () => {
    const reader = new Inbox(false)
    const { pipe, ws, inbox } = await connected({}, {}, reader)
    ws.zmq('unread')
    pipe.close()
    pipe.close()
    expect(reader.closedCalls).toEqual([])
    expect(await reader.closedWith()).toBeUndefined()
    expect(reader.closedCalls).toHaveLength(1)
    expect(inbox).toBe(reader)
    expect(ws.closeCalls).toEqual([1000])
    expect(pipe.write([utf8('x')])).toBe(false)
    expect(text(pipe.read())).toEqual(['unread']) // messages already received stay readable
    ws.drop(1006) // the WebSocket's own close event, later: not reported again
    expect(reader.closedCalls).toHaveLength(1)
  })

  it('linger waits for the buffered bytes to leave before closing', async () => {
    const { pipe, ws, inbox } = await connected()
    pipe.write([new Uint8Array(100)])
    pipe.close(-1)
    expect(ws.closeCalls).toEqual([])
    ws.flush()
    await inbox.closedWith()
    expect(ws.closeCalls).toEqual([1000])
  })

  it('linger gives up after its time', async () => {
    const { pipe, ws, inbox } = await connected()
    pipe.write([new Uint8Array(100)])
    pipe.close(30)
    expect(ws.closeCalls).toEqual([])
    expect(await inbox.closedWith()).toBeUndefined()
    expect(ws.closeCalls).toEqual([1000])
    expect(ws.bufferedAmount).toBe(101) // never flushed
  })

  it('the connection ending while lingering ends the linger', async () => {
    const { pipe, ws, inbox } = await connected()
    pipe.write([new Uint8Array(100)])
    pipe.close(-1)
    ws.drop(1006)
    expect(await inbox.closedWith()).toBeUndefined()
    expect(ws.closeCalls).toEqual([])
  })

  it('linger 0 closes at once even with bytes buffered', async () => {
    const { pipe, ws, inbox } = await connected()
    pipe.write([new Uint8Array(100)])
    pipe.close(0)
    expect(ws.closeCalls).toEqual([1000])
    await inbox.closedWith()
  })
})
