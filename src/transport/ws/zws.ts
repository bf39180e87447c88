import { MessageTooLargeError } from '../../errors/MessageTooLargeError'
import {
  ProtocolError,
  type ProtocolErrorCode,
  type ProtocolViolation,
} from '../../errors/ProtocolError'
import type { Bytes } from '../Transport'

/**
 * ZWS 2.0 (ZeroMQ over WebSocket, RFC 45) framing: every ZeroMQ frame is one binary WebSocket
 * message, a flags byte then the frame's body.
 *
 * Without a security mechanism (sub-protocol `ZWS2.0`, the only one a browser can offer) each
 * side's first message is its routing id, then come messages. No READY command travels, so
 * neither side learns the other's socket type.
 */

/** The WebSocket sub-protocol of ZWS 2.0 without a mechanism. */
export const ZWS_PROTOCOL = 'ZWS2.0'

/** Flags byte of the last (or only) frame of a message. */
export const FLAG_LAST = 0x00
/** Flags byte of a frame with more frames of the same message after it. */
export const FLAG_MORE = 0x01
/** Flags byte of a command frame (used by the ZWS mechanisms; none is expected without one). */
export const FLAG_COMMAND = 0x02

/** The longest routing id ZeroMQ allows (ZMTP's `Identity` property). */
export const MAX_ROUTING_ID = 255

/**
 * One frame as one WebSocket message: the flags byte, then the body, in one new `Uint8Array`.
 */
export function encodeFrame(body: Bytes, more: boolean): Uint8Array {
  const out = new Uint8Array(body.length + 1)
  out[0] = more ? FLAG_MORE : FLAG_LAST
  out.set(body, 1)
  return out
}

/** The WebSocket messages of one ZeroMQ message, in order. */
export function encodeMessage(message: readonly Bytes[]): Uint8Array[] {
  const last = message.length - 1
  return message.map((frame, i) => encodeFrame(frame, i < last))
}

// eslint-disable-next-line @typescript-eslint/unbound-method -- called as toStringTag.call(value)
const toStringTag = Object.prototype.toString

/** A ProtocolError of the ZWS peer at `endpoint`: "the ZWS peer sent <what>". */
function peerSent(
  endpoint: string,
  what: string,
  violation: ProtocolViolation,
  code: ProtocolErrorCode = 'ERR_ZMTP_UNSPECIFIED',
): ProtocolError {
  return new ProtocolError(`${endpoint}: the ZWS peer sent ${what}`, { code, violation, endpoint })
}

/**
 * The bytes of one WebSocket message's data, or a `ProtocolError` for data that is not binary.
 * Accepts an `ArrayBuffer` (also from another realm) or an `ArrayBufferView`.
 */
export function messageBytes(data: unknown, endpoint: string): Uint8Array | ProtocolError {
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  let kind: string = typeof data
  if (typeof data === 'object' && data !== null) {
    if (ArrayBuffer.isView(data))
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    kind = toStringTag.call(data).slice(8, -1)
    if (kind === 'ArrayBuffer') return new Uint8Array(data as ArrayBuffer)
  }
  return peerSent(
    endpoint,
    `${kind === 'string' ? 'a text message' : `a message of type ${kind}`}; ZWS messages are binary (is binaryType 'arraybuffer'?)`,
    'not-binary',
  )
}

/** The error for a WebSocket message with no flags byte. */
export function emptyFrameError(endpoint: string): ProtocolError {
  return peerSent(endpoint, 'an empty WebSocket message', 'empty-frame')
}

/** The error for a flags byte with bits ZWS does not define. */
export function flagsError(flags: number, endpoint: string): ProtocolError {
  return peerSent(
    endpoint,
    `a frame with flags 0x${flags.toString(16).padStart(2, '0')} (0x00, 0x01 and 0x02 are defined)`,
    'flags',
  )
}

/**
 * The error for a command frame: none is expected without a mechanism. Names the command when
 * its body is well formed (a length byte, then that many letters).
 */
export function commandError(
  frame: Uint8Array,
  inMessage: boolean,
  endpoint: string,
): ProtocolError {
  if (inMessage) {
    return peerSent(
      endpoint,
      'a command inside a multipart message',
      'command',
      'ERR_ZMTP_INVALID_SEQUENCE',
    )
  }
  const length = frame.length > 1 ? frame[1] : 0
  const name =
    length > 0 && frame.length >= 2 + length
      ? String.fromCharCode(...frame.subarray(2, 2 + length))
      : ''
  return /^[A-Za-z]+$/.test(name)
    ? peerSent(
        endpoint,
        `a ${name} command, which ZWS2.0 without a mechanism does not have`,
        'command',
        'ERR_ZMTP_UNEXPECTED_COMMAND',
      )
    : peerSent(
        endpoint,
        'a malformed command frame',
        'command',
        'ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED',
      )
}

/**
 * The result of {@link ZwsDecoder.decode} for a message that was read to its end but not kept
 * (the receive queue was full when it began). Messages are never empty, so this empty array
 * cannot be mistaken for one.
 */
export const DROPPED: readonly Bytes[] = /* @__PURE__ */ Object.freeze([])

/**
 * Puts WebSocket messages (one ZeroMQ frame each) back together into ZeroMQ messages, checking
 * each against ZWS 2.0 and the size limit. Frames are views on the WebSocket messages' buffers:
 * nothing is copied.
 */
export class ZwsDecoder {
  private frames: Bytes[] | undefined = undefined
  private size = 0
  private more = false

  /**
   * @param endpoint - for errors.
   * @param maxMessageSize - the largest message (sum of its frames' bodies) accepted, in bytes;
   *   negative for no limit.
   */
  constructor(
    private readonly endpoint: string,
    private readonly maxMessageSize: number,
  ) {}

  /** True between the first and the last frame of a message. */
  get inMessage(): boolean {
    return this.more
  }

  /**
   * Takes one WebSocket message's data. Returns the ZeroMQ message it completes, `undefined`
   * when more frames of it are to come, {@link DROPPED} when it completed a message that was not
   * kept, or the error that ends the connection. `keep` is read at a message's first frame:
   * false reads the message to its end without storing it.
   */
  decode(data: unknown, keep: boolean): Bytes[] | undefined | ProtocolError | MessageTooLargeError {
    const bytes = messageBytes(data, this.endpoint)
    if (bytes instanceof ProtocolError) return bytes
    if (bytes.length === 0) return emptyFrameError(this.endpoint)
    const flags = bytes[0]
    if (flags > FLAG_MORE) {
      return flags === FLAG_COMMAND
        ? commandError(bytes, this.more, this.endpoint)
        : flagsError(flags, this.endpoint)
    }
    if (!this.more) {
      this.frames = keep ? [] : undefined
      this.size = 0
    }
    const body = bytes.subarray(1)
    this.size += body.length
    if (this.maxMessageSize >= 0 && this.size > this.maxMessageSize) {
      this.frames = undefined
      return new MessageTooLargeError(this.maxMessageSize, this.size, this.endpoint)
    }
    if (this.frames !== undefined) this.frames.push(body)
    if (flags === FLAG_MORE) {
      this.more = true
      return undefined
    }
    this.more = false
    const message = this.frames
    this.frames = undefined
    return message === undefined ? (DROPPED as Bytes[]) : message
  }
}
