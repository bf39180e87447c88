import { AuthenticationError } from '../../../src/errors/AuthenticationError'
import { ConnectionError } from '../../../src/errors/ConnectionError'
import { MessageTooLargeError } from '../../../src/errors/MessageTooLargeError'
import { ProtocolError } from '../../../src/errors/ProtocolError'
import {
  checkGreetingStart,
  encodeCommand,
  encodeGreeting,
  FrameReader,
  FrameWriter,
  parseCommand,
  parseGreeting,
  parseMetadata,
} from '../../../src/transport/zmtp/codec'
import {
  checkPeer,
  createHandshake,
  errorCommand,
  errorFromPeer,
  localMetadata,
  type HandshakeHost,
  type PeerInfo,
} from '../../../src/transport/zmtp/handshake'
import { zmtpConfig } from '../../../src/transport/zmtp/options'
import type { ZmqError } from '../../../src/errors/ZmqError'

// The codec against bytes captured once from libzmq 4.3.4 (Debian's pyzmq) with a raw net
// server or client on the other side (the capture script is described in each block).

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex')

// pyzmq DEALER (identity 'peer-1') connecting to a raw server: greeting, READY, then
// send_multipart([b'a', b'bb']) and send(bytes(range(256)) + bytes(44)).
const DEALER_GREETING = hex(
  'ff00000000000000077f03014e554c4c00000000000000000000000000000000' +
    '0000000000000000000000000000000000000000000000000000000000000000',
)
const DEALER_READY = hex(
  '042f0552454144590b536f636b65742d54797065000000064445414c4552084964656e7469747900000006706565722d31',
)
const DEALER_MESSAGES = Buffer.concat([
  hex('0101610002626202000000000000012c'),
  Buffer.from([...Array(256).keys()]),
  Buffer.alloc(44),
])
// pyzmq ROUTER bound, a raw client connected: the READY it sends (Identity always, empty).
const ROUTER_READY = hex(
  '04290552454144590b536f636b65742d5479706500000006524f55544552084964656e7469747900000000',
)
// pyzmq SUB: setsockopt(SUBSCRIBE, b'weather') then UNSUBSCRIBE.
const SUBSCRIBE = hex('04110953554253435249424577656174686572')
const CANCEL = hex('040e0643414e43454c77656174686572')
// pyzmq PUSH with PLAIN_USERNAME admin, PLAIN_PASSWORD secret: greeting then HELLO.
const PLAIN_GREETING = hex(
  'ff00000000000000017f0301504c41494e000000000000000000000000000000' +
    '0000000000000000000000000000000000000000000000000000000000000000',
)
const PLAIN_HELLO = hex('04130548454c4c4f0561646d696e06736563726574')
// pyzmq PULL as PLAIN server with a ZAP handler (zmq.auth): WELCOME and READY after a good
// HELLO + INITIATE, ERROR after a bad password (libzmq writes its name as '^RROR').
const PLAIN_WELCOME = hex('04080757454c434f4d45')
const PLAIN_READY_PULL = hex('041a0552454144590b536f636b65742d547970650000000450554c4c')
const PLAIN_ERROR_400 = hex('04095e52524f5203343030')
// pyzmq PUSH with HEARTBEAT_IVL 100, HEARTBEAT_TTL 2000: its PING.
const PING_TTL_20 = hex('04070450494e470014')

/** Everything a reader hands out, by kind. */
function collect(maxMessageSize = -1): {
  reader: FrameReader
  messages: Buffer[][]
  commands: Buffer[]
} {
  const messages: Buffer[][] = []
  const commands: Buffer[] = []
  const reader = new FrameReader(
    {
      message: (frames) => (messages.push(frames.map((f) => Buffer.from(f))), true),
      command: (body) => (commands.push(Buffer.from(body)), true),
    },
    maxMessageSize,
  )
  return { reader, messages, commands }
}

function feed(reader: FrameReader, bytes: Buffer, cuts: number[]): void {
  let from = 0
  for (const cut of [...cuts, bytes.length]) {
    // a fresh Buffer per chunk, as net gives them
    const chunk = Buffer.from(bytes.subarray(from, cut))
    const stop = reader.read(chunk, 0)
    if (stop !== chunk.length) throw new Error(`the reader stopped at ${stop} of ${chunk.length}`)
    from = cut
  }
}

const STREAM = Buffer.concat([DEALER_READY, DEALER_MESSAGES, SUBSCRIBE, PING_TTL_20, CANCEL])
const EXPECTED_MESSAGES = [
  [Buffer.from('a'), Buffer.from('bb')],
  [Buffer.concat([Buffer.from([...Array(256).keys()]), Buffer.alloc(44)])],
]

describe('ZMTP codec against libzmq 4.3.4 bytes', () => {
  describe('greeting', () => {
    it('should read libzmq greetings (padding ignored: libzmq puts identity size + 1 there)', () => {
      expect(parseGreeting(DEALER_GREETING)).toEqual({
        major: 3,
        minor: 1,
        mechanism: 'NULL',
        asServer: false,
      })
      expect(parseGreeting(PLAIN_GREETING).mechanism).toBe('PLAIN')
    })

    it('should write a greeting that libzmq writes, padding aside', () => {
      const ours = encodeGreeting('NULL', false)
      expect(ours.length).toBe(64)
      expect(ours.subarray(9)).toEqual(DEALER_GREETING.subarray(9))
      expect(ours[0]).toBe(0xff)
      expect(encodeGreeting('PLAIN', false).subarray(9)).toEqual(PLAIN_GREETING.subarray(9))
      expect(encodeGreeting('PLAIN', true)[32]).toBe(1)
    })

    it.each([
      ['a first octet other than 0xFF', hex('00'), 'signature'],
      ['octet 9 with its low bit clear (ZMTP 1.0)', hex('ff000000000000000100'), 'signature'],
      ['ZMTP 2.0 (version 1)', hex('ff00000000000000017f01'), 'version'],
      ['ZMTP 2.0 (version 2)', hex('ff00000000000000017f02'), 'version'],
      ['version 0', hex('ff00000000000000017f00'), 'version'],
    ])('should refuse %s as soon as it is seen', (_, bytes, violation) => {
      const error = capture(() => checkGreetingStart(bytes, bytes.length))
      expect(error).toBeInstanceOf(ProtocolError)
      expect(error).toMatchObject({ code: 'ERR_ZMTP_UNSPECIFIED', violation })
    })

    it('should take ZMTP 3.0 and versions above 3.1', () => {
      const v30 = Buffer.from(DEALER_GREETING)
      v30[11] = 0
      expect(parseGreeting(v30)).toMatchObject({ major: 3, minor: 0 })
      const v4 = Buffer.from(DEALER_GREETING)
      v4[10] = 4
      expect(parseGreeting(v4)).toMatchObject({ major: 4 })
    })
  })

  describe('commands and metadata', () => {
    it('should write READY as libzmq does (DEALER with identity, ROUTER with an empty one)', () => {
      expect(
        encodeCommand('READY', localMetadata({ type: 'DEALER', identity: Buffer.from('peer-1') })),
      ).toEqual(DEALER_READY)
      expect(
        encodeCommand('READY', localMetadata({ type: 'ROUTER', identity: undefined })),
      ).toEqual(ROUTER_READY)
      expect(encodeCommand('READY', localMetadata({ type: 'PULL', identity: undefined }))).toEqual(
        PLAIN_READY_PULL,
      )
    })

    it("should read libzmq's READY and check the peer", () => {
      const body = DEALER_READY.subarray(2)
      const command = parseCommand(body)
      expect(command.name).toBe('READY')
      const peer = checkPeer(
        command.data,
        { type: 'ROUTER', identity: undefined },
        'ERR_ZMTP_MALFORMED_COMMAND_READY',
        'tcp://x:1',
      )
      expect(peer).toEqual({ type: 'DEALER', identity: Buffer.from('peer-1') })
      const router = checkPeer(
        parseCommand(ROUTER_READY.subarray(2)).data,
        { type: 'DEALER', identity: undefined },
        'ERR_ZMTP_MALFORMED_COMMAND_READY',
        'tcp://x:1',
      )
      expect(router).toEqual({ type: 'ROUTER', identity: undefined })
    })

    it('should refuse a peer type this socket cannot talk to, and unknown or missing types', () => {
      const ready = (type: string): Buffer =>
        parseCommand(
          encodeCommand(
            'READY',
            Buffer.concat([
              Buffer.from([11]),
              Buffer.from('Socket-Type'),
              Buffer.from([0, 0, 0, type.length]),
              Buffer.from(type),
            ]),
          ).subarray(2),
        ).data
      const check = (type: string, local: 'PUSH' | 'SUB'): unknown =>
        capture(() =>
          checkPeer(
            ready(type),
            { type: local, identity: undefined },
            'ERR_ZMTP_MALFORMED_COMMAND_READY',
            'e',
          ),
        )
      expect(check('PUSH', 'PUSH')).toMatchObject({
        code: 'ERR_ZMTP_INVALID_METADATA',
        violation: 'socket-type',
      })
      expect(check('FOO', 'PUSH')).toMatchObject({ violation: 'socket-type' })
      expect(check('constructor', 'SUB')).toMatchObject({ violation: 'socket-type' })
      expect(check('XPUB', 'SUB')).toBeUndefined()
      expect(
        capture(() =>
          checkPeer(
            Buffer.alloc(0),
            { type: 'PUSH', identity: undefined },
            'ERR_ZMTP_MALFORMED_COMMAND_READY',
            'e',
          ),
        ),
      ).toMatchObject({ code: 'ERR_ZMTP_INVALID_METADATA', violation: 'metadata' })
    })

    it('should read metadata names case-insensitively and refuse malformed metadata', () => {
      const props = parseMetadata(
        hex('0b534f434b45542d54595045000000035055420178000000020102'),
        'ERR_ZMTP_MALFORMED_COMMAND_READY',
      )
      expect(props.get('socket-type')).toEqual(Buffer.from('PUB'))
      expect(props.get('x')).toEqual(hex('0102'))
      for (const bad of [
        '00',
        '0141',
        '014100000005ab',
        '01410000',
        '01200000000000',
        '0141800000000000',
      ]) {
        const error = capture(() => parseMetadata(hex(bad), 'ERR_ZMTP_MALFORMED_COMMAND_READY'))
        expect(error).toBeInstanceOf(ProtocolError)
        expect(error).toMatchObject({
          code: 'ERR_ZMTP_MALFORMED_COMMAND_READY',
          violation: 'metadata',
        })
      }
    })

    it('should read and write SUBSCRIBE, CANCEL and PING as libzmq does', () => {
      expect(parseCommand(SUBSCRIBE.subarray(2))).toEqual({
        name: 'SUBSCRIBE',
        data: Buffer.from('weather'),
      })
      expect(parseCommand(CANCEL.subarray(2))).toEqual({
        name: 'CANCEL',
        data: Buffer.from('weather'),
      })
      const ping = parseCommand(PING_TTL_20.subarray(2))
      expect(ping.name).toBe('PING')
      expect(ping.data.readUInt16BE(0)).toBe(20)
      const writer = new FrameWriter()
      writer.writeCommand('SUBSCRIBE', Buffer.from('weather'))
      writer.writeCommand('CANCEL', Buffer.from('weather'))
      writer.writeCommand('PING', hex('0014'))
      expect(Buffer.concat(writer.take())).toEqual(Buffer.concat([SUBSCRIBE, CANCEL, PING_TTL_20]))
    })

    it('should write a long command with an 8-octet size', () => {
      const writer = new FrameWriter()
      writer.writeCommand('SUBSCRIBE', Buffer.alloc(300, 0x41))
      const bytes = Buffer.concat(writer.take())
      expect(bytes.subarray(0, 9)).toEqual(hex('06000000000000013600'.slice(0, 18)))
      expect(parseCommand(bytes.subarray(9))).toEqual({
        name: 'SUBSCRIBE',
        data: Buffer.alloc(300, 0x41),
      })
      expect(encodeCommand('SUBSCRIBE', Buffer.alloc(300, 0x41))).toEqual(bytes)
    })

    it.each([
      ['an empty body', ''],
      ['an empty name', '00'],
      ['a name longer than the body', '0552454144'],
      ['a name with a non-letter', '0252ff'],
    ])('should refuse a command with %s', (_, body) => {
      expect(capture(() => parseCommand(hex(body)))).toMatchObject({
        code: 'ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED',
        violation: 'command',
      })
    })
  })

  describe('PLAIN', () => {
    it("should send libzmq's HELLO and read its WELCOME, READY and '^RROR' ERROR", () => {
      const sent: Buffer[] = []
      const outcome: { done?: PeerInfo; failed?: ZmqError } = {}
      const host: HandshakeHost = {
        endpoint: 'tcp://127.0.0.1:1',
        address: '127.0.0.1',
        sendCommand: (name, data) => sent.push(encodeCommand(name, data)),
        done: (peer) => (outcome.done = peer),
        fail: (error) => (outcome.failed = error),
        resume: () => {},
      }
      const config = zmtpConfig({ plainUsername: 'admin', plainPassword: 'secret' })
      const client = createHandshake(config, { type: 'PUSH', identity: undefined }, true, host)
      client.start()
      expect(sent).toEqual([PLAIN_HELLO])
      const welcome = parseCommand(PLAIN_WELCOME.subarray(2))
      expect(client.command(welcome.name, welcome.data)).toBe(true)
      expect(sent[1]).toEqual(
        encodeCommand('INITIATE', localMetadata({ type: 'PUSH', identity: undefined })),
      )
      const ready = parseCommand(PLAIN_READY_PULL.subarray(2))
      expect(client.command(ready.name, ready.data)).toBe(true)
      expect(outcome.done).toEqual({ type: 'PULL', identity: undefined })

      const refused = createHandshake(config, { type: 'PUSH', identity: undefined }, true, host)
      refused.start()
      const error = parseCommand(PLAIN_ERROR_400.subarray(2))
      expect(error.name).toBe('ERROR')
      expect(refused.command(error.name, error.data)).toBe(false)
      expect(outcome.failed).toBeInstanceOf(AuthenticationError)
      expect(outcome.failed).toMatchObject({ status: 400, code: 'EACCES' })
    })

    it("should refuse with the ERROR bytes libzmq's PLAIN server sends", () => {
      const frame = new FrameWriter()
      frame.writeCommandBody(errorCommand('400', true))
      expect(Buffer.concat(frame.take())).toEqual(PLAIN_ERROR_400)
    })

    it('should read ERROR reasons: ZAP statuses are authentication errors, others not', () => {
      expect(errorFromPeer(hex('03333030'), 'e')).toMatchObject({ status: 300 })
      expect(errorFromPeer(hex('03353030'), 'e')).toMatchObject({ status: 500 })
      const other = errorFromPeer(Buffer.from('\x04nope'), 'e')
      expect(other).toBeInstanceOf(ConnectionError)
      expect(other).toMatchObject({ code: 'EPROTO' })
      expect(capture(() => errorFromPeer(hex('05'), 'e'))).toMatchObject({
        code: 'ERR_ZMTP_MALFORMED_COMMAND_ERROR',
      })
    })
  })

  describe('FrameReader', () => {
    it('should read a libzmq stream whole: messages, a long frame, commands', () => {
      const { reader, messages, commands } = collect()
      feed(reader, STREAM, [])
      expect(messages).toEqual(EXPECTED_MESSAGES)
      expect(commands.map((c) => parseCommand(c).name)).toEqual([
        'READY',
        'SUBSCRIBE',
        'PING',
        'CANCEL',
      ])
    })

    it('should read the same stream cut at every offset, and octet by octet', () => {
      const expected = JSON.stringify(EXPECTED_MESSAGES)
      const wrong: number[] = []
      for (let cut = 1; cut < STREAM.length; cut++) {
        const { reader, messages, commands } = collect()
        feed(reader, STREAM, [cut])
        if (JSON.stringify(messages) !== expected || commands.length !== 4) wrong.push(cut)
      }
      expect(wrong).toEqual([])
      const { reader, messages } = collect()
      feed(
        reader,
        STREAM,
        [...Array(STREAM.length - 1).keys()].map((i) => i + 1),
      )
      expect(messages).toEqual(EXPECTED_MESSAGES)
    })

    it('should hand out frames as views of the chunk, not copies', () => {
      const frames: Buffer[] = []
      const reader = new FrameReader({
        message: (m) => (frames.push(...m), true),
        command: () => true,
      })
      const chunk = Buffer.from(DEALER_MESSAGES)
      reader.read(chunk, 0)
      expect(frames[0].buffer).toBe(chunk.buffer)
      expect(frames[2].buffer).toBe(chunk.buffer)
    })

    it('should stop where the sink says and go on from there', () => {
      const seen: string[] = []
      let allow = 1
      const reader = new FrameReader({
        message: (m) => (seen.push(m.map(String).join('|')), --allow > 0),
        command: () => true,
      })
      const bytes = hex('000141000142000143010144000145')
      const first = reader.read(bytes, 0)
      expect(first).toBe(3)
      expect(seen).toEqual(['A'])
      allow = 2
      const second = reader.read(bytes, first)
      expect(second).toBe(9)
      expect(seen).toEqual(['A', 'B', 'C'])
      allow = 10
      expect(reader.read(bytes, second)).toBe(bytes.length)
      expect(seen).toEqual(['A', 'B', 'C', 'D|E'])
    })

    it.each([
      ['1 MiB (allocated at its header)', 1 << 20],
      ['3 MiB (gathered as it arrives)', 3 << 20],
    ])('should read a %s frame arriving in 64 KiB chunks', (_, size) => {
      const body = Buffer.alloc(size, 7)
      body[size - 1] = 9
      const writer = new FrameWriter()
      writer.writeMessage([Buffer.from('head'), body])
      const bytes = Buffer.concat(writer.take())
      const { reader, messages } = collect()
      const cuts = []
      for (let at = 65536; at < bytes.length; at += 65536) cuts.push(at)
      feed(reader, bytes, cuts)
      expect(messages.length).toBe(1)
      expect(messages[0][0].toString()).toBe('head')
      expect(messages[0][1].equals(body)).toBe(true)
    })

    it.each([
      ['reserved flag bits', '0801ff', ProtocolError, { violation: 'frame' }],
      ['a command with MORE', '0501ff', ProtocolError, { violation: 'frame' }],
      ['a long command with MORE', '070000000000000001ff', ProtocolError, { violation: 'frame' }],
      ['a size of 2^63', '028000000000000000', MessageTooLargeError, { code: 'EMSGSIZE' }],
    ])('should refuse %s', (_, bytes, type, fields) => {
      const { reader } = collect()
      const error = capture(() => reader.read(hex(bytes), 0))
      expect(error).toBeInstanceOf(type)
      expect(error).toMatchObject(fields)
    })

    it('should refuse a message over maxMessageSize from its frame headers, frames added up', () => {
      const { reader, messages } = collect(10)
      expect(reader.read(hex('000a' + '00'.repeat(10)), 0)).toBe(12)
      expect(messages.length).toBe(1)
      const error = capture(() => reader.read(hex('0106' + '00'.repeat(6) + '0005'), 0))
      expect(error).toBeInstanceOf(MessageTooLargeError)
      expect(error).toMatchObject({ limit: 10, size: 11 })
    })
  })

  describe('FrameWriter', () => {
    it('should write what libzmq writes for the same messages', () => {
      const writer = new FrameWriter()
      writer.writeMessage([Buffer.from('a'), Buffer.from('bb')])
      writer.writeMessage(EXPECTED_MESSAGES[1])
      expect(Buffer.concat(writer.take())).toEqual(DEALER_MESSAGES)
      expect(writer.take()).toEqual([])
    })

    it('should batch small frames in one buffer and pass large frames as they are', () => {
      const writer = new FrameWriter()
      const big = Buffer.alloc(100 * 1024, 1)
      for (let i = 0; i < 100; i++) writer.writeMessage([Buffer.from(`m${i}`)])
      writer.writeMessage([big])
      writer.writeMessage([Buffer.from('after')])
      const segments = writer.take()
      expect(segments.length).toBe(3)
      expect(segments[1]).toBe(big)
      const { reader, messages } = collect()
      feed(reader, Buffer.concat(segments), [])
      expect(messages.length).toBe(102)
      expect(messages[101][0].toString()).toBe('after')
    })

    it('should go on in a new buffer when one is full, in order', () => {
      const writer = new FrameWriter()
      const frame = Buffer.alloc(200, 3)
      for (let i = 0; i < 1000; i++) writer.writeMessage([frame, Buffer.from([i & 0xff])])
      const segments = writer.take()
      expect(segments.length).toBeGreaterThan(1)
      const { reader, messages } = collect()
      feed(reader, Buffer.concat(segments), [])
      expect(messages.map((m) => m[1][0])).toEqual([...Array(1000).keys()].map((i) => i & 0xff))
    })
  })
})

function capture(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  return undefined
}
