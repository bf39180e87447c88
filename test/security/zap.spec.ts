import { firstValueFrom, map, Subject } from 'rxjs'
import { PullSocket, PushSocket, ReplySocket, RequestSocket, ZmqError } from '../../src'
import { ZapHandlerInUseError } from '../../src/errors/ZapHandlerInUseError'
import { allOf } from '../../src/security/allOf'
import { allowAddresses } from '../../src/security/allowAddresses'
import { allowPlain } from '../../src/security/allowPlain'
import { allowPublicKeys } from '../../src/security/allowPublicKeys'
import { anyOf } from '../../src/security/anyOf'
import { curveClient } from '../../src/security/curveClient'
import { curveKeyPair } from '../../src/security/curveKeyPair'
import { curveServer } from '../../src/security/curveServer'
import { denyAddresses } from '../../src/security/denyAddresses'
import { plainClient } from '../../src/security/plainClient'
import { plainServer } from '../../src/security/plainServer'
import type { ZapRequest } from '../../src/security/ZapRequest'
import { zapRequests } from '../../src/security/zapRequests'
import { tracker } from '../helpers/cleanup'
import { attempt, nextEvent, startHandler, type RunningHandler } from './support'

// The process's ZAP handler (RFC 27) deciding who gets in, over tcp://127.0.0.1:
//
//   client ──CURVE/PLAIN/NULL──▶ server socket ──inproc://zeromq.zap.01──▶ zapRequests()
//                                                 ◀── 200 / 400 / 500 ───  authorize(policy)

const server = curveKeyPair()
const alice = curveKeyPair()
const mallory = curveKeyPair()

const curve = (keys = alice) => curveClient({ serverKey: server.publicKey, keys })

describe('ZAP handler', () => {
  const track = tracker()
  let handler: RunningHandler | undefined
  afterEach(async () => {
    await handler?.stop()
    handler = undefined
  })

  describe('by public key', () => {
    it('should let in a CURVE client whose public key is allowed', async () => {
      handler = await startHandler(allowPublicKeys([alice.publicKey]))
      const result = await attempt(curveServer(server, { zapDomain: 'test' }), curve(alice), track)
      expect(result.outcome).toBe('delivered')
      expect(handler.decisions).toEqual([
        expect.objectContaining({ allowed: true, statusCode: 200, by: 'handler' }),
      ])
      const request = handler.decisions[0].request
      expect(request).toMatchObject({ domain: 'test', address: '127.0.0.1', mechanism: 'CURVE' })
      expect(request.publicKey).toBe(alice.publicKey)
    })

    it('should refuse a key not on the list, with handshake:error:auth (400) on both events$', async () => {
      handler = await startHandler(allowPublicKeys([alice.publicKey]))
      const result = await attempt(
        curveServer(server, { zapDomain: 'test' }),
        curve(mallory),
        track,
        /^handshake:error:auth/,
      )
      expect(result.outcome).toMatchObject({ type: 'handshake:error:auth' })
      expect(result.received).toBe(0)
      const auth400 = expect.objectContaining({
        type: 'handshake:error:auth',
        error: expect.objectContaining({ status: 400 }),
      })
      expect(result.server).toContainEqual(auth400)
      expect(result.client).toContainEqual(auth400)
      expect(handler.decisions).toEqual([
        expect.objectContaining({
          allowed: false,
          statusCode: 400,
          statusText: 'Public key not allowed',
        }),
      ])
    })

    it('should ask the handler even without a zapDomain (the domain is then empty)', async () => {
      handler = await startHandler(allowPublicKeys([alice.publicKey]))
      const result = await attempt(curveServer(server), curve(mallory), track)
      expect(result.outcome).toMatchObject({ type: 'handshake:error:auth' })
      expect(handler.decisions[0].request.domain).toBe('')
    })

    it('should refuse a PLAIN client when only public keys are allowed', async () => {
      handler = await startHandler(allowPublicKeys([alice.publicKey]))
      const result = await attempt(
        plainServer(),
        plainClient({ username: 'a', password: 'b' }),
        track,
      )
      expect(result.outcome).toMatchObject({ type: 'handshake:error:auth' })
      expect(handler.decisions[0]).toMatchObject({ allowed: false, statusText: 'CURVE required' })
    })
  })

  describe('by IP address', () => {
    it('should let in a peer from an allowed address or range, CURVE or NULL', async () => {
      handler = await startHandler(allowAddresses(['10.0.0.0/8', '127.0.0.0/8']))
      const secured = await attempt(curveServer(server, { zapDomain: 'ip' }), curve(), track)
      expect(secured.outcome).toBe('delivered')
      // a NULL server is asked about peers only when it has a zapDomain
      const open = await attempt({ zapDomain: 'ip' }, {}, track)
      expect(open.outcome).toBe('delivered')
      expect(handler.decisions.map((d) => [d.request.mechanism, d.allowed])).toEqual([
        ['CURVE', true],
        ['NULL', true],
      ])
    })

    it('should refuse a peer from an address not on the list, and one on a deny list', async () => {
      handler = await startHandler(allowAddresses(['10.0.0.0/8', '::1']))
      const refused = await attempt({ zapDomain: 'ip' }, {}, track)
      expect(refused.outcome).toMatchObject({ type: 'handshake:error:auth' })
      expect(refused.received).toBe(0)
      await handler.stop()
      handler = await startHandler(
        allOf(denyAddresses(['127.0.0.1']), allowPublicKeys([alice.publicKey])),
      )
      const blocked = await attempt(curveServer(server, { zapDomain: 'ip' }), curve(alice), track)
      expect(blocked.outcome).toMatchObject({ type: 'handshake:error:auth' })
      expect(handler.decisions[0]).toMatchObject({ allowed: false, statusText: 'Address denied' })
    })
  })

  describe('by user name and password (PLAIN)', () => {
    const users = { admin: 'correct horse', guest: 'battery staple' }

    it('should let in the right password, with the user name as user id', async () => {
      handler = await startHandler(allowPlain(users))
      const result = await attempt(
        plainServer({ zapDomain: 'plain' }),
        plainClient({ username: 'admin', password: 'correct horse' }),
        track,
      )
      expect(result.outcome).toBe('delivered')
      expect(handler.decisions[0]).toMatchObject({ allowed: true, userId: 'admin' })
    })

    it.each([
      ['a wrong password', 'admin', 'battery staple'],
      ['an unknown user', 'root', 'correct horse'],
      ['a password differing in case', 'admin', 'Correct horse'],
    ])('should refuse %s with handshake:error:auth', async (_, username, password) => {
      handler = await startHandler(allowPlain(users))
      const result = await attempt(
        plainServer({ zapDomain: 'plain' }),
        plainClient({ username, password }),
        track,
        /^handshake:error:auth/,
      )
      expect(result.outcome).toMatchObject({ type: 'handshake:error:auth' })
      expect(result.received).toBe(0)
      expect(result.client).toContainEqual(
        expect.objectContaining({ type: 'handshake:error:auth' }),
      )
      expect(handler.decisions[0]).toMatchObject({ allowed: false, statusCode: 400 })
    })

    it('should let either a key or a password in with anyOf', async () => {
      handler = await startHandler(anyOf(allowPublicKeys([alice.publicKey]), allowPlain(users)))
      const byKey = await attempt(curveServer(server, { zapDomain: 'any' }), curve(alice), track)
      const byPassword = await attempt(
        plainServer({ zapDomain: 'any' }),
        plainClient({ username: 'guest', password: 'battery staple' }),
        track,
      )
      const neither = await attempt(
        curveServer(server, { zapDomain: 'any' }),
        curve(mallory),
        track,
      )
      expect([byKey.outcome, byPassword.outcome]).toEqual(['delivered', 'delivered'])
      expect(neither.outcome).toMatchObject({ type: 'handshake:error:auth' })
    })
  })

  describe('a misbehaving handler refuses, never lets in', () => {
    it('should refuse (500) when the policy throws, and keep serving', async () => {
      let calls = 0
      handler = await startHandler((request) => {
        if (++calls === 1) throw new Error('policy bug')
        return request.publicKey === alice.publicKey
      })
      const first = await attempt(curveServer(server, { zapDomain: 'x' }), curve(alice), track)
      expect(first.outcome).toMatchObject({
        type: 'handshake:error:auth',
        error: expect.objectContaining({ status: 500 }),
      })
      expect(first.received).toBe(0)
      expect(handler.decisions[0]).toMatchObject({ allowed: false, statusCode: 500, by: 'error' })
      expect((handler.decisions[0].error as Error).message).toBe('policy bug')
      const second = await attempt(curveServer(server, { zapDomain: 'x' }), curve(alice), track)
      expect(second.outcome).toBe('delivered')
    })

    it('should refuse (500) when the policy rejects or gives no verdict', async () => {
      let calls = 0
      handler = await startHandler(() =>
        ++calls === 1 ? Promise.reject(new Error('db down')) : (undefined as never),
      )
      const rejected = await attempt(curveServer(server, { zapDomain: 'x' }), curve(alice), track)
      const noVerdict = await attempt(curveServer(server, { zapDomain: 'x' }), curve(alice), track)
      expect(rejected.outcome).toMatchObject({ type: 'handshake:error:auth' })
      expect(noVerdict.outcome).toMatchObject({ type: 'handshake:error:auth' })
      expect(handler.decisions.map((d) => [d.statusCode, d.by, d.statusText])).toEqual([
        [500, 'error', 'ZAP policy failed'],
        [500, 'error', 'ZAP policy gave no verdict'],
      ])
    })

    it('should refuse (500) when the policy answers after the deadline, and ignore the late answer', async () => {
      const late = new Subject<void>()
      handler = await startHandler(() => firstValueFrom(late.pipe(map(() => true))), {
        timeout: 100,
      })
      const result = await attempt(curveServer(server, { zapDomain: 'late' }), curve(alice), track)
      expect(result.outcome).toMatchObject({
        type: 'handshake:error:auth',
        error: expect.objectContaining({ status: 500 }),
      })
      expect(result.received).toBe(0)
      expect(handler.decisions[0]).toMatchObject({
        allowed: false,
        by: 'deadline',
        statusCode: 500,
      })
      const request = handler.decisions[0].request
      late.next() // the policy says yes, too late
      await Promise.resolve()
      expect(request.allow()).toBe(false)
      expect(handler.decisions).toHaveLength(1)
    })

    it('should refuse what is pending when the handler is unsubscribed', async () => {
      const asked = new Subject<ZapRequest>()
      handler = await startHandler((request) => {
        asked.next(request)
        return new Promise<boolean>(() => undefined) // never settles
      })
      const pull = track(new PullSocket(curveServer(server, { zapDomain: 'stop' })))
      const refused = nextEvent(pull, /^handshake:error:auth/)
      const push = track(
        new PushSocket({
          connect: await pull.bind('tcp://127.0.0.1:*'),
          linger: 0,
          ...curve(alice),
        }),
      )
      push.next('never')
      const request = await firstValueFrom(asked)
      expect(request.answered).toBe(false)
      await handler.stop()
      handler = undefined
      expect(await refused).toMatchObject({ error: expect.objectContaining({ status: 500 }) })
      expect((await request.decision).by).toBe('stopped')
    })
  })

  describe('lifecycle', () => {
    it('should give a second handler ZapHandlerInUseError, then bind a new one once the first stops', async () => {
      handler = await startHandler(() => true)
      const second = await firstValueFrom(zapRequests()).then(
        () => undefined,
        (error: unknown) => error,
      )
      expect(second).toBeInstanceOf(ZapHandlerInUseError)
      expect(second).toBeInstanceOf(ZmqError)
      expect(second).toMatchObject({ code: 'EADDRINUSE', endpoint: 'inproc://zeromq.zap.01' })
      expect((second as Error).message).toMatch(/only one ZAP handler per process/)
      await handler.stop()
      handler = await startHandler(() => false)
      const result = await attempt(curveServer(server, { zapDomain: 'again' }), curve(alice), track)
      expect(result.outcome).toMatchObject({ type: 'handshake:error:auth' })
    })

    it('should give ZapHandlerInUseError when something outside rxzmq holds the endpoint', async () => {
      const squatter = track(new ReplySocket())
      await squatter.bind('inproc://zeromq.zap.01')
      const error = await firstValueFrom(zapRequests()).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(ZapHandlerInUseError)
      await squatter.unbind('inproc://zeromq.zap.01')
    })

    it('should let requests be answered by hand, in any order', async () => {
      const requests: ZapRequest[] = []
      let opened!: () => void
      const open = new Promise<void>((resolve) => (opened = resolve))
      let closed!: () => void
      const close = new Promise<void>((resolve) => (closed = resolve))
      const subscription = zapRequests({
        openObserver: { next: opened },
        closeObserver: { next: closed },
      }).subscribe((request) => requests.push(request))
      await open
      const rep = track(new ReplySocket(curveServer(server, { zapDomain: 'hand' })))
      const endpoint = await rep.bind('tcp://127.0.0.1:*')
      rep.pipe(map(() => 'ok')).subscribe(rep)
      const a = track(new RequestSocket({ connect: endpoint, ...curve(alice) }))
      const m = track(new RequestSocket({ connect: endpoint, ...curve(mallory) }))
      const mRefused = nextEvent(m, /^handshake:error:auth/)
      const aReply = firstValueFrom(a.request('hi'))
      m.next('hi')
      await new Promise<void>((resolve) => {
        const poll = setInterval(() => requests.length === 2 && (clearInterval(poll), resolve()), 5)
      })
      const byKey = new Map(requests.map((r) => [r.publicKey, r]))
      expect(byKey.get(mallory.publicKey)!.deny('go away')).toBe(true)
      expect(byKey.get(alice.publicKey)!.allow({ userId: 'alice' })).toBe(true)
      expect(byKey.get(alice.publicKey)!.deny()).toBe(false)
      expect(String((await aReply)[0])).toBe('ok')
      expect(await mRefused).toMatchObject({ error: expect.objectContaining({ status: 400 }) })
      subscription.unsubscribe()
      await close
    })
  })

  describe('with no handler bound (as libzmq decides)', () => {
    it('should let any CURVE client knowing the server key in without a zapDomain (libzmq default)', async () => {
      const result = await attempt(curveServer(server), curve(mallory), track)
      expect(result.outcome).toBe('delivered')
    })

    it('should refuse everyone when the server has a zapDomain (zapEnforceDomain, on by default)', async () => {
      const result = await attempt(curveServer(server, { zapDomain: 'gone' }), curve(alice), track)
      expect(result.outcome).toMatchObject({ type: 'handshake:error:other' })
      expect(result.received).toBe(0)
    })

    it('should let everyone in with a zapDomain when zapEnforceDomain is turned off', async () => {
      const result = await attempt(
        curveServer(server, { zapDomain: 'gone', zapEnforceDomain: false }),
        curve(mallory),
        track,
      )
      expect(result.outcome).toBe('delivered')
    })

    it('should refuse every PLAIN client', async () => {
      const result = await attempt(
        plainServer(),
        plainClient({ username: 'admin', password: 'x' }),
        track,
      )
      expect(result.outcome).toMatchObject({ type: 'handshake:error:other' })
    })

    it('should let NULL peers of a server with a zapDomain in, unless zapEnforceDomain', async () => {
      const open = await attempt({ zapDomain: 'gone' }, {}, track)
      expect(open.outcome).toBe('delivered')
      // libzmq reports the refusal at once on the server but keeps the TCP connection open
      // until the handshake interval (ZMQ_HANDSHAKE_IVL, 30 s by default) drops it
      const enforced = await attempt(
        { zapDomain: 'gone', zapEnforceDomain: true, handshakeInterval: 200 },
        {},
        track,
      )
      expect(enforced.outcome).toMatchObject({ type: 'handshake:error:other' })
      expect(enforced.received).toBe(0)
    })

    it('should apply after a handler was unsubscribed: enforced servers refuse again', async () => {
      handler = await startHandler(() => true)
      const during = await attempt(
        curveServer(server, { zapDomain: 'after' }),
        curve(mallory),
        track,
      )
      expect(during.outcome).toBe('delivered')
      await handler.stop()
      handler = undefined
      const after = await attempt(
        curveServer(server, { zapDomain: 'after' }),
        curve(mallory),
        track,
      )
      expect(after.outcome).toMatchObject({ type: 'handshake:error:other' })
    })
  })
})
