import { Subject, lastValueFrom, toArray } from 'rxjs'
import { InvalidOptionError } from '../../src'
import { InvalidKeyError } from '../../src/errors/InvalidKeyError'
import { allOf } from '../../src/security/allOf'
import { allowAddresses } from '../../src/security/allowAddresses'
import { allowPlain } from '../../src/security/allowPlain'
import { allowPublicKeys } from '../../src/security/allowPublicKeys'
import { anyOf } from '../../src/security/anyOf'
import { authorize } from '../../src/security/authorize'
import { curveKeyPair } from '../../src/security/curveKeyPair'
import { denyAddresses } from '../../src/security/denyAddresses'
import type { ZapDecision } from '../../src/security/ZapDecision'
import type { ZapPolicy } from '../../src/security/ZapPolicy'
import { ZapRequest } from '../../src/security/ZapRequest'

// authorize() and the policies without sockets: requests made by hand, replies recorded.

interface Sent {
  statusCode: number
  statusText: string
  userId: string
}

function request(
  fields: Partial<ConstructorParameters<typeof ZapRequest>[0]> = {},
  sent: Sent[] = [],
): ZapRequest {
  return new ZapRequest(
    {
      domain: 'test',
      address: '127.0.0.1',
      routingId: Buffer.alloc(0),
      mechanism: 'NULL',
      ...fields,
    },
    (reply) => sent.push(reply),
  )
}

/** Runs one request through authorize(policy) and resolves with its decision and the replies. */
async function decide(policy: ZapPolicy, fields = {}): Promise<[ZapDecision, Sent[]]> {
  const sent: Sent[] = []
  const source = new Subject<ZapRequest>()
  const decisions = lastValueFrom(source.pipe(authorize(policy), toArray()))
  source.next(request(fields, sent))
  source.complete()
  const [decision] = await decisions
  return [decision, sent]
}

const alice = curveKeyPair()
const mallory = curveKeyPair()

describe('authorize', () => {
  it.each([
    ['true', true, 200, 'OK'],
    ['false', false, 400, 'Access denied'],
    ['{ allow: true }', { allow: true }, 200, 'OK'],
    ['{ allow: false, 300 }', { allow: false, statusCode: 300, statusText: 'later' }, 300, 'later'],
    ['a Promise of true', Promise.resolve(true), 200, 'OK'],
  ])('should answer %s with its status', async (_, verdict, code, text) => {
    const [decision, sent] = await decide(() => verdict as never)
    expect(decision).toMatchObject({ statusCode: code, statusText: text, by: 'handler' })
    expect(decision.allowed).toBe(code === 200)
    expect(sent).toEqual([{ statusCode: code, statusText: text, userId: '' }])
  })

  it.each([
    [
      'throws',
      () => {
        throw new Error('bug')
      },
      'ZAP policy failed',
    ],
    ['rejects', () => Promise.reject(new Error('db down')), 'ZAP policy failed'],
    ['returns undefined', () => undefined as never, 'ZAP policy gave no verdict'],
    ['returns a string', () => 'yes' as never, 'ZAP policy gave no verdict'],
    ['returns { allow: 1 }', () => ({ allow: 1 }) as never, 'ZAP policy gave no verdict'],
  ])('should refuse with 500 when the policy %s', async (_, policy, text) => {
    const [decision, sent] = await decide(policy as ZapPolicy)
    expect(decision).toMatchObject({
      allowed: false,
      statusCode: 500,
      statusText: text,
      by: 'error',
    })
    expect(decision.error).toBeInstanceOf(Error)
    expect(sent).toHaveLength(1)
  })

  it('should refuse (500) an allow whose user id libzmq would refuse', async () => {
    const [decision, sent] = await decide(() => ({ allow: true, userId: 'é'.repeat(3) }))
    expect(decision).toMatchObject({
      allowed: false,
      statusCode: 500,
      statusText: 'invalid user id',
    })
    expect(sent[0].statusCode).toBe(500)
  })

  it('should send one reply per request whatever answers later', async () => {
    const sent: Sent[] = []
    const r = request({}, sent)
    expect(r.deny('no')).toBe(true)
    expect(r.allow()).toBe(false)
    expect(r.deny('again')).toBe(false)
    expect(r.answered).toBe(true)
    expect(sent).toEqual([{ statusCode: 400, statusText: 'no', userId: '' }])
    expect(() => request().allow({ userId: 'x'.repeat(256) })).toThrow(InvalidOptionError)
  })

  it('should clean status texts to printable ASCII of at most 255 characters', () => {
    const sent: Sent[] = []
    request({}, sent).deny(`bad\u0000key\n${'x'.repeat(300)}`)
    expect(sent[0].statusText).toMatch(/^bad\?key\?x+$/)
    expect(sent[0].statusText).toHaveLength(255)
  })

  it('should complete after the last pending decision, and pass errors through', async () => {
    const source = new Subject<ZapRequest>()
    let release!: (v: boolean) => void
    const out = lastValueFrom(
      source.pipe(
        authorize(() => new Promise<boolean>((resolve) => (release = resolve))),
        toArray(),
      ),
    )
    source.next(request())
    source.complete()
    release(true)
    expect((await out).map((d) => d.statusCode)).toEqual([200])
    const failing = new Subject<ZapRequest>()
    const failed = lastValueFrom(failing.pipe(authorize(() => true)))
    failing.error(new Error('socket failed'))
    await expect(failed).rejects.toThrow('socket failed')
  })

  it('should stop emitting when unsubscribed', async () => {
    const source = new Subject<ZapRequest>()
    const seen: ZapDecision[] = []
    const subscription = source.pipe(authorize(() => true)).subscribe((d) => seen.push(d))
    expect(source.observed).toBe(true)
    subscription.unsubscribe()
    expect(source.observed).toBe(false)
    expect(seen).toEqual([])
  })
})

describe('policies', () => {
  it('allowPublicKeys should allow listed CURVE keys only, and check keys when made', async () => {
    const policy = allowPublicKeys([alice.publicKey])
    expect(
      (await decide(policy, { mechanism: 'CURVE', publicKey: alice.publicKey }))[0].allowed,
    ).toBe(true)
    expect(
      (await decide(policy, { mechanism: 'CURVE', publicKey: mallory.publicKey }))[0],
    ).toMatchObject({
      allowed: false,
      statusText: 'Public key not allowed',
    })
    expect(
      (await decide(policy, { mechanism: 'PLAIN', username: 'a', password: 'b' }))[0],
    ).toMatchObject({
      statusText: 'CURVE required',
    })
    expect(() => allowPublicKeys([alice.publicKey, 'short'])).toThrow(InvalidKeyError)
    expect(() => allowPublicKeys([alice.publicKey, 'short'])).toThrow(/^allowPublicKeys\[1\]/)
  })

  it.each([
    [['127.0.0.1'], '127.0.0.1', true],
    [['127.0.0.1'], '127.0.0.2', false],
    [['10.0.0.0/8'], '10.20.30.40', true],
    [['10.0.0.0/8'], '11.0.0.1', false],
    [['::1'], '::1', true],
    [['fd00::/8'], 'fd12:3456::1', true],
    [['192.168.1.0/24'], '::ffff:192.168.1.7', true],
    [['192.168.1.0/24'], 'not an address', false],
  ])('allowAddresses(%j) should %s', async (list, address, allowed) => {
    expect((await decide(allowAddresses(list), { address }))[0].allowed).toBe(allowed)
    expect((await decide(denyAddresses(list), { address }))[0].allowed).toBe(
      address === 'not an address' ? true : !allowed,
    )
  })

  it.each([['10.0.0.0/33'], ['300.1.1.1'], ['10.0.0.0/'], ['host.example'], ['1.2.3.4/8/8']])(
    'allowAddresses should refuse %s with InvalidOptionError',
    (entry) => {
      expect(() => allowAddresses(['127.0.0.1', entry])).toThrow(InvalidOptionError)
      expect(() => allowAddresses(['127.0.0.1', entry])).toThrow(/^allowAddresses\[1\]/)
    },
  )

  it('allowPlain should allow the right user and password, with the user name as user id', async () => {
    const policy = allowPlain(new Map([['admin', 's3cret']]))
    const plain = (username: string, password: string) =>
      decide(policy, { mechanism: 'PLAIN', username, password })
    expect((await plain('admin', 's3cret'))[0]).toMatchObject({ allowed: true, userId: 'admin' })
    expect((await plain('admin', 's3cret '))[0].allowed).toBe(false)
    expect((await plain('root', 's3cret'))[0].allowed).toBe(false)
    expect(
      (await decide(policy, { mechanism: 'CURVE', publicKey: alice.publicKey }))[0],
    ).toMatchObject({
      statusText: 'PLAIN required',
    })
    expect(() => allowPlain({ admin: 42 as never })).toThrow(InvalidOptionError)
  })

  it('allOf should need every policy; anyOf one; both refuse on a missing verdict', async () => {
    const yes: ZapPolicy = () => ({ allow: true, userId: 'first' })
    const no: ZapPolicy = () => ({ allow: false, statusText: 'nope' })
    const broken: ZapPolicy = () => undefined as never
    expect((await decide(allOf(yes, yes)))[0]).toMatchObject({ allowed: true, userId: 'first' })
    expect((await decide(allOf(yes, no)))[0]).toMatchObject({ allowed: false, statusText: 'nope' })
    expect((await decide(allOf()))[0].allowed).toBe(false)
    expect((await decide(allOf(yes, broken)))[0]).toMatchObject({ statusCode: 500, by: 'error' })
    expect((await decide(anyOf(no, yes)))[0].allowed).toBe(true)
    expect((await decide(anyOf(no, no)))[0]).toMatchObject({ allowed: false, statusText: 'nope' })
    expect((await decide(anyOf()))[0].allowed).toBe(false)
    expect((await decide(anyOf(broken, yes)))[0]).toMatchObject({ statusCode: 500 })
  })

  it("anyOf should report the refusal of the policy made for the peer's mechanism", async () => {
    const policy = anyOf(allowPublicKeys([alice.publicKey]), allowPlain({ admin: 'pw' }))
    const curve = await decide(policy, { mechanism: 'CURVE', publicKey: mallory.publicKey })
    const plain = await decide(policy, { mechanism: 'PLAIN', username: 'admin', password: 'no' })
    const none = await decide(policy, { mechanism: 'NULL' })
    expect(curve[0].statusText).toBe('Public key not allowed')
    expect(plain[0].statusText).toBe('Invalid user name or password')
    expect(none[0]).toMatchObject({ allowed: false, statusText: 'CURVE required' })
  })
})
