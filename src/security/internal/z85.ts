// Z85 (ZeroMQ RFC 32): 4 octets, read big-endian, written as 5 base-85 digits, most
// significant first, over an alphabet safe in source code and on command lines.

const ALPHABET =
  '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#'

const DIGIT = new Int8Array(128).fill(-1)
for (let i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET.charCodeAt(i)] = i

/** Why a string is not Z85, or undefined when it is. Never echoes the string. */
function problem(text: string): string | undefined {
  if (text.length % 5 !== 0) return `its length (${text.length}) is not a multiple of 5`
  for (let i = 0; i < text.length; i += 5) {
    let value = 0
    for (let j = i; j < i + 5; j++) {
      const code = text.charCodeAt(j)
      const digit = code < 128 ? DIGIT[code] : -1
      if (digit < 0) return `the character at position ${j} is not a Z85 character`
      value = value * 85 + digit
    }
    if (value > 0xffffffff) return `the group at positions ${i}-${i + 4} is larger than 32 bits`
  }
  return undefined
}

/** Z85 encoding and decoding (RFC 32), for CURVE keys: 32 octets ↔ 40 characters. */
export const z85 = {
  problem,

  /** Encodes octets whose count is a multiple of 4. */
  encode(bytes: Uint8Array): string {
    if (bytes.length % 4 !== 0) throw new RangeError('z85: the length must be a multiple of 4')
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    let out = ''
    for (let i = 0; i < bytes.length; i += 4) {
      let value = view.getUint32(i)
      const group = new Array<string>(5)
      for (let j = 4; j >= 0; j--) {
        group[j] = ALPHABET[value % 85]
        value = Math.floor(value / 85)
      }
      out += group.join('')
    }
    return out
  },

  /** Decodes a Z85 string; throws a RangeError (without the text) when it is not Z85. */
  decode(text: string): Buffer {
    const why = problem(text)
    if (why !== undefined) throw new RangeError(`z85: not a Z85 string: ${why}`)
    const out = Buffer.alloc((text.length / 5) * 4)
    for (let i = 0; i < text.length; i += 5) {
      let value = 0
      for (let j = i; j < i + 5; j++) value = value * 85 + DIGIT[text.charCodeAt(j)]
      out.writeUInt32BE(value, (i / 5) * 4)
    }
    return out
  },
}
