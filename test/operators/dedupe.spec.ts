import { map, mergeMap, Observable, of, range, take, tap } from 'rxjs'
import { InvalidOptionError } from '../../src/errors/InvalidOptionError'
import { dedupe } from '../../src/operators/dedupe'
import { testScheduler } from '../helpers/marbles'

const same = (x: string): string => x

describe('dedupe', () => {
  it('should let each key through once', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-a-c-b-a-|')
      expectObservable(source.pipe(dedupe(same))).toBe('-a-b---c-----|')
      expectSubscriptions(source.subscriptions).toBe('^------------!')
    })
  })

  it('should compare by the key, not the value', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const values = { a: { id: 1, n: 'a' }, b: { id: 2, n: 'b' }, c: { id: 1, n: 'c' } }
      const source = cold('-a-b-c-|', values)
      expectObservable(source.pipe(dedupe((v) => v.id))).toBe('-a-b---|', values)
    })
  })

  it('should forget the oldest key beyond maxKeys', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a-b-a-c-b-a-|')
      expectObservable(source.pipe(dedupe(same, { maxKeys: 2 }))).toBe('-a-b---c---a-|')
    })
  })

  it('should forget a key ttl after it was first seen, on the scheduler', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-a--a-b--b|')
      expectObservable(source.pipe(dedupe(same, { ttl: 5 }))).toBe('a----a-b---|')
    })
  })

  it('should raise the source error', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-a-#')
      expectObservable(source.pipe(dedupe(same))).toBe('-a---#')
      expectSubscriptions(source.subscriptions).toBe('^----!')
    })
  })

  it('should send an error thrown by the key selector down the error channel', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-|')
      const key = (x: string): string => {
        if (x === 'b') throw new Error('bad key')
        return x
      }
      expectObservable(source.pipe(dedupe(key))).toBe('-a-#', undefined, new Error('bad key'))
      expectSubscriptions(source.subscriptions).toBe('^--!')
    })
  })

  it('should handle empty and never', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('|').pipe(dedupe(same))).toBe('|')
      expectObservable(cold('-').pipe(dedupe(same))).toBe('-')
    })
  })

  it('should allow early unsubscription', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-a-c-|')
      expectObservable(source.pipe(dedupe(same)), '^---!').toBe('-a-b-')
      expectSubscriptions(source.subscriptions).toBe('^---!')
    })
  })

  it('should not break the unsubscription chain', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-a-c-|')
      const result = source.pipe(
        mergeMap((x) => of(x)),
        dedupe(same),
        mergeMap((x) => of(x)),
      )
      expectObservable(result, '^----!').toBe('-a-b--')
      expectSubscriptions(source.subscriptions).toBe('^----!')
    })
  })

  it('should stop listening to a synchronous source when unsubscribed', () => {
    const seen: number[] = []
    new Observable<number>((subscriber) => {
      for (let i = 0; !subscriber.closed && i < 100; i++) subscriber.next(i % 10)
    })
      .pipe(
        tap((x) => seen.push(x)),
        dedupe((x) => x),
        take(3),
      )
      .subscribe()
    expect(seen).toEqual([0, 1, 2])
  })

  it('should keep memory bounded by maxKeys over a long stream', () => {
    let out = 0
    range(0, 100_000)
      .pipe(
        map((i) => i % 1000),
        dedupe((x) => x, { maxKeys: 1000 }),
      )
      .subscribe(() => out++)
    expect(out).toBe(1000)
  })

  it.each([
    [{ maxKeys: 0 }, 'maxKeys'],
    [{ maxKeys: 1.5 }, 'maxKeys'],
    [{ ttl: 0 }, 'ttl'],
    [{ ttl: Number.NaN }, 'ttl'],
  ])('should refuse %j with an InvalidOptionError', (config, option) => {
    expect(() => dedupe(same, config)).toThrow(InvalidOptionError)
    expect(() => dedupe(same, config)).toThrow(new RegExp(option))
  })
})
