import { constants as bufferConstants } from 'node:buffer'
import { MessageTooLargeError } from '../../errors/MessageTooLargeError'
import { ProtocolError, type ProtocolErrorCode } from '../../errors/ProtocolError'

// The ZMTP 3.x wire format (RFC 23 and RFC 37): the 64-octet greeting, frames, commands and
// the metadata of READY/INITIATE. No I/O here: ZmtpPipe feeds the reader and drains the writer.

/** Frame flag bit 0: more frames of this message follow. */
export const FLAG_MORE = 0x01
/** Frame flag bit 1: the size is 8 octets (network order), not 1. */
export const FLAG_LONG = 0x02
/** Frame flag bit 2: the frame is a command, not a message frame. */
export const FLAG_COMMAND = 0x04
/** Flag bits 7-3 are reserved and MUST be zero. */
const FLAGS_RESERVED = 0xf8
/** COMMAND and MORE together: a command is always one frame. */
const COMMAND_MORE = FLAG_COMMAND | FLAG_MORE

/** The size of a ZMTP 3.x greeting. */
export const GREETING_SIZE = 64

/** The security mechanisms this implementation speaks. */
export type MechanismName = 'NULL' | 'PLAIN'

/** What a peer's greeting says. */
export interface Greeting {
  /** Major version: 3 (ZMTP 3.x; a higher one is treated as 3.1, as RFC 37 asks). */
  readonly major: number
  /** Minor version: 0 for ZMTP 3.0, 1 for ZMTP 3.1. */
  readonly minor: number
  /** The mechanism name, null padding taken off (may be anything the peer sent). */
  readonly mechanism: string
  /** The as-server flag. */
  readonly asServer: boolean
}

/**
 * Our 64-octet greeting: signature, version 3.1, the mechanism null-padded to 20 octets, the
 * as-server flag, 31 zero octets of filler.
 */
export function encodeGreeting(mechanism: MechanismName, asServer: boolean): Buffer {
  const greeting = Buffer.alloc(GREETING_SIZE)
  greeting[0] = 0xff
  greeting[9] = 0x7f
  greeting[10] = 3
  greeting[11] = 1
  greeting.write(mechanism, 12, 'ascii')
  greeting[32] = asServer ? 1 : 0
  return greeting
}

function protocolError(
  message: string,
  code: ProtocolErrorCode,
  violation: ProtocolError['violation'],
  endpoint?: string,
): ProtocolError {
  return new ProtocolError(message, { code, violation, endpoint })
}

/**
 * Checks the first `length` octets of a peer's greeting as soon as they arrive, so that a
 * peer that is not ZMTP 3.x is dropped at once rather than after 64 octets (or never, if it
 * waits for us). Throws a {@link ProtocolError}: `'signature'` when octet 0 is not 0xFF or
 * octet 9 has its low bit clear (ZMTP 1.0, or not ZMTP), `'version'` for a major version
 * below 3.
 */
export function checkGreetingStart(bytes: Uint8Array, length: number, endpoint?: string): void {
  if (length > 0 && bytes[0] !== 0xff) {
    throw protocolError(
      `the peer's greeting does not start with the ZMTP signature (first octet 0x${hex(bytes[0])}): not a ZMTP 2.0+ peer`,
      'ERR_ZMTP_UNSPECIFIED',
      'signature',
      endpoint,
    )
  }
  if (length > 9 && (bytes[9] & 1) === 0) {
    throw protocolError(
      `the peer's greeting has no ZMTP signature (octet 9 is 0x${hex(bytes[9])}): a ZMTP 1.0 peer or not ZMTP`,
      'ERR_ZMTP_UNSPECIFIED',
      'signature',
      endpoint,
    )
  }
  if (length > 10 && bytes[10] < 3) {
    throw protocolError(
      `the peer speaks ZMTP ${bytes[10] === 1 ? '2.0 (version 1)' : bytes[10] === 2 ? '2.0 (version 2)' : `version ${bytes[10]}`}; this side speaks ZMTP 3.0 and 3.1 only`,
      'ERR_ZMTP_UNSPECIFIED',
      'version',
      endpoint,
    )
  }
}

/** Reads a whole (64-octet) greeting that {@link checkGreetingStart} accepted. */
export function parseGreeting(bytes: Uint8Array, endpoint?: string): Greeting {
  checkGreetingStart(bytes, GREETING_SIZE, endpoint)
  let end = 12
  while (end < 32 && bytes[end] !== 0) end++
  const mechanism = Buffer.from(bytes.buffer, bytes.byteOffset + 12, end - 12).toString('latin1')
  return { major: bytes[10], minor: bytes[11], mechanism, asServer: bytes[32] === 1 }
}

/** Shows a mechanism name from the wire safely in a message (printable ASCII only). */
export function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, (c) => `\\x${hex(c.charCodeAt(0))}`)
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0')
}

/**
 * One command frame, header included: flags 0x04 (0x06 when long), size, then the body, which
 * is the name's length, the name, and the data (RFC 37, "command").
 */
export function encodeCommand(name: string, data: Uint8Array = EMPTY): Buffer {
  const bodySize = 1 + name.length + data.length
  const long = bodySize > 255
  const headerSize = long ? 9 : 2
  const frame = Buffer.allocUnsafe(headerSize + bodySize)
  frame[0] = long ? FLAG_COMMAND | FLAG_LONG : FLAG_COMMAND
  if (long) writeSize64(frame, 1, bodySize)
  else frame[1] = bodySize
  frame[headerSize] = name.length
  frame.write(name, headerSize + 1, 'latin1')
  frame.set(data, headerSize + 1 + name.length)
  return frame
}

const EMPTY = new Uint8Array(0)

/** A command's body split into its name and data (a view, not a copy). */
export interface Command {
  readonly name: string
  readonly data: Buffer
}

/**
 * The body libzmq's PLAIN mechanism gives its ERROR command: its C literal `"\x05ERROR"`
 * reads as the octet 0x5E (`\x05E`, hex escapes being greedy) then `RROR`, so every libzmq
 * PLAIN server sends `^RROR` + reason and every libzmq PLAIN client expects exactly that.
 */
export const LIBZMQ_PLAIN_ERROR = Buffer.from('^RROR', 'latin1')

/**
 * Splits a command body into name and data; libzmq's PLAIN ERROR (`^RROR`, see
 * {@link LIBZMQ_PLAIN_ERROR}) is read as ERROR. Throws a {@link ProtocolError}
 * (`ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED`) for an empty body, a zero-length name, a name
 * longer than the body, or a name that is not letters.
 */
export function parseCommand(body: Buffer, endpoint?: string): Command {
  if (body.length >= 5 && body[0] === 0x5e && body.toString('latin1', 1, 5) === 'RROR') {
    return { name: 'ERROR', data: body.subarray(5) }
  }
  const nameLength = body.length > 0 ? body[0] : 0
  if (nameLength === 0 || body.length < 1 + nameLength) {
    throw protocolError(
      `malformed command: ${body.length === 0 ? 'an empty body' : nameLength === 0 ? 'an empty name' : `a ${nameLength}-octet name in a ${body.length}-octet body`}`,
      'ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED',
      'command',
      endpoint,
    )
  }
  for (let i = 1; i <= nameLength; i++) {
    const c = body[i] | 0x20
    if (c < 0x61 || c > 0x7a) {
      throw protocolError(
        `malformed command: its name has a non-letter octet 0x${hex(body[i])}`,
        'ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED',
        'command',
        endpoint,
      )
    }
  }
  return { name: body.toString('latin1', 1, 1 + nameLength), data: body.subarray(1 + nameLength) }
}

/**
 * The metadata of a READY or INITIATE command: for each property, the name's length (1 octet),
 * the name, the value's length (4 octets, network order) and the value.
 */
export function encodeMetadata(properties: ReadonlyArray<readonly [string, Uint8Array]>): Buffer {
  let size = 0
  for (const [name, value] of properties) size += 1 + name.length + 4 + value.length
  const out = Buffer.allocUnsafe(size)
  let at = 0
  for (const [name, value] of properties) {
    out[at++] = name.length
    at += out.write(name, at, 'latin1')
    out.writeUInt32BE(value.length, at)
    at += 4
    out.set(value, at)
    at += value.length
  }
  return out
}

/**
 * Reads READY/INITIATE metadata into a map keyed by the lower-cased property name (names are
 * case-insensitive; a repeated name keeps its last value). Values are views of `data`. Throws a
 * {@link ProtocolError} (`code`, given by the caller: `ERR_ZMTP_MALFORMED_COMMAND_READY` or
 * `..._INITIATE`) for an empty or ill-formed name, a value size over 2^31-1, or octets left
 * over.
 */
export function parseMetadata(
  data: Buffer,
  code: ProtocolErrorCode,
  endpoint?: string,
): Map<string, Buffer> {
  const properties = new Map<string, Buffer>()
  let at = 0
  const fail = (why: string): never => {
    throw protocolError(`malformed metadata: ${why}`, code, 'metadata', endpoint)
  }
  while (at < data.length) {
    const nameLength = data[at++]
    if (nameLength === 0) fail('an empty property name')
    if (at + nameLength + 4 > data.length) fail('a property cut short')
    for (let i = at; i < at + nameLength; i++) {
      const c = data[i]
      const ok =
        (c >= 0x41 && c <= 0x5a) ||
        (c >= 0x61 && c <= 0x7a) ||
        (c >= 0x30 && c <= 0x39) ||
        c === 0x2d ||
        c === 0x5f ||
        c === 0x2e ||
        c === 0x2b
      if (!ok) fail(`a property name with the octet 0x${hex(c)}`)
    }
    const name = data.toString('latin1', at, at + nameLength).toLowerCase()
    at += nameLength
    const valueLength = data.readUInt32BE(at)
    at += 4
    if (valueLength > 0x7fffffff) fail(`a value of ${valueLength} octets (over 2^31-1)`)
    if (at + valueLength > data.length) fail(`property '${printable(name)}' cut short`)
    properties.set(name, data.subarray(at, at + valueLength))
    at += valueLength
  }
  return properties
}

/** Writes `value` (< 2^53) as a 64-bit unsigned integer in network order. */
function writeSize64(out: Uint8Array, at: number, value: number): void {
  const high = Math.floor(value / 0x100000000)
  const low = value >>> 0
  out[at] = 0
  out[at + 1] = (high >>> 16) & 0xff
  out[at + 2] = (high >>> 8) & 0xff
  out[at + 3] = high & 0xff
  out[at + 4] = low >>> 24
  out[at + 5] = (low >>> 16) & 0xff
  out[at + 6] = (low >>> 8) & 0xff
  out[at + 7] = low & 0xff
}

/** Where a {@link FrameReader} hands what it decoded. */
export interface FrameSink {
  /**
   * One whole message: its frames are views of the received chunks (copies only for frames
   * that straddled chunks). Returns false to make the reader stop after it.
   */
  message(frames: Buffer[]): boolean
  /** One command frame's body (name and data). Returns false to make the reader stop. */
  command(body: Buffer): boolean
}

/**
 * The largest frame a straddling body is allocated for up front; beyond it (a peer announcing a
 * huge frame with no `maxMessageSize` set) the body is gathered as it arrives and joined at its
 * end, so that memory grows only with what the peer really sent.
 */
const PREALLOCATE_LIMIT = 1024 * 1024

/**
 * Decodes ZMTP 3.x frames from a stream of chunks, in place: each frame is a `subarray` of the
 * chunk it arrived in, and only a frame that straddles two chunks is copied. Frames are
 * assembled into messages (by the MORE flag) and handed to the sink, commands one by one; the
 * sink can stop the reader after any message or command, and `read` then returns where it
 * stopped so the caller can go on from there later.
 *
 * Throws a {@link ProtocolError} for reserved flag bits, a command with MORE set, a size
 * beyond 2^53 or a message frame while `commandsOnly`, and a {@link MessageTooLargeError} as
 * soon as a frame header makes a message (or a command) exceed its limit; a reader that threw
 * is not used again.
 */
export class FrameReader {
  /** Messages above this many bytes (all frames together) throw; -1: no limit. */
  maxMessageSize: number
  /** Commands above this many bytes throw; -1: no limit. */
  maxCommandSize: number
  /** The endpoint, for errors. */
  endpoint: string | undefined
  /** True while only commands may come (the handshake): a message frame header throws. */
  commandsOnly = false

  private readonly sink: FrameSink
  private frames: Buffer[] = []
  private messageSize = 0
  // A frame cut by the end of a chunk: its header so far, then its body so far.
  private readonly header = Buffer.alloc(9)
  private headerLength = 0
  private bodyFlags = 0
  private bodySize = 0
  private bodyFilled = 0
  private body: Buffer | undefined
  private bodyParts: Buffer[] | undefined

  constructor(sink: FrameSink, maxMessageSize = -1, maxCommandSize = -1, endpoint?: string) {
    this.sink = sink
    this.maxMessageSize = maxMessageSize
    this.maxCommandSize = maxCommandSize
    this.endpoint = endpoint
  }

  /** True between the frames of a message, or inside a frame: the stream is mid-message. */
  get midMessage(): boolean {
    return this.frames.length > 0 || this.headerLength > 0 || this.bodySize > 0
  }

  /**
   * Decodes `chunk` from `offset`. Returns `chunk.length` when all of it was taken (a frame
   * cut at the end is kept for the next chunk), or the offset after the message or command at
   * which the sink asked to stop.
   */
  read(chunk: Buffer, offset: number): number {
    let at = offset
    const end = chunk.length
    if (this.headerLength > 0 || this.body !== undefined || this.bodyParts !== undefined) {
      at = this.continueFrame(chunk, at)
      if (at < 0) return -at - 1
    }
    while (at < end) {
      const flags = chunk[at]
      let size: number
      let start: number
      if ((flags & FLAG_LONG) === 0) {
        if (at + 2 > end) break
        size = chunk[at + 1]
        start = at + 2
      } else {
        if (at + 9 > end) break
        size = this.longSize(chunk, at + 1)
        start = at + 9
      }
      if ((flags & FLAGS_RESERVED) !== 0 || (flags & COMMAND_MORE) === COMMAND_MORE) {
        this.badFlags(flags)
      }
      this.checkSize(flags, size)
      const stop = start + size
      if (stop > end) {
        this.startBody(flags, size, chunk, start)
        return end
      }
      at = stop
      const body = chunk.subarray(start, stop)
      if ((flags & FLAG_COMMAND) !== 0) {
        if (!this.sink.command(body)) return at
      } else if ((flags & FLAG_MORE) !== 0) {
        this.frames.push(body)
        this.messageSize += size
      } else if (this.frames.length === 0) {
        if (!this.sink.message([body])) return at
      } else {
        const frames = this.frames
        frames.push(body)
        this.frames = []
        this.messageSize = 0
        if (!this.sink.message(frames)) return at
      }
    }
    if (at < end) {
      // A header cut by the end of the chunk.
      chunk.copy(this.header, 0, at, end)
      this.headerLength = end - at
    }
    return end
  }

  /**
   * Goes on with a frame begun in an earlier chunk. Returns the offset to go on from, or
   * `-(offset + 1)` when the caller must return that offset (chunk used up, or the sink said
   * stop).
   */
  private continueFrame(chunk: Buffer, offset: number): number {
    let at = offset
    const end = chunk.length
    if (this.headerLength > 0) {
      const need = (this.header[0] & FLAG_LONG) === 0 ? 2 : 9
      const take = Math.min(need - this.headerLength, end - at)
      chunk.copy(this.header, this.headerLength, at, at + take)
      this.headerLength += take
      at += take
      if (this.headerLength < need) return -end - 1
      const flags = this.header[0]
      const size = need === 2 ? this.header[1] : this.longSize(this.header, 1)
      this.headerLength = 0
      if ((flags & FLAGS_RESERVED) !== 0 || (flags & COMMAND_MORE) === COMMAND_MORE) {
        this.badFlags(flags)
      }
      this.checkSize(flags, size)
      if (at + size > end) {
        this.startBody(flags, size, chunk, at)
        return -end - 1
      }
      const body = chunk.subarray(at, at + size)
      at += size
      return this.deliver(flags, body) ? at : -at - 1
    }
    const want = this.bodySize - this.bodyFilled
    const take = Math.min(want, end - at)
    if (this.body !== undefined) {
      chunk.copy(this.body, this.bodyFilled, at, at + take)
    } else {
      this.bodyParts!.push(chunk.subarray(at, at + take))
    }
    this.bodyFilled += take
    at += take
    if (this.bodyFilled < this.bodySize) return -end - 1
    const body = this.body ?? Buffer.concat(this.bodyParts!, this.bodySize)
    const flags = this.bodyFlags
    this.body = undefined
    this.bodyParts = undefined
    this.bodySize = 0
    this.bodyFilled = 0
    return this.deliver(flags, body) ? at : -at - 1
  }

  private deliver(flags: number, body: Buffer): boolean {
    if ((flags & FLAG_COMMAND) !== 0) return this.sink.command(body)
    this.frames.push(body)
    if ((flags & FLAG_MORE) !== 0) {
      this.messageSize += body.length
      return true
    }
    const frames = this.frames
    this.frames = []
    this.messageSize = 0
    return this.sink.message(frames)
  }

  private startBody(flags: number, size: number, chunk: Buffer, at: number): void {
    this.bodyFlags = flags
    this.bodySize = size
    this.bodyFilled = chunk.length - at
    if (size <= PREALLOCATE_LIMIT) {
      this.body = Buffer.allocUnsafe(size)
      chunk.copy(this.body, 0, at)
    } else {
      this.bodyParts = [chunk.subarray(at)]
    }
  }

  private longSize(bytes: Buffer, at: number): number {
    const high = bytes.readUInt32BE(at)
    if (high > 0x1fffff) {
      throw new MessageTooLargeError(
        this.maxMessageSize >= 0 ? this.maxMessageSize : bufferConstants.MAX_LENGTH,
        high * 0x100000000,
        this.endpoint,
      )
    }
    return high * 0x100000000 + bytes.readUInt32BE(at + 4)
  }

  private checkSize(flags: number, size: number): void {
    if (this.commandsOnly && (flags & FLAG_COMMAND) === 0) {
      throw protocolError(
        'a message frame before the handshake was done',
        'ERR_ZMTP_INVALID_SEQUENCE',
        'command',
        this.endpoint,
      )
    }
    if ((flags & FLAG_COMMAND) !== 0) {
      if (this.maxCommandSize >= 0 && size > this.maxCommandSize) {
        throw protocolError(
          `a ${size}-octet command, over the limit of ${this.maxCommandSize} octets`,
          'ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED',
          'command',
          this.endpoint,
        )
      }
    } else {
      const total = this.messageSize + size
      if (this.maxMessageSize >= 0 && total > this.maxMessageSize) {
        throw new MessageTooLargeError(this.maxMessageSize, total, this.endpoint)
      }
    }
    if (size > bufferConstants.MAX_LENGTH) {
      throw new MessageTooLargeError(bufferConstants.MAX_LENGTH, size, this.endpoint)
    }
  }

  private badFlags(flags: number): never {
    throw protocolError(
      (flags & FLAGS_RESERVED) !== 0
        ? `a frame with reserved flag bits set (flags 0x${hex(flags)})`
        : 'a command frame with the MORE flag set',
      'ERR_ZMTP_UNSPECIFIED',
      'frame',
      this.endpoint,
    )
  }
}

/** Frames at least this long are handed to the socket as they are, not copied into a batch. */
export const COPY_LIMIT = 16 * 1024

/** The size of one batch buffer. */
export const BATCH_SIZE = 64 * 1024

/** How many spare batch buffers a writer keeps for reuse. */
const SPARE_BUFFERS = 4

/**
 * Encodes messages and commands into large buffers, so that many messages leave in one
 * `write`: frames are copied into a 64 KiB batch buffer, each new batch continuing in the same
 * buffer after the part already handed out, and frames of {@link COPY_LIMIT} or more are
 * passed along as they are (no copy). `take()` hands out what was encoded since the last call.
 *
 * Full batch buffers are reused once the socket is done with them: `take()` numbers each
 * hand-out, and `release(n)` (called when the write of hand-out `n` completed; writes complete
 * in order) frees every buffer whose last part left in hand-out `n` or before. A fresh 64 KiB
 * buffer costs page faults on first touch; a reused one does not.
 */
export class FrameWriter {
  private buffer: Buffer = Buffer.allocUnsafe(BATCH_SIZE)
  private start = 0
  private at = 0
  private segments: Uint8Array[] = []
  private segmentBytes = 0
  /** Hand-outs so far: the number of the last one. */
  private takes = 0
  /** Full buffers not yet reusable, with the hand-out their last part left in (0: not yet). */
  private readonly retired: { buffer: Buffer; take: number }[] = []
  private readonly spare: Buffer[] = []

  /** Octets encoded and not yet taken. */
  get pendingBytes(): number {
    return this.segmentBytes + this.at - this.start
  }

  /** Encodes one message (flags: MORE on all frames but the last; LONG above 255 octets). */
  writeMessage(frames: readonly Uint8Array[]): void {
    const last = frames.length - 1
    for (let i = 0; i <= last; i++) {
      const frame = frames[i]
      const size = frame.length
      const more = i < last ? FLAG_MORE : 0
      if (size <= 255) {
        if (this.at + 2 + size > this.buffer.length) this.renew(2 + size)
        const buffer = this.buffer
        let at = this.at
        buffer[at++] = more
        buffer[at++] = size
        if (size <= 16) {
          for (let j = 0; j < size; j++) buffer[at + j] = frame[j]
        } else {
          buffer.set(frame, at)
        }
        this.at = at + size
      } else {
        this.writeLong(more | FLAG_LONG, frame)
      }
    }
  }

  /** Encodes one command frame: `name` and `data` (SUBSCRIBE, CANCEL, PING, PONG...). */
  writeCommand(name: string, data: Uint8Array): void {
    const bodySize = 1 + name.length + data.length
    const long = bodySize > 255
    const headerSize = long ? 9 : 2
    if (this.at + headerSize + 1 + name.length > this.buffer.length) {
      this.renew(headerSize + 1 + name.length + Math.min(data.length, COPY_LIMIT))
    }
    const buffer = this.buffer
    buffer[this.at] = long ? FLAG_COMMAND | FLAG_LONG : FLAG_COMMAND
    if (long) writeSize64(buffer, this.at + 1, bodySize)
    else buffer[this.at + 1] = bodySize
    this.at += headerSize
    buffer[this.at++] = name.length
    this.at += buffer.write(name, this.at, 'latin1')
    this.writeBody(data)
  }

  /** Encodes one command frame from its whole body (name length, name, data). */
  writeCommandBody(body: Uint8Array): void {
    const long = body.length > 255
    if (this.at + 9 > this.buffer.length) this.renew(9 + Math.min(body.length, COPY_LIMIT))
    this.buffer[this.at] = long ? FLAG_COMMAND | FLAG_LONG : FLAG_COMMAND
    if (long) {
      writeSize64(this.buffer, this.at + 1, body.length)
      this.at += 9
    } else {
      this.buffer[this.at + 1] = body.length
      this.at += 2
    }
    this.writeBody(body)
  }

  /**
   * Hands out everything encoded since the last call, in order (an empty array when nothing
   * was).
   */
  take(): Uint8Array[] {
    if (this.at > this.start) {
      this.segments.push(this.buffer.subarray(this.start, this.at))
      this.start = this.at
    }
    const segments = this.segments
    if (segments.length > 0) {
      this.segments = []
      this.segmentBytes = 0
      this.takes++
      for (const retired of this.retired) if (retired.take === 0) retired.take = this.takes
    }
    return segments
  }

  /** The number of the last `take()` that handed something out. */
  get lastTake(): number {
    return this.takes
  }

  /** Hand-out `take` (and so every earlier one) has been written: its buffers can be reused. */
  release(take: number): void {
    const retired = this.retired
    while (retired.length > 0 && retired[0].take !== 0 && retired[0].take <= take) {
      const { buffer } = retired.shift()!
      if (this.spare.length < SPARE_BUFFERS && buffer.length === BATCH_SIZE) this.spare.push(buffer)
    }
  }

  private writeLong(flags: number, frame: Uint8Array): void {
    if (this.at + 9 > this.buffer.length) this.renew(9 + Math.min(frame.length, COPY_LIMIT))
    this.buffer[this.at] = flags
    writeSize64(this.buffer, this.at + 1, frame.length)
    this.at += 9
    this.writeBody(frame)
  }

  private writeBody(data: Uint8Array): void {
    if (data.length >= COPY_LIMIT) {
      this.cut()
      this.segments.push(data)
      this.segmentBytes += data.length
      return
    }
    if (this.at + data.length > this.buffer.length) this.renew(data.length)
    this.buffer.set(data, this.at)
    this.at += data.length
  }

  /** Ends the current segment (what follows goes after it in `segments`). */
  private cut(): void {
    if (this.at > this.start) {
      this.segments.push(this.buffer.subarray(this.start, this.at))
      this.segmentBytes += this.at - this.start
      this.start = this.at
    }
  }

  /** Moves on to a fresh (or reused) batch buffer with room for at least `need` octets. */
  private renew(need: number): void {
    this.cut()
    this.retired.push({ buffer: this.buffer, take: 0 })
    const spare = need <= BATCH_SIZE ? this.spare.pop() : undefined
    this.buffer = spare ?? Buffer.allocUnsafe(Math.max(BATCH_SIZE, need))
    this.start = 0
    this.at = 0
  }
}
