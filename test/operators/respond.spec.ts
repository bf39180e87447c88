import { delay, lastValueFrom, map, of, range, take, tap, throwError, toArray } from 'rxjs'
import { DecodeError } from '../../src/errors/DecodeError'
import { InvalidArgumentError } from '../../src/errors/InvalidArgumentError'
import { InvalidFrameError } from '../../src/errors/InvalidFrameError'
import { RequestHandlerError } from '../../src/errors/RequestHandlerError'
import type { RequestErrorEvent } from '../../src/events'
import { respond } from '../../src/operators/respond'
import { msg, testScheduler } from '../helpers/marbles'

const E = Buffer.alloc(0)
const [A, B] = msg('A', 'B')

describe('respond', () => {
  const requests = { a: [A, E, ...msg('x')], b: [B, E, ...msg('y')], n: [A, ...msg('x')] }

  it('should address every reply to the peer that asked, even out of order', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-----|', requests)
      const result = source.pipe(
        respond((body) =>
          of([body[0].toString().toUpperCase()]).pipe(delay(body[0].toString() === 'x' ? 4 : 1)),
        ),
      )
      expectObservable(result).toBe('----YX---|', { X: [A, E, 'X'], Y: [B, E, 'Y'] })
      expectSubscriptions(source.subscriptions).toBe('^--------!')
    })
  })

  it('should send every reply an Observable handler gives', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a------|', requests)
      expectObservable(source.pipe(respond(() => of('1', '2')))).toBe('-(12)---|', {
        1: [A, E, '1'],
        2: [A, E, '2'],
      })
    })
  })

  // A string is an ObservableInput (an iterable of characters): respond(() => 'World') sent
  // five replies, 'W', 'o', 'r', 'l', 'd'. A MessageLike is one reply, never iterated.
  it.each([
    ['a string', 'World', [A, E, 'World']],
    ['a Buffer', Buffer.from('World'), [A, E, Buffer.from('World')]],
    ['a Uint8Array', new Uint8Array([1, 2]), [A, E, new Uint8Array([1, 2])]],
    ['an array of frames (multipart)', ['1', '2'], [A, E, '1', '2']],
  ])('should send %s a handler returns as one reply', (_, reply, sent) => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a-|', requests)
      expectObservable(source.pipe(respond(() => reply))).toBe('-r-|', { r: sent })
    })
  })

  it('should send the one reply a Promise gives', async () => {
    const replies = await lastValueFrom(
      of(requests.a).pipe(
        respond(() => Promise.resolve('World')),
        toArray(),
      ),
    )
    expect(replies).toEqual([[A, E, 'World']])
  })

  it('should refuse what is not a reply, in types and at run time', () => {
    const seen: RequestErrorEvent[] = []
    const events = { next: (e: RequestErrorEvent) => seen.push(e) }
    of(requests.a)
      // @ts-expect-error a number is not a reply
      .pipe(respond(() => 42, { events }))
      .subscribe()
    of(requests.a)
      // @ts-expect-error an object is not a reply
      .pipe(respond(() => of({ text: 'World' }), { events }))
      .subscribe()
    expect(seen.map((e) => e.error)).toEqual([
      expect.any(InvalidFrameError),
      expect.any(InvalidFrameError),
    ])
  })

  it('should give the handler the envelope too', () => {
    const routes: Buffer[][] = []
    of(requests.a)
      .pipe(
        respond((_body, envelope) => {
          routes.push([...envelope.route])
          return []
        }),
      )
      .subscribe()
    expect(routes).toEqual([[A]])
  })

  // Each request on its own: one failing request used to error the whole stream, and with
  // it the ROUTER socket it was subscribed to.
  it('should report what a throwing handler throws and go on with the next request', () => {
    const seen: RequestErrorEvent[] = []
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-a-|', requests)
      const result = source.pipe(
        respond(
          (body) => {
            if (body[0]!.toString() === 'y') throw new Error('handler broke')
            return 'ok'
          },
          { events: { next: (e) => seen.push(e) } },
        ),
      )
      expectObservable(result).toBe('-k---k-|', { k: [A, E, 'ok'] })
      expectSubscriptions(source.subscriptions).toBe('^------!')
    })
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ type: 'request:error', request: requests.b })
    expect(seen[0]!.error).toBeInstanceOf(RequestHandlerError)
    expect((seen[0]!.error as Error).cause).toEqual(new Error('handler broke'))
  })

  it('should answer a failed request with onError, to the peer that asked', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(
        cold('-a-b-|', requests).pipe(
          respond(
            (body) => (body[0]!.toString() === 'y' ? throwError(() => new Error('nope')) : 'ok'),
            {
              onError: (error) => ['E', error.code],
              events: {},
            },
          ),
        ),
      ).toBe('-k-e-|', { k: [A, E, 'ok'], e: [B, E, 'E', 'ERR_REQUEST_HANDLER'] })
    })
  })

  it('should report a request with no envelope as a DecodeError, and drop it', () => {
    const seen: RequestErrorEvent[] = []
    const replies: unknown[] = []
    of(requests.n, requests.a)
      .pipe(respond(() => 'x', { events: { next: (e) => seen.push(e) } }))
      .subscribe((r) => replies.push(r))
    expect(replies).toEqual([[A, E, 'x']])
    expect(seen.map((e) => e.error)).toEqual([expect.any(DecodeError)])
    expect(seen[0]!.request).toBe(requests.n)
  })

  it('should warn about failed requests when nobody takes its events', () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
    try {
      of(requests.a, requests.a)
        .pipe(
          respond(() => {
            throw new Error('broke')
          }),
        )
        .subscribe()
      // coalesced: the second, in the same second, is counted for a later summary
      expect(warn).toHaveBeenCalledTimes(1)
      expect(warn.mock.calls[0]![0]).toMatch(
        /^respond: a request could not be handled: RequestHandlerError/,
      )
    } finally {
      warn.mockRestore()
    }
  })

  it('should refuse bad arguments with InvalidArgumentError', () => {
    expect(() => respond(undefined as never)).toThrow(InvalidArgumentError)
    expect(() => respond(() => 'x', { concurrency: -1 })).toThrow(InvalidArgumentError)
    expect(() => respond(() => 'x', { onError: 5 as never })).toThrow(InvalidArgumentError)
  })

  it('should raise the source error', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-a-#', requests).pipe(respond(() => of('k')))).toBe('-k-#', {
        k: [A, E, 'k'],
      })
    })
  })

  it('should complete on empty and not on never', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const empty = cold<Buffer[]>('|')
      const never = cold<Buffer[]>('-')
      expectObservable(empty.pipe(respond(() => of('k')))).toBe('|')
      expectObservable(never.pipe(respond(() => of('k')))).toBe('-')
      expectSubscriptions(empty.subscriptions).toBe('(^!)')
      expectSubscriptions(never.subscriptions).toBe('^')
    })
  })

  it('should allow early unsubscription and not break the unsubscription chain', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-a-|', requests)
      const result = source.pipe(
        map((m) => m),
        respond(() => of('k')),
        map((m) => m),
      )
      expectObservable(result, '^--!').toBe('-k-', { k: [A, E, 'k'] })
      expectSubscriptions(source.subscriptions).toBe('^--!')
    })
  })

  it('should stop listening to a synchronous source when unsubscribed', () => {
    const sideEffects: number[] = []
    range(0, 1_000_000)
      .pipe(
        tap((i) => sideEffects.push(i)),
        map(() => requests.a),
        respond(() => of('k')),
        take(2),
      )
      .subscribe()
    expect(sideEffects).toEqual([0, 1])
  })
})
