// The socket contract, scenario by scenario, on every transport with the same assertions: what
// a user may rely on whatever carries the messages (errors, lifecycle, queue policies, events,
// endpoint rules).
//
//   PushSocket / PullSocket / RequestSocket / ReplySocket ──> native (tcp) | zmtp (tcp) | virtual
//                                                          | ws (a native binder on ws://)
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs'
import {
  fromPull,
  InvalidEndpointError,
  InvalidOptionError,
  QueueFullError,
  SocketClosedError,
  SocketStateError,
  ZmqError,
} from '../../src'
import type { SocketEvent } from '../../src/events'
import { openSocketCount } from '../../src/testing'
import { conformanceTransports, itWhen, receive, texts } from '../helpers/transports'

/** Resolves with an error a socket made with `make` reports, thrown or on `ready`. */
async function refusal(make: () => { ready: Promise<void> }): Promise<unknown> {
  try {
    await make().ready
  } catch (error) {
    return error
  }
  return undefined
}

describe.each(conformanceTransports())('the socket contract over $name', (transport) => {
  const { sockets } = transport
  afterEach(() => transport.closeAll())

  describe('endpoints', () => {
    it('should reject ready with EADDRINUSE for an endpoint in use, and fail the socket', async () => {
      const first = sockets.pull()
      const endpoint = await first.bind(transport.endpoint())
      const second = sockets.pull({ bind: endpoint })
      await expect(second.ready).rejects.toBeInstanceOf(InvalidEndpointError)
      await expect(second.ready).rejects.toMatchObject({ code: 'EADDRINUSE', endpoint })
      expect(second.isClosed).toBe(true)
    })

    it('should reach a bind on the loopback address from localhost', async () => {
      const pull = sockets.pull()
      const endpoint = await pull.bind(transport.endpoint())
      const push = sockets.push({ connect: endpoint.replace('127.0.0.1', 'localhost') })
      const got = receive(pull, 1)
      push.next('reached')
      expect((await got).map(texts)).toEqual([['reached']])
    })

    it("should refuse to connect to '*' with EINVAL", () => {
      const push = sockets.push()
      const wildcard = transport.endpoint().replace('127.0.0.1:*', '*:5556')
      expect(() => push.connect(wildcard)).toThrow(InvalidEndpointError)
      expect(() => push.connect(wildcard)).toThrow(
        expect.objectContaining({ code: 'EINVAL', endpoint: wildcard }),
      )
    })
  })

  describe('errors', () => {
    it('should give subscribers a ZmqError, with the cause kept, when error() closes the socket', async () => {
      const pair = sockets.pair()
      const failure = lastValueFrom(pair).catch((e: unknown) => e)
      const events: SocketEvent[] = []
      pair.events$.subscribe((e) => events.push(e))
      const boom = new Error('boom')
      const warned = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
      try {
        pair.error(boom)
        const error = await failure
        expect(error).toBeInstanceOf(ZmqError)
        expect((error as Error).cause).toBe(boom)
        expect(events.map((e) => e.type)).toContain('error')
      } finally {
        warned.mockRestore()
      }
    })

    it('should warn once, not throw, for next() after close, counting the refused calls', async () => {
      const push = sockets.push()
      push.close()
      const warned = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
      try {
        for (let i = 0; i < 100; i++) push.next('late')
        // warnings are given after the turn, so that one counts what the turn did
        await new Promise((resolve) => setImmediate(resolve))
        expect(warned).toHaveBeenCalledTimes(1)
        expect(String(warned.mock.calls[0][0])).toMatch(/closed/)
        expect(String(warned.mock.calls[0][0])).toMatch(/100 messages/)
      } finally {
        warned.mockRestore()
      }
    })

    it('should refuse a send queue limit of 0 or Infinity with an InvalidOptionError', async () => {
      for (const limit of [0, Infinity, -1, 1.5]) {
        const error = await refusal(() => sockets.push({ sendQueue: { limit } }))
        expect(error).toBeInstanceOf(InvalidOptionError)
        expect(error).toMatchObject({ option: 'sendQueue.limit' })
      }
    })

    it('should reject send() after close with a SocketClosedError', async () => {
      const push = sockets.push()
      push.close()
      await expect(push.send('x')).rejects.toBeInstanceOf(SocketClosedError)
    })

    it('should refuse a second request before the reply, and a reply with no request (EFSM)', async () => {
      const rep = sockets.reply()
      const endpoint = await rep.bind(transport.endpoint())
      const req = sockets.request({ connect: endpoint })
      await req.send('one')
      await expect(req.send('two')).rejects.toBeInstanceOf(SocketStateError)
      await expect(rep.send('nothing asked')).rejects.toBeInstanceOf(SocketStateError)
      const request = firstValueFrom(rep)
      expect(texts(await request)).toEqual(['one'])
    })
  })

  describe('queue policies', () => {
    // No peer ever connects: the first message waits in flight, the queue holds `limit` more.
    const unreachable = (): string =>
      transport.name === 'virtual'
        ? 'inproc://nobody-binds-this'
        : transport.endpoint().replace(':*', ':9')

    it('should reject send() with a QueueFullError at the limit under error', async () => {
      const push = sockets.push({ connect: unreachable(), sendQueue: { limit: 2 } })
      const sends = ['1', '2', '3', '4'].map((m) =>
        push.send(m).then(
          () => 'sent',
          (e) => e,
        ),
      )
      push.close()
      const outcomes = await Promise.all(sends)
      expect(outcomes[3]).toBeInstanceOf(QueueFullError)
      expect(outcomes.slice(0, 3).every((o) => o instanceof SocketClosedError)).toBe(true)
    })

    it('should count and report drops under drop-newest and drop-oldest', () => {
      for (const overflow of ['drop-newest', 'drop-oldest'] as const) {
        const push = sockets.push({ connect: unreachable(), sendQueue: { limit: 2, overflow } })
        const events: string[] = []
        push.events$.subscribe((e) => {
          if (e.type.startsWith('queue:')) events.push(e.type)
        })
        for (const m of ['1', '2', '3', '4', '5']) push.next(m)
        expect(push.dropped).toBe(2)
        expect(push.queueDepth).toBe(2)
        expect(events).toEqual(['queue:full', 'queue:drop', 'queue:drop'])
      }
    })
  })

  describe('lifecycle', () => {
    it('should send what was queued on complete(), then complete the socket', async () => {
      const pull = sockets.pull()
      const endpoint = await pull.bind(transport.endpoint())
      const push = sockets.push({ connect: endpoint })
      const got = receive(pull, 3)
      for (const m of ['1', '2', '3']) push.next(m)
      push.complete()
      expect((await got).map(texts)).toEqual([['1'], ['2'], ['3']])
      await push.closed
      expect(push.isClosed).toBe(true)
    })

    it('should complete receivers and events$ on close()', async () => {
      const pull = sockets.pull()
      const done = lastValueFrom(pull.pipe(toArray()))
      const events = lastValueFrom(pull.events$.pipe(toArray()))
      pull.close()
      await expect(done).resolves.toEqual([])
      await expect(events).resolves.toEqual([])
    })

    it('should close the socket of a cold fromPull() when its subscriber leaves', async () => {
      const push = sockets.push()
      const endpoint = await push.bind(transport.endpoint())
      const before = openSocketCount()
      const received = firstValueFrom(
        fromPull({ connect: endpoint, transport: transport.transport }).pipe(take(1)),
      )
      push.next('one')
      expect(texts(await received)).toEqual(['one'])
      expect(openSocketCount()).toBe(before)
    })

    // ws: libzmq reports handshake:error:other before disconnect (see cleanDisconnect)
    itWhen(transport.cleanDisconnect)(
      'should report connect and accept, then disconnect when the peer closes',
      async () => {
        const pull = sockets.pull()
        const endpoint = await pull.bind(transport.endpoint())
        const binder: string[] = []
        pull.events$.subscribe((e) => binder.push(e.type))
        const connected = transport.peers(pull, 1)
        const push = sockets.push({ connect: endpoint })
        await connected
        const gone = firstValueFrom(pull.events$.pipe(take(1)))
        push.close()
        expect((await gone).type).toBe('disconnect')
        expect(binder).toEqual(expect.arrayContaining(['accept', 'handshake', 'disconnect']))
      },
    )
  })
})
