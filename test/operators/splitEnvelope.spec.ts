import { map, range, take, tap } from 'rxjs'
import { DecodeError } from '../../src/errors/DecodeError'
import { splitEnvelope } from '../../src/operators/splitEnvelope'
import { msg, testScheduler } from '../helpers/marbles'

const E = Buffer.alloc(0)
const [A, B, R] = msg('A', 'B', 'R')

describe('splitEnvelope', () => {
  const values = {
    a: [A, E, ...msg('x')],
    b: [B, R, E, ...msg('y', 'z')],
    c: [A, ...msg('x')],
    d: [A, E],
  }
  const envelopes = {
    a: { route: [A], body: msg('x') },
    b: { route: [B, R], body: msg('y', 'z') },
    d: { route: [A], body: [] },
  }

  it('should split at the first empty frame', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-d-|', values)
      expectObservable(source.pipe(splitEnvelope())).toBe('-a-b-d-|', envelopes)
      expectSubscriptions(source.subscriptions).toBe('^------!')
    })
  })

  it('should error with a DecodeError on a message with no delimiter', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-c-a-|', values)
      expectObservable(source.pipe(splitEnvelope())).toBe(
        '-a-#',
        envelopes,
        new DecodeError(
          'envelope',
          2,
          undefined,
          'no empty delimiter frame: the peer is not a REQ socket; use splitEnvelope({ delimiter: false })',
        ),
      )
      expectSubscriptions(source.subscriptions).toBe('^--!')
    })
  })

  it('should error on a message that starts with the delimiter', () => {
    let error: unknown
    range(0, 1)
      .pipe(
        map(() => [E, A]),
        splitEnvelope(),
      )
      .subscribe({ error: (e: unknown) => (error = e) })
    expect(error).toBeInstanceOf(DecodeError)
    expect((error as DecodeError).frameIndex).toBe(0)
  })

  it('should take the first frame as the route without a delimiter when told', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-c-|', values)
      expectObservable(source.pipe(splitEnvelope({ delimiter: false }))).toBe('-a-|', envelopes)
    })
  })

  it('should raise the source error', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-a-#', values).pipe(splitEnvelope())).toBe('-a-#', envelopes)
    })
  })

  it('should complete on empty and not on never', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const empty = cold<Buffer[]>('|')
      const never = cold<Buffer[]>('-')
      expectObservable(empty.pipe(splitEnvelope())).toBe('|')
      expectObservable(never.pipe(splitEnvelope())).toBe('-')
      expectSubscriptions(empty.subscriptions).toBe('(^!)')
      expectSubscriptions(never.subscriptions).toBe('^')
    })
  })

  it('should allow early unsubscription and not break the unsubscription chain', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-a-|', values)
      const result = source.pipe(
        map((m) => m),
        splitEnvelope(),
        map((e) => e),
      )
      expectObservable(result, '^--!').toBe('-a-', envelopes)
      expectSubscriptions(source.subscriptions).toBe('^--!')
    })
  })

  it('should stop listening to a synchronous source when unsubscribed', () => {
    const sideEffects: number[] = []
    range(0, 1_000_000)
      .pipe(
        tap((i) => sideEffects.push(i)),
        map(() => [A, E, B]),
        splitEnvelope(),
        take(2),
      )
      .subscribe()
    expect(sideEffects).toEqual([0, 1])
  })
})
