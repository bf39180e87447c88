import { EMPTY, filter, firstValueFrom, map, of, throwError, timer, type Observable } from 'rxjs'
import {
  DealerSocket,
  DecodeError,
  InvalidArgumentError,
  RequestHandlerError,
  ReplySocket,
  RequestSocket,
  RouterSocket,
  SocketStateError,
  text,
  textCodec,
  type ReplyInput,
  type RequestErrorEvent,
  type SocketEvent,
} from '../../src'
import { tracker } from '../helpers/cleanup'

/** Collects RxZmqWarnings emitted while a test runs. */
function watchWarnings(): { messages: string[]; restore: () => void } {
  const messages: string[] = []
  const spy = jest.spyOn(process, 'emitWarning').mockImplementation(((
    warning: string | Error,
    options?: { type?: string },
  ) => {
    if (options?.type === 'RxZmqWarning') messages.push(String(warning))
  }) as typeof process.emitWarning)
  return { messages, restore: () => spy.mockRestore() }
}

const NOT_UTF8 = Buffer.from([0xc3, 0x28])

describe('an error that reaches a socket is never silent', () => {
  const track = tracker()

  // The README's hello world server, `rep.pipe(text(), ...).subscribe(rep)`: one request that
  // is not UTF-8 made text() error, the error reached rep.error(), the socket closed and the
  // process went on (or exited 0) without a word: the failing chain counted as a listener.
  it('should warn, naming the socket and the cause, when error() closes a socket', async () => {
    const warnings = watchWarnings()
    try {
      const rep = track(new ReplySocket())
      const endpoint = await rep.bind('tcp://127.0.0.1:*')
      rep
        .pipe(
          text(),
          map(() => 'World'),
        )
        .subscribe(rep)
      const req = track(new RequestSocket({ connect: endpoint }))
      await req.send(NOT_UTF8)
      await rep.closed
      expect(warnings.messages).toHaveLength(1)
      expect(warnings.messages[0]).toMatch(
        /^ReplySocket: closed by error\(\): DecodeError: text codec/,
      )
    } finally {
      warnings.restore()
    }
  })

  it('should warn when error() is given something that is not an Error', () => {
    const warnings = watchWarnings()
    try {
      const rep = new ReplySocket()
      rep.error('gave up')
      expect(warnings.messages).toEqual([
        expect.stringMatching(/^ReplySocket: closed by error\(\): .*gave up/),
      ])
    } finally {
      warnings.restore()
    }
  })
})

/** The request:error events of a socket, as they come. */
function requestErrors(events$: Observable<SocketEvent>): RequestErrorEvent[] {
  const seen: RequestErrorEvent[] = []
  events$
    .pipe(filter((e): e is RequestErrorEvent => e.type === 'request:error'))
    .subscribe((e) => seen.push(e))
  return seen
}

/** The text of the one reply a fresh REQ socket gets to `request`. */
async function ask(
  endpoint: string,
  request: string | Buffer,
  track: <T extends { close(): void }>(s: T) => T,
): Promise<string> {
  const req = track(new RequestSocket({ connect: endpoint }))
  const [reply] = await firstValueFrom(req.request(request))
  return reply!.toString()
}

describe('ReplySocket.serve', () => {
  const track = tracker()
  let warnings: ReturnType<typeof watchWarnings>
  beforeEach(() => (warnings = watchWarnings()))
  afterEach(() => warnings.restore())

  async function server(
    handler: (request: Buffer[]) => ReplyInput,
    config?: Parameters<ReplySocket['serve']>[1],
  ): Promise<{ rep: ReplySocket; endpoint: string; errors: RequestErrorEvent[] }> {
    const rep = track(new ReplySocket())
    const endpoint = await rep.bind('tcp://127.0.0.1:*')
    const errors = requestErrors(rep.events$)
    rep.serve(handler, config)
    return { rep, endpoint, errors }
  }

  it('should keep serving other peers after one bad request, and say what was wrong', async () => {
    const { endpoint, errors } = await server((request) => `Hello ${textCodec().decode(request)}`)
    expect(await ask(endpoint, 'Ann', track)).toBe('Hello Ann')
    // the request that is not UTF-8 gets the default error reply, an empty frame
    expect(await ask(endpoint, NOT_UTF8, track)).toBe('')
    expect(await ask(endpoint, 'Bob', track)).toBe('Hello Bob')
    expect(errors).toHaveLength(1)
    expect(errors[0]!.error).toBeInstanceOf(DecodeError)
    expect(errors[0]!.request).toEqual([NOT_UTF8])
    expect(warnings.messages).toEqual([
      expect.stringMatching(
        /^ReplySocket\.serve: a request could not be handled: DecodeError: text codec/,
      ),
    ])
  })

  it.each([
    [
      'throws',
      () => {
        throw new Error('bug')
      },
    ],
    ['rejects', () => Promise.reject(new Error('bug'))],
    ['errors', () => throwError(() => new Error('bug'))],
  ])(
    'should answer with onError when the handler %s, reporting a RequestHandlerError',
    async (_, handler) => {
      const { endpoint, errors } = await server(handler as () => ReplyInput, {
        onError: (error, request) => ['E', error.code, request[0]!],
      })
      const req = track(new RequestSocket({ connect: endpoint }))
      const reply = await firstValueFrom(req.request('x'))
      expect(reply.map(String)).toEqual(['E', 'ERR_REQUEST_HANDLER', 'x'])
      expect(errors[0]!.error).toBeInstanceOf(RequestHandlerError)
      expect(errors[0]!.error.message).toMatch(
        /ReplySocket\.serve: the request handler failed: Error: bug/,
      )
      expect((errors[0]!.error as Error).cause).toEqual(new Error('bug'))
    },
  )

  it('should send a string, a Buffer or an array of frames as one reply, never iterated', async () => {
    const replies: Record<string, ReplyInput> = {
      text: 'World',
      bytes: Buffer.from('World'),
      multipart: ['Wor', 'ld'],
      promise: Promise.resolve('World'),
      observable: of('World', 'ignored'),
      late: timer(20).pipe(map(() => 'World')),
    }
    const { endpoint } = await server((request) => replies[request[0]!.toString()]!)
    const req = track(new RequestSocket({ connect: endpoint }))
    for (const kind of Object.keys(replies)) {
      const reply = await firstValueFrom(req.request(kind))
      expect([kind, reply.map(String).join('|')]).toEqual([
        kind,
        kind === 'multipart' ? 'Wor|ld' : 'World',
      ])
    }
  })

  it('should answer a handler that gives no reply, or something that is no reply', async () => {
    const { endpoint, errors } = await server((request) =>
      request[0]!.toString() === 'none' ? EMPTY : (42 as never),
    )
    expect(await ask(endpoint, 'none', track)).toBe('')
    expect(await ask(endpoint, 'number', track)).toBe('')
    expect(errors.map((e) => e.error.code)).toEqual(['ERR_NO_REPLY', 'ERR_INVALID_FRAME'])
  })

  it('should still answer when onError itself fails', async () => {
    const { endpoint, errors } = await server(
      () => {
        throw new Error('bug')
      },
      {
        onError: () => {
          throw new Error('bug in onError')
        },
      },
    )
    expect(await ask(endpoint, 'x', track)).toBe('')
    expect(errors.map((e) => e.error.message)).toEqual([
      expect.stringMatching(/Error: bug$/),
      expect.stringMatching(/onError: the request handler failed: Error: bug in onError$/),
    ])
  })

  it('should coalesce the warnings of many failed requests', async () => {
    const { endpoint, errors } = await server(() => {
      throw new Error('bug')
    })
    const req = track(new RequestSocket({ connect: endpoint }))
    for (let i = 0; i < 5; i++) await firstValueFrom(req.request('x'))
    expect(errors).toHaveLength(5)
    expect(warnings.messages).toHaveLength(1)
  })

  it('should refuse a second serve() while the first runs, and bad arguments', async () => {
    const { rep, endpoint } = await server(() => 'first')
    expect(() => rep.serve(() => 'second')).toThrow(SocketStateError)
    expect(() => rep.serve(5 as never)).toThrow(InvalidArgumentError)
    expect(() => rep.serve(() => 'x', { onError: 'reply' } as never)).toThrow(InvalidArgumentError)
    expect(await ask(endpoint, 'x', track)).toBe('first')
  })

  it('should stop serving when unsubscribed, and serve again', async () => {
    const rep = track(new ReplySocket())
    const endpoint = await rep.bind('tcp://127.0.0.1:*')
    rep.serve(() => 'first').unsubscribe()
    rep.serve(() => 'second')
    expect(await ask(endpoint, 'x', track)).toBe('second')
  })
})

describe('RouterSocket.serve', () => {
  const track = tracker()
  let warnings: ReturnType<typeof watchWarnings>
  beforeEach(() => (warnings = watchWarnings()))
  afterEach(() => warnings.restore())

  it('should answer each peer, keep serving after a failure, and drop the failed request by default', async () => {
    const router = track(new RouterSocket())
    const endpoint = await router.bind('tcp://127.0.0.1:*')
    const errors = requestErrors(router.events$)
    router.serve((body) => {
      const name = body[0]!.toString()
      if (name === 'bad') throw new Error('bug')
      // replies go out of order: the first request is answered last
      return timer(name === 'slow' ? 50 : 0).pipe(map(() => `Hello ${name}`))
    })
    const slow = ask(endpoint, 'slow', track)
    expect(await ask(endpoint, 'fast', track)).toBe('Hello fast')
    const bad = track(new RequestSocket({ connect: endpoint }))
    bad.request('bad').subscribe({ error: () => undefined }) // never answered
    expect(await slow).toBe('Hello slow')
    expect(await ask(endpoint, 'again', track)).toBe('Hello again')
    expect(errors).toHaveLength(1)
    expect(errors[0]!.error).toBeInstanceOf(RequestHandlerError)
    expect(errors[0]!.request.slice(1).map(String)).toEqual(['', 'bad'])
  })

  it('should answer a failed request with onError, to the peer that asked', async () => {
    const router = track(new RouterSocket())
    const endpoint = await router.bind('tcp://127.0.0.1:*')
    router.serve(() => Promise.reject(new Error('bug')), {
      onError: (error, body) => ['E', error.code, body[0]!],
    })
    const req = track(new RequestSocket({ connect: endpoint }))
    expect((await firstValueFrom(req.request('x'))).map(String)).toEqual([
      'E',
      'ERR_REQUEST_HANDLER',
      'x',
    ])
  })

  it('should report and drop a message without an envelope, and go on', async () => {
    const router = track(new RouterSocket())
    const endpoint = await router.bind('tcp://127.0.0.1:*')
    const errors = requestErrors(router.events$)
    router.serve((body) => `Hello ${String(body[0])}`)
    const dealer = track(new DealerSocket({ connect: endpoint }))
    await dealer.send('no delimiter')
    expect(await ask(endpoint, 'Ann', track)).toBe('Hello Ann')
    expect(errors.map((e) => e.error)).toEqual([expect.any(DecodeError)])
  })

  it('should handle at most concurrency requests at once', async () => {
    const router = track(new RouterSocket())
    const endpoint = await router.bind('tcp://127.0.0.1:*')
    let running = 0
    let most = 0
    router.serve(
      () => {
        most = Math.max(most, ++running)
        return timer(10).pipe(map(() => (running--, 'ok')))
      },
      { concurrency: 2 },
    )
    const replies = await Promise.all([1, 2, 3, 4, 5].map(() => ask(endpoint, 'x', track)))
    expect(replies).toEqual(['ok', 'ok', 'ok', 'ok', 'ok'])
    expect(most).toBe(2)
    expect(() => router.serve(() => 'x')).toThrow(SocketStateError)
    expect(() => new RouterSocket().serve(() => 'x', { concurrency: 0 })).toThrow(
      InvalidArgumentError,
    )
  })
})
