import { map, Subject } from 'rxjs'
import { InvalidOptionError } from '../../src/errors/InvalidOptionError'
import type { Message } from '../../src/message'
import { lastValueCache } from '../../src/operators/lastValueCache'
import { msg, testScheduler } from '../helpers/marbles'

const sub = (topic: string): Message => [Buffer.concat([Buffer.from([1]), Buffer.from(topic)])]
const unsub = (topic: string): Message => [Buffer.concat([Buffer.from([0]), Buffer.from(topic)])]
const text = map((m: Message) => m.map(String).join('|'))
const updates = {
  a: msg('A', '1'),
  b: msg('B', '1'),
  c: msg('A', '2'),
  d: msg('AB', '1'),
}

describe('lastValueCache', () => {
  it("should pass updates on and send a new subscription's topic's last value", () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('-a--b--c---------|', updates)
      const subs = hot('   ---------s---t--', { s: sub('A'), t: sub('B') })
      expectObservable(source.pipe(lastValueCache(subs), text)).toBe('-a--b--c-c---b---|', {
        a: 'A|1',
        b: 'B|1',
        c: 'A|2',
      })
      expectSubscriptions(subs.subscriptions).toBe('^----------------!')
      expectSubscriptions(source.subscriptions).toBe('^----------------!')
    })
  })

  it('should send every cached topic the subscription prefix matches, and all for ""', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('-a-d-b-------', updates)
      const subs = hot('  -------s---e-', { s: sub('A'), e: sub('') })
      expectObservable(source.pipe(lastValueCache(subs), text)).toBe('-a-d-b-(ad)(adb)', {
        a: 'A|1',
        b: 'B|1',
        d: 'AB|1',
      })
    })
  })

  it('should ignore unsubscriptions and topics with no value yet', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('-a-------', updates)
      const subs = hot('  ---x-s---', { x: unsub('A'), s: sub('B') })
      expectObservable(source.pipe(lastValueCache(subs), text)).toBe('-a-------', { a: 'A|1' })
    })
  })

  it('should key the cache with topicOf, for single-frame messages', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('-a-b-c-----', {
        a: msg('10001 70 20'),
        b: msg('20002 80 30'),
        c: msg('10001 71 21'),
      })
      const subs = hot('  -------s---', { s: sub('10001 ') })
      const cached = source.pipe(
        lastValueCache(subs, { topicOf: (m) => m[0]!.toString().split(' ')[0]! }),
        text,
      )
      expectObservable(cached).toBe('-a-b-c-c---', {
        a: '10001 70 20',
        b: '20002 80 30',
        c: '10001 71 21',
      })
    })
  })

  it('should forget the least recently published topic beyond limit', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('-a-b-c-----', updates)
      const subs = hot('  -------e---', { e: sub('') })
      expectObservable(source.pipe(lastValueCache(subs, { limit: 1 }), text)).toBe('-a-b-c-c---', {
        a: 'A|1',
        b: 'B|1',
        c: 'A|2',
      })
    })
  })

  it('should error with the source error, and with the subscriptions error', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const error = new Error('boom')
      expectObservable(hot('-a-#', updates, error).pipe(lastValueCache(hot('-'))), '').toBe(
        '-a-#',
        { a: updates.a },
        error,
      )
      expectObservable(
        hot('-a----', updates).pipe(lastValueCache(hot('---#', undefined, error))),
      ).toBe('-a-#', { a: updates.a }, error)
    })
  })

  it('should complete on empty, stay silent on never, and keep going when subscriptions complete', () => {
    testScheduler().run(({ cold, hot, expectObservable }) => {
      expectObservable(cold<Message>('|').pipe(lastValueCache(cold('-')))).toBe('|')
      expectObservable(cold<Message>('-').pipe(lastValueCache(cold('-')))).toBe('-')
      expectObservable(hot('---a|', updates).pipe(lastValueCache(cold('-|')))).toBe('---a|', {
        a: updates.a,
      })
    })
  })

  it('should unsubscribe from both on early unsubscribe, and not break the unsubscription chain', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('-a-b-c-', updates)
      const subs = hot<Message>('  -------')
      const result = source.pipe(
        map((x) => x),
        lastValueCache(subs),
        map((x) => x),
      )
      expectObservable(result, '^--!').toBe('-a-', { a: updates.a })
      expectSubscriptions(source.subscriptions).toBe('^--!')
      expectSubscriptions(subs.subscriptions).toBe('^--!')
    })
  })

  it('should error when topicOf throws', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const error = new Error('bad topic')
      const result = hot('-a-', updates).pipe(
        lastValueCache(hot('-'), {
          topicOf: () => {
            throw error
          },
        }),
      )
      expectObservable(result).toBe('-#', undefined, error)
    })
  })

  it('should stop listening to a synchronous source when unsubscribed', () => {
    const source = new Subject<Message>()
    const subs = new Subject<Message>()
    const seen: string[] = []
    const subscription = source
      .pipe(lastValueCache(subs))
      .subscribe((m) => seen.push(m.map(String).join('|')))
    source.next(msg('A', '1'))
    subs.next(sub('A'))
    subscription.unsubscribe()
    expect(seen).toEqual(['A|1', 'A|1'])
    expect(source.observed).toBe(false)
    expect(subs.observed).toBe(false)
  })

  it('should refuse a bad limit', () => {
    expect(() => lastValueCache(new Subject(), { limit: 0 })).toThrow(InvalidOptionError)
  })
})
