import { Subject } from 'rxjs'
import { InvalidOptionError } from '../../src/errors/InvalidOptionError'
import { SocketClosedError } from '../../src/errors/SocketClosedError'
import type { Message } from '../../src/message'
import { waitForSubscribers } from '../../src/operators/waitForSubscribers'
import { testScheduler } from '../helpers/marbles'

const sub = (topic: string): Message => [Buffer.concat([Buffer.from([1]), Buffer.from(topic)])]
const unsub = (topic: string): Message => [Buffer.concat([Buffer.from([0]), Buffer.from(topic)])]
const values = { a: sub('A'), b: sub('B'), x: unsub('A'), e: sub(''), m: [Buffer.from('hi')] }

describe('waitForSubscribers', () => {
  it('should emit the count and complete once count subscriptions came', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const subs = hot('--a--b--e--a--', values)
      expectObservable(waitForSubscribers(subs, { count: 3 })).toBe('--------(3|)', { 3: 3 })
      expectSubscriptions(subs.subscriptions).toBe('^-------!')
    })
  })

  it('should wait for one subscription by default', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      expectObservable(waitForSubscribers(hot('---e--', values))).toBe('---(1|)', { 1: 1 })
    })
  })

  it("should count only the given topic's subscriptions, and take one back on unsubscribe", () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const subs = hot('-a-b-x-a-b-a-', values)
      expectObservable(waitForSubscribers(subs, { count: 2, topic: 'A' })).toBe('-----------(2|)', {
        2: 2,
      })
    })
  })

  it('should ignore messages that are not (un)subscriptions', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const subs = hot('-m-a-', { ...values, m: [Buffer.from([7, 65])] })
      expectObservable(waitForSubscribers(subs)).toBe('---(1|)', { 1: 1 })
    })
  })

  it('should error with the source error', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const error = new Error('boom')
      expectObservable(waitForSubscribers(hot('-a-#', values, error), { count: 2 })).toBe(
        '---#',
        undefined,
        error,
      )
    })
  })

  it('should error with SocketClosedError when the socket closes first (empty)', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(waitForSubscribers(cold('|'))).toBe(
        '#',
        undefined,
        new SocketClosedError('XPublisherSocket', 'wait for 1 subscribers (0 came)'),
      )
    })
  })

  it('should never emit on a never source', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(waitForSubscribers(cold('-'))).toBe('-')
    })
  })

  it('should unsubscribe from the source on early unsubscribe', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const subs = hot('-a-a-a-', values)
      expectObservable(waitForSubscribers(subs, { count: 3 }), '^--!').toBe('---')
      expectSubscriptions(subs.subscriptions).toBe('^--!')
    })
  })

  it('should stop listening to a synchronous source when done', () => {
    const source = new Subject<Message>()
    const seen: number[] = []
    waitForSubscribers(source, { count: 1 }).subscribe((n) => seen.push(n))
    source.next(sub('A'))
    expect(seen).toEqual([1])
    expect(source.observed).toBe(false)
  })

  it('should refuse a bad count or topic', () => {
    expect(() => waitForSubscribers(new Subject(), { count: 0 })).toThrow(InvalidOptionError)
    expect(() => waitForSubscribers(new Subject(), { count: 1.5 })).toThrow(InvalidOptionError)
    expect(() => waitForSubscribers(new Subject(), { topic: 3 as never })).toThrow(
      InvalidOptionError,
    )
  })
})
