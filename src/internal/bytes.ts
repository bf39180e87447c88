// Frames as bytes, on Node (Buffer) and in browsers (Uint8Array), without importing anything
// from Node: Buffer is used where the platform has it, because it is faster for short strings
// and because Node users expect received frames to be Buffers.

interface BufferLike {
  from(value: string, encoding: 'utf8'): Uint8Array
  from(buffer: ArrayBufferLike, byteOffset?: number, length?: number): Uint8Array
  isBuffer(value: unknown): boolean
}

const NodeBuffer = (globalThis as { Buffer?: BufferLike }).Buffer
const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

/** One outgoing frame as bytes: a string as UTF-8, an ArrayBuffer viewed, bytes as they are. */
export function toBytes(frame: string | Uint8Array | ArrayBuffer): Uint8Array {
  if (typeof frame === 'string') {
    return NodeBuffer !== undefined ? NodeBuffer.from(frame, 'utf8') : encoder.encode(frame)
  }
  if (frame instanceof Uint8Array) return frame
  return NodeBuffer !== undefined ? NodeBuffer.from(frame) : new Uint8Array(frame)
}

/**
 * A received frame as the platform's frame type: a Buffer view on Node (no copy), the same
 * Uint8Array elsewhere.
 */
export function asFrame(bytes: Uint8Array): Uint8Array {
  if (NodeBuffer === undefined || NodeBuffer.isBuffer(bytes)) return bytes
  return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** Bytes of a string as UTF-8. */
export function utf8(text: string): Uint8Array {
  return toBytes(text)
}

/** UTF-8 bytes as a string; throws a TypeError on bytes that are not UTF-8. */
export function fromUtf8(bytes: Uint8Array): string {
  if (NodeBuffer !== undefined && NodeBuffer.isBuffer(bytes)) {
    // Buffer's decoder is several times faster on short text than the fatal TextDecoder, but
    // turns every invalid sequence into U+FFFD: text without one came from valid UTF-8, and
    // only text with one (which valid UTF-8 may hold too) needs the strict check. (A leading
    // byte order mark, which TextDecoder drops and Buffer keeps, goes the strict way too.)
    const text = (bytes as Uint8Array & { toString(encoding: 'utf8'): string }).toString('utf8')
    if (text.indexOf('\uFFFD') === -1 && text.charCodeAt(0) !== 0xfeff) return text
  }
  return decoder.decode(bytes)
}

/** True when two byte arrays hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** Bytes as a lowercase hex string (a map key for routing ids). */
export function hexOf(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16)
  return out
}

/** A byte array of `prefix` followed by `rest` (a subscription message: `[1, ...topic]`). */
export function prefixed(prefix: number, rest: Uint8Array): Uint8Array {
  const out = new Uint8Array(rest.length + 1)
  out[0] = prefix
  out.set(rest, 1)
  return asFrame(out)
}

/** An empty frame (the REQ/REP delimiter). */
export const EMPTY_FRAME: Uint8Array = /* @__PURE__ */ asFrame(new Uint8Array(0))
