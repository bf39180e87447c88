import fc from 'fast-check'
import { from, map, mergeMap, of, range, Subject, take, tap } from 'rxjs'
import { fairQueue } from '../../src/operators/fairQueue'
import { testScheduler } from '../helpers/marbles'

/** The reference interleaving: one from each non-empty list in turn. */
function interleave<T>(lists: T[][]): T[] {
  const out: T[] = []
  const cursors = lists.map(() => 0)
  for (let left = lists.reduce((n, l) => n + l.length, 0); left > 0;) {
    for (let i = 0; i < lists.length; i++) {
      if (cursors[i] < lists[i].length) {
        out.push(lists[i][cursors[i]++])
        left--
      }
    }
  }
  return out
}

describe('fairQueue', () => {
  it('should deliver each message at once when nothing waits', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const a = hot('  --1-----2--3--|')
      const b = cold(' -x---y-----|')
      expectObservable(fairQueue(a, b)).toBe('-x1--y--2--3--|')
      expectSubscriptions(a.subscriptions).toBe('^-------------!')
      expectSubscriptions(b.subscriptions).toBe('^----------!')
    })
  })

  it('should interleave synchronous sources one message each in turn', () => {
    const seen: (number | string)[] = []
    fairQueue<number | string>(of(1, 2, 3), of('a', 'b'), of(10)).subscribe((v) => seen.push(v))
    expect(seen).toEqual([1, 'a', 10, 2, 'b', 3])
  })

  it('should not let a synchronous flood on one source starve another', () => {
    const seen: (number | string)[] = []
    fairQueue<number | string>(range(0, 100_000), of('x', 'y'))
      .pipe(take(5))
      .subscribe((v) => seen.push(v))
    expect(seen).toEqual([0, 'x', 1, 'y', 2])
  })

  it('should take turns between messages pushed while it delivers', () => {
    const a = new Subject<string>()
    const b = new Subject<string>()
    const seen: string[] = []
    fairQueue(a, b).subscribe((v) => {
      seen.push(v)
      if (v === 'go') {
        a.next('a1')
        a.next('a2')
        a.next('a3')
        b.next('b1')
        b.next('b2')
      }
    })
    a.next('go')
    // a's turn was used by 'go', so b goes first, then they alternate
    expect(seen).toEqual(['go', 'b1', 'a1', 'b2', 'a2', 'a3'])
  })

  it('should interleave like the reference for any synchronous sources', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer(), { maxLength: 20 }), { maxLength: 6 }),
        (lists) => {
          const tagged = lists.map((list, i) => list.map((v) => `${i}:${v}`))
          const seen: string[] = []
          let completed = false
          fairQueue(...tagged.map((list) => from(list))).subscribe({
            next: (v) => seen.push(v),
            complete: () => (completed = true),
          })
          expect(seen).toEqual(interleave(tagged))
          expect(completed).toBe(true)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('should complete when every source has completed', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const a = cold('-1-|')
      const b = cold('---x---|')
      expectObservable(fairQueue(a, b)).toBe('-1-x---|')
    })
  })

  it('should raise a source error at once and unsubscribe the others', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const a = cold('-1--#')
      const b = hot(' ---x---y--|')
      expectObservable(fairQueue(a, b)).toBe('-1-x#')
      expectSubscriptions(b.subscriptions).toBe('^---!')
    })
  })

  it('should complete at once with no sources or empty ones', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const a = cold('|')
      const b = cold('|')
      expectObservable(fairQueue()).toBe('|')
      expectObservable(fairQueue(a, b)).toBe('|')
      expectSubscriptions(a.subscriptions).toBe('(^!)')
    })
  })

  it('should not complete while a source never does', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const a = cold('-')
      const b = cold('-1|')
      expectObservable(fairQueue(a, b)).toBe('-1-')
      expectSubscriptions(a.subscriptions).toBe('^')
    })
  })

  it('should allow early unsubscription', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const a = cold('-1---2---3-|')
      const b = cold('---x---y---|')
      expectObservable(fairQueue(a, b), '^----!').toBe('-1-x-')
      expectSubscriptions(a.subscriptions).toBe('^----!')
      expectSubscriptions(b.subscriptions).toBe('^----!')
    })
  })

  it('should not break the unsubscription chain', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const a = cold('-1---2---3-|')
      const b = cold('---x---y---|')
      const result = fairQueue(a.pipe(map((v) => v)), b).pipe(map((v) => v))
      expectObservable(result, '^----!').toBe('-1-x-')
      expectSubscriptions(a.subscriptions).toBe('^----!')
      expectSubscriptions(b.subscriptions).toBe('^----!')
    })
  })

  it('should stop listening to a synchronous source when unsubscribed', () => {
    const trigger = new Subject<void>()
    const sideEffects: number[] = []
    const flood = trigger.pipe(
      mergeMap(() => range(0, 1_000_000).pipe(tap((i) => sideEffects.push(i)))),
    )
    const seen: number[] = []
    fairQueue(flood, new Subject<number>())
      .pipe(take(3))
      .subscribe((v) => seen.push(v))
    trigger.next()
    expect(seen).toEqual([0, 1, 2])
    expect(sideEffects).toEqual([0, 1, 2])
  })

  it('should stop delivering waiting messages when unsubscribed mid-drain', () => {
    const seen: (number | string)[] = []
    fairQueue<number | string>(of(1, 2, 3), of('a', 'b'))
      .pipe(take(3))
      .subscribe((v) => seen.push(v))
    expect(seen).toEqual([1, 'a', 2])
  })
})
