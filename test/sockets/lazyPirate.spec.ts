// RequestSocket's timeouts and retries (the Lazy Pirate pattern), marble-tested over a fake
// transport whose sockets answer on the TestScheduler: socket i (the i-th transport socket the
// RequestSocket opens, a new one on each reset) answers with answers[i], or never.
// Ported from the tests of requester(), which RequestSocket replaces.
import { concatMap, firstValueFrom, map, NEVER, range, type Observable } from 'rxjs'
import {
  InvalidArgumentError,
  InvalidOptionError,
  RequestRetriesExhaustedError,
  ReplySocket,
  RequestSocket,
  RequestTimeoutError,
  RouterSocket,
  SocketClosedError,
  ZmqError,
  type Message,
  type RequestConfig,
  type SocketEvent,
  type Transport,
  type TransportSocket,
} from '../../src'
import { tracker } from '../helpers/cleanup'
import { bindEndpoint } from '../helpers/endpoints'
import { runNode } from '../helpers/node'
import { msg, testScheduler } from '../helpers/marbles'

interface Made {
  connected: string[]
  sent: string[]
  closed: boolean
  linger: number | undefined
  options: Readonly<Record<string, unknown>>
}

/**
 * A transport of fake REQ sockets: socket i answers each request with `answers[i](request)`
 * (an Observable of replies, e.g. a cold marble), or never when there is none (a dead server).
 */
function fakeTransport(answers: (((request: string) => Observable<Message>) | undefined)[]) {
  const made: Made[] = []
  const transport: Transport = {
    name: 'fake',
    open(spec) {
      const index = made.length
      const record: Made = {
        connected: [],
        sent: [],
        closed: false,
        linger: undefined,
        options: spec.options,
      }
      made.push(record)
      let delivering = false
      const inbox: Buffer[][] = []
      const flush = (): void => {
        while (delivering && !record.closed && inbox.length > 0) spec.host.received(inbox.shift()!)
      }
      const answering = new Set<{ unsubscribe(): void }>()
      const socket: TransportSocket = {
        bind: (endpoint) => endpoint,
        unbind: async () => undefined,
        connect: (endpoint) => void record.connected.push(endpoint),
        disconnect: () => undefined,
        send(frames) {
          const request = frames.map((f) => Buffer.from(f as string).toString()).join('|')
          record.sent.push(request)
          const answer = answers[index]
          if (answer !== undefined) {
            answering.add(
              answer(request).subscribe({
                next: (reply) => {
                  inbox.push(reply)
                  flush()
                },
                error: (error: ZmqError) => spec.host.failed(error),
              }),
            )
          }
          return true
        },
        resume() {
          delivering = true
          flush()
        },
        pause() {
          delivering = false
        },
        monitor: () => undefined,
        subscribe: () => undefined,
        unsubscribe: () => undefined,
        getOption: () => undefined,
        setOption: () => undefined,
        close(linger) {
          record.closed = true
          record.linger = linger
          for (const a of answering) a.unsubscribe()
        },
      }
      return socket
    },
  }
  return { transport, made }
}

/** A RequestSocket over the fake transport. */
function fakeRequest(
  answers: Parameters<typeof fakeTransport>[0],
  config: RequestConfig = {},
): { req: RequestSocket; made: Made[] } {
  const { transport, made } = fakeTransport(answers)
  const req = new RequestSocket({ connect: 'tcp://localhost:5555', transport, ...config })
  return { req, made }
}

const dead = undefined

describe('RequestSocket timeouts and retries (Lazy Pirate)', () => {
  it('should emit the reply of a server that answers, on one transport socket', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const { req, made } = fakeRequest([() => cold('--a|', { a: msg('World') })], {
        requestTimeout: 5,
        retries: 3,
      })
      expectObservable(req.request('Hello')).toBe('--(a|)', { a: msg('World') })
      expectObservable(req.events$).toBe('')
      flush()
      expect(made).toHaveLength(1)
      expect(made[0]!.closed).toBe(false)
      req.close()
    })
  })

  it('should close the stuck transport socket, open a new one and resend after each timeout', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const { req, made } = fakeRequest(
        [dead, dead, () => cold('-a|', { a: msg('World') })], // restarted: answers after 1 ms
        { requestTimeout: 3, retries: 3, sendHighWaterMark: 7 },
      )
      expectObservable(req.request('Hello')).toBe('-------(a|)', { a: msg('World') })
      expectObservable(
        req.events$.pipe(map((e) => `${e.type}:${'request' in e ? String(e.request) : ''}`)),
      ).toBe('---a--b', { a: 'request:retry:1', b: 'request:retry:1' })
      flush()
      expect(made.map((s) => [s.sent, s.closed, s.linger])).toEqual([
        [['Hello'], true, 0],
        [['Hello'], true, 0],
        [['Hello'], false, undefined],
      ])
      // each new socket: the same options, the same endpoints
      expect(made.every((s) => s.connected.join() === 'tcp://localhost:5555')).toBe(true)
      expect(made.every((s) => s.options.sendHighWaterMark === 7)).toBe(true)
      req.close()
    })
  })

  it('should report each retry with its attempt number and the timeout that caused it', () => {
    const seen: SocketEvent[] = []
    testScheduler().run(({ flush }) => {
      const { req } = fakeRequest([], { requestTimeout: 4, retries: 2 })
      req.events$.subscribe((e) => seen.push(e))
      req.request('x').subscribe({ error: () => undefined })
      flush()
      req.close()
    })
    expect(seen).toEqual([
      {
        type: 'request:retry',
        request: 1,
        attempt: 2,
        attempts: 3,
        error: new RequestTimeoutError(4, '1'),
      },
      {
        type: 'request:retry',
        request: 1,
        attempt: 3,
        attempts: 3,
        error: new RequestTimeoutError(4, '1'),
      },
      { type: 'request:failed', request: 1, error: expect.any(RequestRetriesExhaustedError) },
    ])
  })

  it('should fail with RequestRetriesExhaustedError after 1 + retries attempts when the server stays away', () => {
    testScheduler().run(({ expectObservable, flush }) => {
      const { req, made } = fakeRequest([], { requestTimeout: 3, retries: 3 })
      const error = new RequestRetriesExhaustedError({
        attempts: 4,
        timeout: 3,
        endpoint: 'tcp://localhost:5555',
      })
      expectObservable(req.request('Hello')).toBe('------------#', undefined, error)
      flush()
      // four attempts, each on its own transport socket; the socket was reset after the last
      expect(made.map((s) => s.sent.length)).toEqual([1, 1, 1, 1, 0])
      expect(made.slice(0, 4).every((s) => s.closed)).toBe(true)
      req.close()
    })
  })

  it('should say clearly what failed, with code, endpoint and the last timeout as cause', () => {
    let caught: RequestRetriesExhaustedError | undefined
    testScheduler().run(({ flush }) => {
      const { req } = fakeRequest([], { requestTimeout: 2500, retries: 3 })
      req.request('Hello').subscribe({ error: (e: RequestRetriesExhaustedError) => (caught = e) })
      flush()
      req.close()
    })
    expect(caught).toBeInstanceOf(RequestRetriesExhaustedError)
    expect(caught!.message).toBe(
      'no reply from tcp://localhost:5555 after 4 attempts of 2500 ms each (each retry on a new socket): the server seems to be offline',
    )
    expect(caught).toMatchObject({
      code: 'ETIMEDOUT',
      endpoint: 'tcp://localhost:5555',
      attempts: 4,
      timeout: 2500,
    })
    expect(caught!.cause).toBeInstanceOf(RequestTimeoutError)
  })

  it('should let each request fail on its own and keep serving the next ones', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      // Sockets 0 and 1 are dead (request 1 fails); socket 2 answers request 2.
      const { req } = fakeRequest([dead, dead, () => cold('-a|', { a: msg('World') })], {
        connect: 'tcp://s:1',
        requestTimeout: 2,
        retries: 1,
      })
      const error = new RequestRetriesExhaustedError({
        attempts: 2,
        timeout: 2,
        endpoint: 'tcp://s:1',
      })
      expectObservable(req.request('one')).toBe('----#', undefined, error)
      expectObservable(req.request('two')).toBe('-----(a|)', { a: msg('World') })
      flush()
      req.close()
    })
  })

  it('should send requests one at a time, in order, on one socket while the server answers', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const { req, made } = fakeRequest([(m) => cold('--r|', { r: msg(`re:${m}`) })], {
        requestTimeout: 5,
      })
      expectObservable(
        range(3).pipe(
          concatMap((i) => req.request(`m${i}`)),
          map(String),
        ),
      ).toBe('--a-b-(c|)', { a: 're:m0', b: 're:m1', c: 're:m2' })
      flush()
      expect(made).toHaveLength(1)
      expect(made[0]!.sent).toEqual(['m0', 'm1', 'm2'])
      req.close()
    })
  })

  it('should queue a request made while another is in flight, and count pending ones', () => {
    const ts = testScheduler()
    ts.run(({ cold, expectObservable, flush }) => {
      const { req } = fakeRequest([(m) => cold('--r|', { r: msg(m) })], { requestTimeout: 5 })
      expectObservable(req.request('a').pipe(map(String))).toBe('--(a|)', { a: 'a' })
      expectObservable(req.request('b').pipe(map(String))).toBe('----(b|)', { b: 'b' })
      ts.schedule(() => expect(req.pendingRequests).toBe(2), 0)
      ts.schedule(() => expect(req.pendingRequests).toBe(1), 3)
      flush()
      expect(req.pendingRequests).toBe(0)
      req.close()
    })
  })

  it('should reset the socket when a request in flight is unsubscribed, and not retry it', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const { req, made } = fakeRequest([dead, () => cold('-r|', { r: msg('R') })], {
        requestTimeout: 5,
        retries: 2,
      })
      expectObservable(req.request('a'), '^-!').toBe('---')
      expectObservable(req.request('b'), '--^').toBe('---(r|)', { r: msg('R') })
      expectObservable(req.events$).toBe('')
      flush()
      expect(made.map((s) => [s.sent, s.closed])).toEqual([
        [['a'], true],
        [['b'], false],
      ])
      req.close()
    })
  })

  it('should drop a request unsubscribed before its turn without sending it', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const { req, made } = fakeRequest([(m) => cold('--r|', { r: msg(m) })], {
        requestTimeout: 5,
      })
      expectObservable(req.request('a').pipe(map(String))).toBe('--(a|)', { a: 'a' })
      expectObservable(req.request('b'), '^!').toBe('-')
      expectObservable(req.request('c').pipe(map(String))).toBe('----(c|)', { c: 'c' })
      flush()
      expect(made[0]!.sent).toEqual(['a', 'c'])
      req.close()
    })
  })

  it('should pass a transport failure on to the request without retrying', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const boom = new ZmqError('RequestSocket: receive failed', { code: 'EIO' })
      const { req } = fakeRequest([() => cold<Message>('-#', undefined, boom)], {
        requestTimeout: 5,
        retries: 3,
      })
      expectObservable(req.request('a')).toBe('-#', undefined, boom)
      expectObservable(req.events$.pipe(map((e) => e.type))).toBe('-(e|)', { e: 'error' })
      flush()
      expect(req.isClosed).toBe(true)
    })
  })

  it('should throw from the constructor when the transport socket cannot be made', () => {
    const boom = new InvalidOptionError('bad', { option: 'x' })
    const transport: Transport = {
      name: 'broken',
      open: () => {
        throw boom
      },
    }
    expect(() => new RequestSocket({ connect: 'tcp://s:1', transport, retries: 1 })).toThrow(boom)
  })

  it('should fail the socket, and the request, when a new transport socket cannot be made', () => {
    testScheduler().run(({ expectObservable }) => {
      const { transport } = fakeTransport([])
      let opened = 0
      const boom = new ZmqError('cannot open', { code: 'EMFILE' })
      const flaky: Transport = {
        name: 'flaky',
        open: (spec) => {
          if (opened++ > 0) throw boom
          return transport.open(spec)
        },
      }
      const req = new RequestSocket({
        connect: 'tcp://s:1',
        transport: flaky,
        requestTimeout: 2,
        retries: 1,
      })
      expectObservable(req.request('a')).toBe('--#', undefined, boom)
    })
  })

  it('should close the socket, fail what is pending and complete events$ on close()', () => {
    const ts = testScheduler()
    ts.run(({ expectObservable, flush }) => {
      const { req, made } = fakeRequest([], { requestTimeout: 5 })
      const closedError = new SocketClosedError('RequestSocket', 'receive the reply')
      expectObservable(req.request('a')).toBe('--#', undefined, closedError)
      expectObservable(req.request('b')).toBe('--#', undefined, closedError)
      expectObservable(req.events$).toBe('--|')
      expectObservable(req.request('c'), '---^').toBe(
        '---#',
        undefined,
        new SocketClosedError('RequestSocket', 'request'),
      )
      ts.schedule(() => req.close(), 2)
      flush()
      expect(made).toHaveLength(1)
      expect(made[0]!.closed).toBe(true)
    })
  })

  it('should fail a plain request with RequestTimeoutError, reset the socket, and answer the next', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const { req, made } = fakeRequest([dead, () => cold('-r|', { r: msg('R') })])
      expectObservable(req.request('a', { timeout: 3 })).toBe(
        '---#',
        undefined,
        new RequestTimeoutError(3, '1'),
      )
      expectObservable(req.request('b')).toBe('----(r|)', { r: msg('R') })
      expectObservable(req.events$.pipe(map((e) => e.type))).toBe('---f', { f: 'request:failed' })
      flush()
      expect(made.map((s) => [s.sent, s.closed])).toEqual([
        [['a'], true],
        [['b'], false],
      ])
      req.close()
    })
  })

  it('should wait without limit for a plain socket, and use the per-call timeout over the socket one', () => {
    testScheduler().run(({ expectObservable, flush }) => {
      const plain = fakeRequest([]).req
      expectObservable(plain.request('a')).toBe('-')
      const { req } = fakeRequest([], { requestTimeout: 10 })
      expectObservable(req.request('b', { timeout: 2 })).toBe(
        '--#',
        undefined,
        new RequestTimeoutError(2, '1'),
      )
      flush()
      plain.close()
      req.close()
    })
    void NEVER
  })

  it('should refuse bad options from the constructor and bad arguments from request()', () => {
    const { transport } = fakeTransport([])
    const make = (config: object) => () =>
      new RequestSocket({ connect: 'tcp://s:1', transport, ...config } as RequestConfig).close()
    expect(make({ requestTimeout: 0 })).toThrow(InvalidOptionError)
    expect(make({ requestTimeout: Infinity })).toThrow(InvalidOptionError)
    expect(make({ retries: -1 })).toThrow(InvalidOptionError)
    expect(make({ retries: 1.5 })).toThrow(InvalidOptionError)
    expect(make({ retries: 1, bind: 'tcp://127.0.0.1:*' })).toThrow(/needs a connect-only socket/)
    // the native transport checks the names
    expect(() => new RequestSocket({ retrys: 1 } as RequestConfig)).toThrow(/did you mean retries/)
    const req = new RequestSocket({ connect: 'tcp://s:1', transport })
    expect(() => req.request('a', { timeout: -1 })).toThrow(InvalidArgumentError)
    expect(() => req.request('a', 5 as never)).toThrow(InvalidArgumentError)
    req.close()
  })
})

describe('RequestSocket timeouts over libzmq', () => {
  const track = tracker()

  // A plain REQ whose server was never there waited for ever, and kept the process alive.
  it('should fail a request to no server with RequestTimeoutError, and let the process exit', async () => {
    const result = await runNode(`
      const { RequestSocket } = require('rxzmq')
      const req = new RequestSocket({ connect: 'tcp://127.0.0.1:9', requestTimeout: 200 })
      req.request('Hello').subscribe({
        next: () => console.log('reply?'),
        error: (e) => console.log('failed:', e.name, e.code, e.timeout),
      })
    `)
    expect(result.stdout).toContain('failed: RequestTimeoutError ETIMEDOUT 200')
    expect(result.stderr).not.toContain('[killed')
    expect(result.code).toBe(0)
  })

  it('should reset a plain socket after a timeout, so that the next request is answered', async () => {
    const router = track(new RouterSocket())
    const endpoint = await router.bind('tcp://127.0.0.1:*')
    let seen = 0
    // the server drops the first request it gets, and answers the others
    router.subscribe(([peer, , body]) => {
      if (seen++ > 0) router.next([peer!, '', `re:${String(body)}`])
    })
    const req = track(new RequestSocket({ connect: endpoint, requestTimeout: 300 }))
    const failed = await firstValueFrom(req.request('one')).catch((e: unknown) => e)
    expect(failed).toBeInstanceOf(RequestTimeoutError)
    const reply = await firstValueFrom(req.request('two'))
    expect(reply.map(String)).toEqual(['re:two'])
  })

  it('should send again on a fresh socket until a server comes up (retries)', async () => {
    const endpoint = bindEndpoint('ipc')
    const req = track(new RequestSocket({ connect: endpoint, requestTimeout: 200, retries: 5 }))
    const retries: number[] = []
    req.events$.subscribe((e) => {
      if (e.type === 'request:retry') {
        retries.push(e.attempt)
        // the server starts after the first timeout
        if (e.attempt === 2) track(new ReplySocket({ bind: endpoint })).serve(() => 'World')
      }
    })
    const reply = await firstValueFrom(req.request('Hello'))
    expect(reply.map(String)).toEqual(['World'])
    expect(retries[0]).toBe(2)
  })
})
