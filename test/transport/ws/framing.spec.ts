import { MessageTooLargeError } from '../../../src/errors/MessageTooLargeError'
import { ProtocolError } from '../../../src/errors/ProtocolError'
import type { Bytes } from '../../../src/transport/Transport'
import {
  DROPPED,
  encodeFrame,
  encodeMessage,
  ZwsDecoder,
  ZWS_PROTOCOL,
} from '../../../src/transport/ws'
import { arrayBuffer, utf8 } from './helpers/FakeWebSocket'
import { text } from './helpers/pipes'
import { wirePayloads } from './helpers/rfc6455'

/*
 * Bytes captured once from libzmq 4.3.5 (zeromq 6.8.0) bound on ws://127.0.0.1:*, with a raw
 * HTTP upgrade offering `Sec-WebSocket-Protocol: ZWS2.0` (the capture script sent masked
 * frames by hand and printed what the server wrote after its 101 response):
 *
 * - every answer carried `Sec-WebSocket-Protocol: ZWS2.0`;
 * - PUB: the client sent 00 (its routing id) and 00 01 "weather" (subscribe), then the PUB sent
 *   ["weather", "sunny"], ["sports", "goal"], ["weather.big", 130 x "*"];
 * - ROUTER (routingId "broker"): the client sent 00 "web1", 01, 00 "hello"; the ROUTER received
 *   ["web1", "", "hello"] and answered ["web1", "", "world"];
 * - REP: the client sent 00, 01, 00 "hello"; the REP received ["hello"] and answered "world".
 */
const CAPTURED = {
  pub:
    '820100' + // routing id: empty
    '82080177656174686572' + // 01 "weather"
    '82060073756e6e79' + // 00 "sunny"
    '820c01776561746865722e626967' + // 01 "weather.big" ("sports" was filtered out)
    '827e0083' + // 16-bit length 0x83 = 131: 00 then 130 bytes
    '00' +
    '2a'.repeat(130),
  router: '82070062726f6b6572' + '820101' + '820600776f726c64',
  rep: '820100' + '820101' + '820600776f726c64',
}

/** Decodes WebSocket payloads into messages, as a pipe would (routing id included). */
function decodeAll(payloads: Uint8Array[], maxMessageSize = -1): (Bytes[] | Error)[] {
  const decoder = new ZwsDecoder('ws://test', maxMessageSize)
  const out: (Bytes[] | Error)[] = []
  for (const payload of payloads) {
    const result = decoder.decode(arrayBuffer(payload), true)
    if (result !== undefined) out.push(result)
  }
  return out
}

describe('ZWS 2.0 framing against bytes captured from libzmq', () => {
  it('the sub-protocol is ZWS2.0, the only one a browser can offer', () => {
    expect(ZWS_PROTOCOL).toBe('ZWS2.0')
  })

  it('decodes a PUB stream: routing id, two-frame messages, a 16-bit-length frame', () => {
    const messages = decodeAll(wirePayloads(CAPTURED.pub)) as Bytes[][]
    expect(messages.map(text)).toEqual([
      [''],
      ['weather', 'sunny'],
      ['weather.big', '*'.repeat(130)],
    ])
  })

  it("decodes a ROUTER's routing id and its reply with the empty delimiter frame", () => {
    const messages = decodeAll(wirePayloads(CAPTURED.router)) as Bytes[][]
    expect(messages.map(text)).toEqual([['broker'], ['', 'world']])
  })

  it("decodes a REP's empty routing id and its reply", () => {
    const messages = decodeAll(wirePayloads(CAPTURED.rep)) as Bytes[][]
    expect(messages.map(text)).toEqual([[''], ['', 'world']])
  })

  it('encodes what libzmq accepted: routing id, subscription, a request with its delimiter', () => {
    expect(encodeFrame(new Uint8Array(0), false)).toEqual(Uint8Array.from([0x00]))
    expect(encodeFrame(utf8('web1'), false)).toEqual(Uint8Array.from([0x00, ...utf8('web1')]))
    expect(encodeFrame(Uint8Array.from([1, ...utf8('weather')]), false)).toEqual(
      Uint8Array.from([0x00, 0x01, ...utf8('weather')]),
    )
    expect(encodeMessage([new Uint8Array(0), utf8('hello')])).toEqual([
      Uint8Array.from([0x01]),
      Uint8Array.from([0x00, ...utf8('hello')]),
    ])
  })

  it('frames are views on the received buffers, not copies', () => {
    const decoder = new ZwsDecoder('ws://test', -1)
    const buffer = arrayBuffer([0x00, 1, 2, 3])
    const [frame] = decoder.decode(buffer, true) as Bytes[]
    expect(frame.buffer).toBe(buffer)
    expect(Array.from(frame)).toEqual([1, 2, 3])
  })

  it('accepts an ArrayBufferView as data too', () => {
    const decoder = new ZwsDecoder('ws://test', -1)
    const view = Uint8Array.from([9, 9, 0x00, 7, 8]).subarray(2)
    expect((decoder.decode(view, true) as Bytes[]).map((f) => Array.from(f))).toEqual([[7, 8]])
  })
})

describe('ZwsDecoder faults', () => {
  const decode = (data: unknown, decoder = new ZwsDecoder('ws://test', -1)) =>
    decoder.decode(data, true)

  it.each([
    ['a text message', 'hello', 'not-binary', 'ERR_ZMTP_UNSPECIFIED'],
    ['a Blob-like object', { size: 3 }, 'not-binary', 'ERR_ZMTP_UNSPECIFIED'],
    ['an empty message', arrayBuffer([]), 'empty-frame', 'ERR_ZMTP_UNSPECIFIED'],
    ['flags 0x03', arrayBuffer([0x03, 1]), 'flags', 'ERR_ZMTP_UNSPECIFIED'],
    ['flags 0x80', arrayBuffer([0x80]), 'flags', 'ERR_ZMTP_UNSPECIFIED'],
    [
      'a PING command',
      arrayBuffer([0x02, 4, ...utf8('PING'), 0, 0]),
      'command',
      'ERR_ZMTP_UNEXPECTED_COMMAND',
    ],
    [
      'a command with no name',
      arrayBuffer([0x02]),
      'command',
      'ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED',
    ],
    [
      'a command name past the end',
      arrayBuffer([0x02, 9, 65]),
      'command',
      'ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED',
    ],
  ])('%s is a ProtocolError', (_what, data, reason, code) => {
    const result = decode(data)
    expect(result).toBeInstanceOf(ProtocolError)
    expect(result).toMatchObject({ violation: reason, code, endpoint: 'ws://test' })
  })

  it('names the command it does not understand', () => {
    const result = decode(arrayBuffer([0x02, 5, ...utf8('READY')])) as ProtocolError
    expect(result.message).toContain('READY')
  })

  it('a command inside a multipart message is an invalid sequence', () => {
    const decoder = new ZwsDecoder('ws://test', -1)
    expect(decoder.decode(arrayBuffer([0x01, 1]), true)).toBeUndefined()
    expect(decoder.decode(arrayBuffer([0x02, 4, ...utf8('PING')]), true)).toMatchObject({
      code: 'ERR_ZMTP_INVALID_SEQUENCE',
      violation: 'command',
    })
  })

  it('maxMessageSize counts the bodies of all frames of a message', () => {
    const decoder = new ZwsDecoder('ws://test', 5)
    expect(decoder.decode(arrayBuffer([0x00, 1, 2, 3, 4, 5]), true)).toHaveLength(1)
    expect(decoder.decode(arrayBuffer([0x01, 1, 2, 3]), true)).toBeUndefined()
    const error = decoder.decode(arrayBuffer([0x00, 4, 5, 6]), true)
    expect(error).toBeInstanceOf(MessageTooLargeError)
    expect(error).toMatchObject({ code: 'EMSGSIZE', size: 6, limit: 5, endpoint: 'ws://test' })
  })

  it('maxMessageSize 0 allows only empty frames', () => {
    const decoder = new ZwsDecoder('ws://test', 0)
    expect(decoder.decode(arrayBuffer([0x00]), true)).toHaveLength(1)
    expect(decoder.decode(arrayBuffer([0x00, 1]), true)).toBeInstanceOf(MessageTooLargeError)
  })

  it('a message not kept is read to its end and reported as DROPPED, whole', () => {
    const decoder = new ZwsDecoder('ws://test', -1)
    expect(decoder.decode(arrayBuffer([0x01, 1]), false)).toBeUndefined()
    // `keep` is read at the first frame only: the rest of the message is dropped too.
    expect(decoder.decode(arrayBuffer([0x01, 2]), true)).toBeUndefined()
    expect(decoder.decode(arrayBuffer([0x00, 3]), true)).toBe(DROPPED)
    expect(decoder.decode(arrayBuffer([0x00, 4]), true)).toEqual([Uint8Array.from([4])])
  })

  it('inMessage is true between the first and the last frame', () => {
    const decoder = new ZwsDecoder('ws://test', -1)
    expect(decoder.inMessage).toBe(false)
    decoder.decode(arrayBuffer([0x01]), true)
    expect(decoder.inMessage).toBe(true)
    decoder.decode(arrayBuffer([0x00]), true)
    expect(decoder.inMessage).toBe(false)
  })
})
