import { inspect } from 'node:util'
import { InvalidOptionError, PullSocket, PushSocket, Secret } from '../../src'
import { InvalidKeyError } from '../../src/errors/InvalidKeyError'
import { checkCurveKey } from '../../src/security/checkCurveKey'
import { curveClient } from '../../src/security/curveClient'
import { curveKeyPair } from '../../src/security/curveKeyPair'
import { curveServer } from '../../src/security/curveServer'
import { z85 } from '../../src/security/internal/z85'
import { plainClient } from '../../src/security/plainClient'
import { plainServer } from '../../src/security/plainServer'
import { tracker } from '../helpers/cleanup'

const Z85 = /^[0-9a-zA-Z.\-:+=^!/*?&<>()[\]{}@%$#]{40}$/

/** The error a function throws (or a failure if it returns). */
function thrown(f: () => unknown): Error {
  try {
    f()
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a throw')
}

describe('Z85 (RFC 32)', () => {
  it('should encode the RFC 32 test vector and decode it back', () => {
    const bytes = Buffer.from([0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b])
    expect(z85.encode(bytes)).toBe('HelloWorld')
    expect(z85.decode('HelloWorld')).toEqual(bytes)
  })

  it('should round-trip random 32-byte keys', () => {
    for (let i = 0; i < 100; i++) {
      const bytes = Buffer.from(Array.from({ length: 32 }, () => Math.floor(Math.random() * 256)))
      expect(z85.decode(z85.encode(bytes))).toEqual(bytes)
    }
  })

  it('should say why a string is not Z85 without quoting it', () => {
    expect(z85.problem('abcd')).toMatch(/not a multiple of 5/)
    expect(z85.problem('abcd~')).toMatch(/position 4 is not a Z85 character/)
    expect(z85.problem('#####')).toMatch(/larger than 32 bits/)
    expect(z85.problem('HelloWorld')).toBeUndefined()
  })
})

describe('curveKeyPair', () => {
  it('should make a fresh pair of 40-character Z85 keys each time', () => {
    const a = curveKeyPair()
    const b = curveKeyPair()
    expect(a.publicKey).toMatch(Z85)
    expect(a.secretKey).toMatch(Z85)
    expect(a.secretKey).not.toBe(b.secretKey)
    expect(Object.isFrozen(a)).toBe(true)
  })

  it("should derive a secret key's public key as libzmq does", () => {
    for (let i = 0; i < 20; i++) {
      const made = curveKeyPair()
      expect(curveKeyPair(made.secretKey)).toEqual({ ...made })
    }
  })

  it('should show the secret key as [redacted] in logs and JSON, and keep it when spread', () => {
    const keys = curveKeyPair()
    expect(inspect(keys)).not.toContain(keys.secretKey)
    expect(inspect(keys)).toContain('[redacted]')
    expect(JSON.stringify(keys)).not.toContain(keys.secretKey)
    expect(JSON.parse(JSON.stringify(keys))).toEqual({
      publicKey: keys.publicKey,
      secretKey: '[redacted]',
    })
    expect({ ...keys }.secretKey).toBe(keys.secretKey)
    const { secretKey } = keys
    expect(secretKey).toMatch(Z85)
  })

  it('should refuse a bad secret key with InvalidKeyError', () => {
    expect(() => curveKeyPair('too short')).toThrow(InvalidKeyError)
  })
})

describe('checkCurveKey', () => {
  const key = curveKeyPair().publicKey

  it('should return a valid key as it is', () => {
    expect(checkCurveKey(key)).toBe(key)
  })

  it.each([
    ['a 39-character key', key.slice(1), /40 Z85 characters, got 39 characters/],
    ['a 41-character key', key + 'x', /got 41 characters/],
    ['a key with a space', key.slice(0, 20) + ' ' + key.slice(21), /position 20/],
    ['a group over 32 bits', '#'.repeat(40), /larger than 32 bits/],
    ['a Buffer', Buffer.from(key), /a Buffer of 40 bytes/],
    ['undefined', undefined, /got undefined/],
    ['a number', 42, /got a number/],
  ])('should refuse %s, naming the option and not the key', (_, value, message) => {
    const error = thrown(() => checkCurveKey(value, 'curveServerKey'))
    expect(error).toBeInstanceOf(InvalidKeyError)
    expect(error).toMatchObject({ code: 'ERR_INVALID_KEY', option: 'curveServerKey' })
    expect(error.message).toMatch(/^curveServerKey: /)
    expect(error.message).toMatch(message)
    if (typeof value === 'string' || Buffer.isBuffer(value)) {
      // not the key, nor any 5-character run of it
      for (let i = 0; i + 5 <= key.length; i++) {
        expect(error.message).not.toContain(key.slice(i, i + 5))
      }
    }
  })
})

describe('CURVE and PLAIN option helpers', () => {
  const track = tracker()
  const server = curveKeyPair()
  const client = curveKeyPair()

  it('should give the options of a CURVE server, fail-closed when a zapDomain is given', () => {
    const options = { ...curveServer(server) }
    expect(options).toEqual({ curveServer: true, curveSecretKey: expect.any(Secret) })
    expect(options.curveSecretKey.reveal()).toBe(server.secretKey)
    expect({ ...curveServer({ secretKey: server.secretKey }, { zapDomain: 'global' }) }).toEqual({
      curveServer: true,
      curveSecretKey: expect.any(Secret),
      zapDomain: 'global',
      zapEnforceDomain: true,
    })
    expect(curveServer(server, { zapDomain: 'x', zapEnforceDomain: false }).zapEnforceDomain).toBe(
      false,
    )
  })

  it('should give the options of a CURVE client, making it a key pair when none is given', () => {
    const options = { ...curveClient({ serverKey: server.publicKey, keys: client }) }
    expect(options).toEqual({
      curveServerKey: server.publicKey,
      curvePublicKey: client.publicKey,
      curveSecretKey: expect.any(Secret),
    })
    expect(options.curveSecretKey.reveal()).toBe(client.secretKey)
    const anonymous = curveClient({ serverKey: server.publicKey })
    expect(anonymous.curvePublicKey).toMatch(Z85)
    expect(curveKeyPair(anonymous.curveSecretKey.reveal()).publicKey).toBe(anonymous.curvePublicKey)
  })

  it('should refuse a public key that does not belong to the secret key', () => {
    const other = curveKeyPair()
    const mixed = { publicKey: other.publicKey, secretKey: server.secretKey }
    expect(() => curveServer(mixed)).toThrow(/does not belong to the secret key/)
    expect(() => curveClient({ serverKey: server.publicKey, keys: mixed })).toThrow(InvalidKeyError)
  })

  it('should refuse bad keys and domains with typed errors', () => {
    expect(() => curveServer({ secretKey: 'nope' })).toThrow(InvalidKeyError)
    expect(() => curveServer(null as never)).toThrow(InvalidKeyError)
    expect(() => curveClient({ serverKey: 'nope' })).toThrow(InvalidKeyError)
    expect(thrown(() => curveClient({ serverKey: 'nope' }))).toMatchObject({
      option: 'curveServerKey',
    })
    expect(() => curveServer(server, { zapDomain: '' })).toThrow(InvalidOptionError)
    expect(() => plainServer({ zapDomain: 'x'.repeat(300) })).toThrow(InvalidOptionError)
  })

  it('should give PLAIN options, refusing credentials PLAIN cannot carry without quoting them', () => {
    expect({ ...plainServer() }).toEqual({ plainServer: true })
    const plain = { ...plainClient({ username: 'admin', password: 'hunter2' }) }
    expect(plain).toEqual({ plainUsername: 'admin', plainPassword: expect.any(Secret) })
    expect(plain.plainPassword.reveal()).toBe('hunter2')
    const long = 'p'.repeat(300)
    const error = thrown(() => plainClient({ username: 'admin', password: long }))
    expect(error).toBeInstanceOf(InvalidOptionError)
    expect(error.message).toMatch(/300 bytes long; PLAIN carries 1 to 255/)
    expect(error.message).not.toContain('ppppp')
    expect(() => plainClient({ username: 'admin', password: '' })).toThrow(InvalidOptionError)
    expect(() => plainClient({ username: 'admin' } as never)).toThrow(/must be a string/)
  })

  it('should show secrets as [redacted] when the options are logged', () => {
    const options = curveClient({ serverKey: server.publicKey, keys: client })
    const plain = plainClient({ username: 'admin', password: 'hunter2' })
    for (const shown of [inspect(options), JSON.stringify(options)]) {
      expect(shown).not.toContain(client.secretKey)
      expect(shown).toContain(client.publicKey)
    }
    expect(inspect(plain)).not.toContain('hunter2')
    expect(JSON.stringify(curveServer(server))).not.toContain(server.secretKey)
  })

  it('should be accepted by sockets as they are (spread into the config)', async () => {
    const pull = track(new PullSocket({ ...curveServer(server, { zapDomain: 'd' }) }))
    await pull.bind('tcp://127.0.0.1:*')
    expect(pull.getOption('securityMechanism')).toBe('curve')
    expect(pull.getOption('zapDomain')).toBe('d')
    expect(pull.getOption('zapEnforceDomain')).toBe(true)
    const push = track(new PushSocket(plainClient({ username: 'u', password: 'p' })))
    expect(push.getOption('securityMechanism')).toBe('plain')
  })
})
