import { ConnectionError } from '../../../src/errors/ConnectionError'
import { MessageTooLargeError } from '../../../src/errors/MessageTooLargeError'
import { ProtocolError } from '../../../src/errors/ProtocolError'
import type { PipeNetwork } from '../../../src/transport/pipes/Pipe'
import { wsNetwork } from '../../../src/transport/ws'
import { utf8 } from './helpers/FakeWebSocket'
import {
  closePipes,
  dialFailure,
  dialPipe,
  local,
  testWebSocketName,
  text,
  TestWebSocket,
  type Dialled,
} from './helpers/pipes'
import { OPCODE, RawWsServer, type RawConnection } from './helpers/rfc6455'

/*
 * Servers that are not ZWS, or that break it, played byte by byte by a raw WebSocket server,
 * against a real WebSocket client. Every fault must end as a typed ZmqError through
 * DialSink.failed (before the handshake) or handler.closed (after), never as a throw.
 */

const servers: RawWsServer[] = []
afterEach(() => {
  closePipes()
  for (const server of servers.splice(0)) server.close()
})

/** A raw server running `scenario` for each connection. */
async function serve(scenario: (connection: RawConnection) => void): Promise<RawWsServer> {
  const server = await new RawWsServer(scenario).start()
  servers.push(server)
  return server
}

/** A ZWS server: accepts with ZWS2.0 and sends its routing id, then runs `then`. */
function zws(then: (connection: RawConnection) => void = () => undefined) {
  return (connection: RawConnection): void => {
    connection.accept('ZWS2.0')
    connection.binary([0x00])
    then(connection)
  }
}

let network: PipeNetwork
beforeEach(() => {
  network = wsNetwork({ WebSocket: TestWebSocket })
})

/** Connects to a ZWS server whose scenario pauses until the test sends; returns both ends. */
async function connectedTo(
  options: Record<string, unknown> = {},
): Promise<Dialled & { server: RawConnection }> {
  let server: RawConnection | undefined
  const raw = await serve(zws((c) => (server = c)))
  const dialled = await dialPipe(network, raw.url(), local('PULL', options))
  return { ...dialled, server: server as RawConnection }
}

/** Resolves once the client sent a close frame (the pipe closed its WebSocket). */
async function clientSentClose(server: RawConnection): Promise<void> {
  for (let n = 1; ; n++) {
    const frames = await server.receivedAtLeast(n)
    if (frames.some((f) => f.opcode === OPCODE.close)) return
  }
}

describe(`ws faults before the handshake (${testWebSocketName})`, () => {
  it('a closed port: ConnectionError ECONNREFUSED', async () => {
    const raw = await serve(() => undefined)
    const url = raw.url()
    raw.close()
    const { error, events } = await dialFailure(network, url, local('SUB'))
    expect(error).toBeInstanceOf(ConnectionError)
    expect(error).toMatchObject({ code: 'ECONNREFUSED', endpoint: url })
    expect(events).toEqual([])
  })

  it('a plain HTTP server (404 to the upgrade): ECONNREFUSED', async () => {
    const raw = await serve((c) =>
      c.socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 9\r\n\r\nnot found'),
    )
    const { error } = await dialFailure(network, raw.url(), local('SUB'))
    expect(error).toMatchObject({ code: 'ECONNREFUSED' })
  })

  it.each([
    ['no sub-protocol', undefined],
    ['another sub-protocol', 'chat'],
  ])(
    'a WebSocket server answering with %s: the WebSocket refuses it, ECONNREFUSED',
    async (_w, protocol) => {
      // Browsers and Node fail a connection whose server does not pick an offered sub-protocol,
      // before `open`; a laxer WebSocket would open, and the dial fails with a ProtocolError
      // ('subprotocol'), as pipe.spec.ts shows with a fake.
      const raw = await serve((c) => c.accept(protocol))
      const { error } = await dialFailure(network, raw.url(), local('SUB'))
      expect(error).toBeInstanceOf(ConnectionError)
      expect(error).toMatchObject({ code: 'ECONNREFUSED' })
    },
  )

  it('a text message as routing id: ProtocolError, handshake:error:protocol', async () => {
    const raw = await serve((c) => {
      c.accept('ZWS2.0')
      c.text('hello')
    })
    const { error, events } = await dialFailure(network, raw.url(), local('SUB'))
    expect(error).toBeInstanceOf(ProtocolError)
    expect(error).toMatchObject({ violation: 'not-binary', endpoint: raw.url() })
    expect(events.map((e) => e.type)).toEqual(['connect', 'handshake:error:protocol'])
  })

  it('a routing id in two frames: ProtocolError routing-id', async () => {
    const raw = await serve((c) => {
      c.accept('ZWS2.0')
      c.binary([0x01, 1])
      c.binary([0x00, 2])
    })
    const { error } = await dialFailure(network, raw.url(), local('SUB'))
    expect(error).toMatchObject({ violation: 'routing-id', code: 'ERR_ZMTP_INVALID_SEQUENCE' })
  })

  it('no routing id within handshakeInterval: ETIMEDOUT', async () => {
    const raw = await serve((c) => c.accept('ZWS2.0'))
    const { error, events } = await dialFailure(
      network,
      raw.url(),
      local('SUB', { handshakeInterval: 300 }),
    )
    expect(error).toMatchObject({ code: 'ETIMEDOUT' })
    // The interval runs from the dial: on a busy host it may end before the WebSocket opened.
    expect(['connect', '']).toContain(events.map((e) => e.type).join())
  })

  it('the server closing during the handshake: ECONNRESET', async () => {
    const raw = await serve((c) => {
      c.accept('ZWS2.0')
      c.closeFrame(1001)
    })
    const { error } = await dialFailure(network, raw.url(), local('SUB'))
    expect(error).toBeInstanceOf(ConnectionError)
    expect(error).toMatchObject({ code: 'ECONNRESET' })
  })

  it('the client sends its routing id first, then frames with their flags', async () => {
    const { pipe, server } = await (async () => {
      let server: RawConnection | undefined
      const raw = await serve(zws((c) => (server = c)))
      const d = await dialPipe(network, raw.url(), local('DEALER', {}, 'me'))
      return { pipe: d.pipe, server: server as RawConnection }
    })()
    pipe.write([new Uint8Array(0), utf8('hi')])
    const frames = await server.receivedAtLeast(3)
    expect(frames.map((f) => [f.opcode, ...f.payload])).toEqual([
      [OPCODE.binary, 0x00, ...utf8('me')],
      [OPCODE.binary, 0x01],
      [OPCODE.binary, 0x00, ...utf8('hi')],
    ])
  })
})

describe(`ws faults after the handshake (${testWebSocketName})`, () => {
  it.each([
    ['a text message', (c: RawConnection) => c.text('{"a":1}'), ProtocolError, 'not-binary'],
    ['an empty binary message', (c: RawConnection) => c.binary([]), ProtocolError, 'empty-frame'],
    ['flags 0x04', (c: RawConnection) => c.binary([0x04, 1]), ProtocolError, 'flags'],
    [
      'a command frame',
      (c: RawConnection) => c.binary([0x02, 4, ...utf8('PING'), 0, 0]),
      ProtocolError,
      'command',
    ],
    [
      'a message over maxMessageSize',
      (c: RawConnection) => c.binary([0x00, ...new Uint8Array(65)]),
      MessageTooLargeError,
      undefined,
    ],
  ])('%s: closed with a typed error, and the WebSocket closed', async (_w, send, type, reason) => {
    const { server, inbox } = await connectedTo({ maxMessageSize: 64 })
    server.binary([0x00, ...utf8('ok')])
    send(server)
    server.binary([0x00, ...utf8('never read')])
    const error = await inbox.closedWith()
    expect(error).toBeInstanceOf(type)
    if (reason !== undefined) expect(error).toMatchObject({ violation: reason })
    expect(inbox.messages.map(text)).toEqual([['ok']])
    await clientSentClose(server)
  })

  it('the server closing mid-message (close frame): ProtocolError truncated', async () => {
    const { server, inbox } = await connectedTo()
    server.binary([0x01, ...utf8('half')])
    server.closeFrame(1000)
    const error = await inbox.closedWith()
    expect(error).toBeInstanceOf(ProtocolError)
    expect(error).toMatchObject({ violation: 'truncated' })
    expect(inbox.messages).toEqual([])
  })

  it('the connection dropped mid-message (no close frame): ProtocolError truncated', async () => {
    const { server, inbox } = await connectedTo()
    server.binary([0x00, ...utf8('whole')])
    server.binary([0x01, ...utf8('half')])
    await inbox.message(1)
    server.socket.destroy()
    expect(await inbox.closedWith()).toMatchObject({ violation: 'truncated' })
    expect(inbox.messages.map(text)).toEqual([['whole']])
  })

  it('a clean close between messages: closed without an error', async () => {
    const { server, inbox } = await connectedTo()
    server.closeFrame(1000)
    expect(await inbox.closedWith()).toBeUndefined()
  })

  it('the connection dropped between messages: ConnectionError ECONNRESET', async () => {
    const { server, inbox } = await connectedTo()
    server.socket.destroy()
    const error = await inbox.closedWith()
    expect(error).toBeInstanceOf(ConnectionError)
    expect(error).toMatchObject({ code: 'ECONNRESET' })
  })

  it('a broken WebSocket frame (reserved opcode): the WebSocket fails, ECONNRESET', async () => {
    const { server, inbox } = await connectedTo()
    server.frame(0x3, Uint8Array.from([1, 2, 3]))
    expect(await inbox.closedWith()).toBeInstanceOf(ConnectionError)
  })

  it('a message fragmented by the server is put together by the WebSocket: no fault', async () => {
    const { server, inbox } = await connectedTo()
    server.frame(OPCODE.binary, Uint8Array.from([0x00, ...utf8('frag')]), false)
    server.frame(OPCODE.continuation, utf8('mented'), true)
    expect(text(await inbox.message(1))).toEqual(['fragmented'])
    expect(inbox.closedCalls).toEqual([])
  })

  it('a WebSocket ping from the server is answered by the WebSocket itself', async () => {
    const { server, inbox } = await connectedTo()
    server.frame(OPCODE.ping, utf8('hb'))
    const frames = await server.receivedAtLeast(2)
    expect(frames[1]).toMatchObject({ opcode: OPCODE.pong })
    expect(frames[1].payload.toString()).toBe('hb')
    server.binary([0x00, ...utf8('still here')])
    expect(text(await inbox.message(1))).toEqual(['still here'])
  })
})
