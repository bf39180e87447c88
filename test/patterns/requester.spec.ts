import { concatMap, map, NEVER, range, type Observable } from 'rxjs'
import { InvalidOptionError } from '../../src/errors/InvalidOptionError'
import { RequestRetriesExhaustedError } from '../../src/errors/RequestRetriesExhaustedError'
import { RequestTimeoutError } from '../../src/errors/RequestTimeoutError'
import { SocketClosedError } from '../../src/errors/SocketClosedError'
import type { Message, MessageLike } from '../../src/message'
import { requester, type RequesterSocket } from '../../src/patterns/requester'
import type { RequestConfig } from '../../src/sockets/RequestSocket'
import { ReplySocket, RequestSocket } from '../../src'
import { VirtualNetwork } from '../../src/testing'
import { msg, testScheduler } from '../operators/marbles'

/**
 * A fake REQ socket factory: socket i answers with `answers[i]` (a function of the request
 * giving an Observable of the reply, e.g. a cold marble), or never when there is none.
 */
function fakeSockets(answers: ((message: MessageLike) => Observable<Message>)[]) {
  const made: { config: RequestConfig; sent: string[]; closed: boolean }[] = []
  const createSocket = (config: RequestConfig): RequesterSocket => {
    const index = made.length
    const record = { config, sent: [] as string[], closed: false }
    made.push(record)
    return {
      request: (message) => {
        record.sent.push(String(message))
        const answer = answers[index]
        // no answer: the server is dead, the reply never comes
        return answer === undefined ? NEVER : answer(message)
      },
      close: () => {
        record.closed = true
      },
    }
  }
  return { made, createSocket }
}

describe('requester (Lazy Pirate)', () => {
  it('should emit the reply of a server that answers, on one socket', () => {
    const ts = testScheduler()
    ts.run(({ cold, expectObservable, flush }) => {
      const { made, createSocket } = fakeSockets([() => cold('--a|', { a: msg('World') })])
      const hello = requester({
        connect: 'tcp://localhost:5555',
        timeout: 5,
        scheduler: ts,
        createSocket,
      })
      expectObservable(hello.request('Hello')).toBe('--(a|)', { a: msg('World') })
      expectObservable(hello.events$).toBe('')
      flush()
      expect(made).toHaveLength(1)
      expect(made[0]!.closed).toBe(false)
    })
  })

  it('should close the stuck socket, make a new one and resend after each timeout', () => {
    const ts = testScheduler()
    ts.run(({ cold, expectObservable, flush }) => {
      const { made, createSocket } = fakeSockets([
        undefined as never, // server dead: no reply
        undefined as never, // still dead
        () => cold('-a|', { a: msg('World') }), // restarted: answers after 1 ms
      ])
      const hello = requester({
        connect: 'tcp://localhost:5555',
        timeout: 3,
        retries: 3,
        scheduler: ts,
        createSocket,
      })
      expectObservable(hello.request('Hello')).toBe('-------(a|)', { a: msg('World') })
      expectObservable(hello.events$.pipe(map((e) => `${e.type}:${e.request}:`))).toBe('---a--b', {
        a: 'request:retry:1:',
        b: 'request:retry:1:',
      })
      flush()
      expect(made.map((s) => [s.sent, s.closed])).toEqual([
        [['Hello'], true],
        [['Hello'], true],
        [['Hello'], false],
      ])
      expect(
        made.every((s) => s.config.linger === 0 && s.config.connect === 'tcp://localhost:5555'),
      ).toBe(true)
      expect(hello.socketsCreated).toBe(3)
    })
  })

  it('should report each retry with its attempt number and the timeout that caused it', () => {
    const ts = testScheduler()
    const seen: unknown[] = []
    ts.run(({ flush }) => {
      const { createSocket } = fakeSockets([])
      const hello = requester({
        connect: 'tcp://s:1',
        timeout: 4,
        retries: 2,
        scheduler: ts,
        createSocket,
      })
      hello.events$.subscribe((e) => seen.push(e))
      hello.request('x').subscribe({ error: () => undefined })
      flush()
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
      {
        type: 'request:failed',
        request: 1,
        error: expect.any(RequestRetriesExhaustedError),
      },
    ])
  })

  it('should fail with RequestRetriesExhaustedError after 1 + retries attempts when the server stays away', () => {
    const ts = testScheduler()
    ts.run(({ expectObservable, flush }) => {
      const { made, createSocket } = fakeSockets([])
      const hello = requester({
        connect: 'tcp://localhost:5555',
        timeout: 3,
        retries: 3,
        scheduler: ts,
        createSocket,
      })
      const error = new RequestRetriesExhaustedError({
        attempts: 4,
        timeout: 3,
        endpoint: 'tcp://localhost:5555',
      })
      expectObservable(hello.request('Hello')).toBe('------------#', undefined, error)
      flush()
      expect(made).toHaveLength(4)
      expect(made.every((s) => s.closed)).toBe(true)
    })
  })

  it('should say clearly what failed, with code, endpoint and the last timeout as cause', () => {
    const ts = testScheduler()
    let caught: RequestRetriesExhaustedError | undefined
    ts.run(({ flush }) => {
      const { createSocket } = fakeSockets([])
      requester({
        connect: 'tcp://localhost:5555',
        timeout: 2500,
        retries: 3,
        scheduler: ts,
        createSocket,
      })
        .request('Hello')
        .subscribe({ error: (e: RequestRetriesExhaustedError) => (caught = e) })
      flush()
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
    const ts = testScheduler()
    ts.run(({ cold, expectObservable }) => {
      // Sockets 0 and 1 are dead (request 1 fails); socket 2 answers request 2.
      const { createSocket } = fakeSockets([
        undefined as never,
        undefined as never,
        () => cold('-a|', { a: msg('World') }),
      ])
      const hello = requester({
        connect: 'tcp://s:1',
        timeout: 2,
        retries: 1,
        scheduler: ts,
        createSocket,
      })
      const error = new RequestRetriesExhaustedError({
        attempts: 2,
        timeout: 2,
        endpoint: 'tcp://s:1',
      })
      expectObservable(hello.request('one')).toBe('----#', undefined, error)
      expectObservable(hello.request('two')).toBe('-----(a|)', { a: msg('World') })
    })
  })

  it('should send requests one at a time, in order, on one socket while the server answers', () => {
    const ts = testScheduler()
    ts.run(({ cold, expectObservable, flush }) => {
      const { made, createSocket } = fakeSockets([
        (m) => cold('--r|', { r: msg(`re:${String(m)}`) }),
      ])
      const hello = requester({ connect: 'tcp://s:1', timeout: 5, scheduler: ts, createSocket })
      expectObservable(
        range(3).pipe(
          concatMap((i) => hello.request(`m${i}`)),
          map(String),
        ),
      ).toBe('--a-b-(c|)', { a: 're:m0', b: 're:m1', c: 're:m2' })
      flush()
      expect(made).toHaveLength(1)
      expect(made[0]!.sent).toEqual(['m0', 'm1', 'm2'])
    })
  })

  it('should queue a request made while another is in flight, and count pending ones', () => {
    const ts = testScheduler()
    ts.run(({ cold, expectObservable, flush }) => {
      const { createSocket } = fakeSockets([(m) => cold('--r|', { r: msg(String(m)) })])
      const hello = requester({ connect: 'tcp://s:1', timeout: 5, scheduler: ts, createSocket })
      expectObservable(hello.request('a').pipe(map(String))).toBe('--(a|)', { a: 'a' })
      expectObservable(hello.request('b').pipe(map(String))).toBe('----(b|)', { b: 'b' })
      ts.schedule(() => expect(hello.pending).toBe(2), 0)
      ts.schedule(() => expect(hello.pending).toBe(1), 3)
      flush()
      expect(hello.pending).toBe(0)
    })
  })

  it('should throw the socket away when a request in flight is unsubscribed, and not retry it', () => {
    const ts = testScheduler()
    ts.run(({ cold, expectObservable, flush }) => {
      const { made, createSocket } = fakeSockets([
        undefined as never,
        () => cold('-r|', { r: msg('R') }),
      ])
      const hello = requester({ connect: 'tcp://s:1', timeout: 5, scheduler: ts, createSocket })
      expectObservable(hello.request('a'), '^-!').toBe('---')
      expectObservable(hello.request('b'), '--^').toBe('---(r|)', { r: msg('R') })
      expectObservable(hello.events$).toBe('')
      flush()
      expect(made.map((s) => [s.sent, s.closed])).toEqual([
        [['a'], true],
        [['b'], false],
      ])
    })
  })

  it('should drop a request unsubscribed before its turn without sending it', () => {
    const ts = testScheduler()
    ts.run(({ cold, expectObservable, flush }) => {
      const { made, createSocket } = fakeSockets([(m) => cold('--r|', { r: msg(String(m)) })])
      const hello = requester({ connect: 'tcp://s:1', timeout: 5, scheduler: ts, createSocket })
      expectObservable(hello.request('a').pipe(map(String))).toBe('--(a|)', { a: 'a' })
      expectObservable(hello.request('b'), '^!').toBe('-')
      expectObservable(hello.request('c').pipe(map(String))).toBe('----(c|)', { c: 'c' })
      flush()
      expect(made[0]!.sent).toEqual(['a', 'c'])
    })
  })

  it('should pass a socket error on without retrying, and use a new socket next', () => {
    const ts = testScheduler()
    ts.run(({ cold, expectObservable, flush }) => {
      const boom = new SocketClosedError('RequestSocket', 'receive')
      const { made, createSocket } = fakeSockets([
        () => cold('-#', undefined, boom),
        () => cold('-r|', { r: msg('R') }),
      ])
      const hello = requester({ connect: 'tcp://s:1', timeout: 5, scheduler: ts, createSocket })
      expectObservable(hello.request('a')).toBe('-#', undefined, boom)
      expectObservable(hello.request('b')).toBe('--(r|)', { r: msg('R') })
      expectObservable(hello.events$).toBe('')
      flush()
      expect(made.map((s) => s.closed)).toEqual([true, false])
    })
  })

  it('should fail a request whose reply stream completes without a reply', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { createSocket } = fakeSockets([() => cold('-|')])
      const hello = requester({ connect: 'tcp://s:1', timeout: 5, createSocket })
      expectObservable(hello.request('a')).toBe(
        '-#',
        undefined,
        new SocketClosedError('RequestSocket', 'wait for a reply'),
      )
    })
  })

  it('should error a request whose socket cannot be made, without retrying', () => {
    testScheduler().run(({ expectObservable }) => {
      const boom = new InvalidOptionError('bad', { option: 'x' })
      const hello = requester({
        connect: 'tcp://s:1',
        createSocket: () => {
          throw boom
        },
      })
      expectObservable(hello.request('a')).toBe('#', undefined, boom)
    })
  })

  it('should close the socket, fail what is pending and complete events$ on close()', () => {
    const ts = testScheduler()
    ts.run(({ expectObservable, flush }) => {
      const { made, createSocket } = fakeSockets([])
      const hello = requester({ connect: 'tcp://s:1', timeout: 5, scheduler: ts, createSocket })
      const closedError = new SocketClosedError('RequestSocket', 'wait for a reply')
      expectObservable(hello.request('a')).toBe('--#', undefined, closedError)
      expectObservable(hello.request('b')).toBe('--#', undefined, closedError)
      expectObservable(hello.events$).toBe('--|')
      expectObservable(hello.request('c'), '---^').toBe(
        '---#',
        undefined,
        new SocketClosedError('RequestSocket', 'request'),
      )
      ts.schedule(() => hello.close(), 2)
      flush()
      expect(made).toHaveLength(1)
      expect(made[0]!.closed).toBe(true)
    })
  })

  it('should refuse bad options with InvalidOptionError', () => {
    expect(() => requester({ connect: 'tcp://s:1', timeout: 0 })).toThrow(InvalidOptionError)
    expect(() => requester({ connect: 'tcp://s:1', timeout: Infinity })).toThrow(InvalidOptionError)
    expect(() => requester({ connect: 'tcp://s:1', retries: -1 })).toThrow(InvalidOptionError)
    expect(() => requester({ connect: 'tcp://s:1', retries: 1.5 })).toThrow(InvalidOptionError)
    expect(() => requester({ connect: [] })).toThrow(/option 'connect'/)
  })

  it('should recover over a virtual network when a dead server is replaced', () => {
    const ts = testScheduler()
    ts.run(({ expectObservable }) => {
      const net = new VirtualNetwork({ scheduler: ts })
      // The first server takes the request and dies at 3 without answering; a new one binds at 7.
      const dying = new ReplySocket({ transport: net, bind: 'inproc://hello' })
      dying.subscribe()
      ts.schedule(() => dying.close(), 3)
      ts.schedule(() => {
        const rep = new ReplySocket({ transport: net, bind: 'inproc://hello' })
        rep.pipe(map(() => 'World')).subscribe(rep)
      }, 7)
      const hello = requester({
        connect: 'inproc://hello',
        timeout: 5,
        retries: 3,
        scheduler: ts,
        createSocket: (config) => new RequestSocket({ connect: config.connect, transport: net }),
      })
      // Timeout at 5: a new socket resends, and is answered when the new server is up at 7.
      expectObservable(hello.request('Hello').pipe(map(String))).toBe('-------(w|)', { w: 'World' })
      expectObservable(hello.events$.pipe(map((e) => e.type))).toBe('-----r', {
        r: 'request:retry',
      })
    })
  })
})
