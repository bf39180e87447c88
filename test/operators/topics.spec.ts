import fc from 'fast-check'
import { from, map, of, range, Subject, take, tap } from 'rxjs'
import { topics } from '../../src/operators/topics'
import { InvalidOptionError } from '../../src/errors/InvalidOptionError'
import { msg, testScheduler } from '../helpers/marbles'

/** The naive reference: some topic is a byte prefix of the first frame. */
function naiveMatch(topicList: Uint8Array[], message: Uint8Array[]): boolean {
  const first = message[0] ?? new Uint8Array(0)
  return topicList.some((t) => t.length <= first.length && t.every((byte, i) => first[i] === byte))
}

describe('topics', () => {
  const values = {
    a: msg('10001 a'),
    b: msg('20002 b'),
    c: msg('10001 c', 'second frame'),
    d: msg('1 d'),
    e: msg(''),
  }

  it('should keep only messages whose first frame starts with a topic', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c-d-e-|', values)
      expectObservable(source.pipe(topics(['10001 ']))).toBe('-a---c-----|', values)
      expectSubscriptions(source.subscriptions).toBe('^----------!')
    })
  })

  it('should OR several topics', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a-b-c-d-e-|', values)
      expectObservable(source.pipe(topics(['2', '1 ']))).toBe('---b---d---|', values)
    })
  })

  it('should let everything through with the empty topic', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a-b-c-d-e-|', values)
      expectObservable(source.pipe(topics(['10001 ', '']))).toBe('-a-b-c-d-e-|', values)
    })
  })

  it('should let nothing through with no topic', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a-b-c-d-e-|', values)
      expectObservable(source.pipe(topics([]))).toBe('-----------|')
    })
  })

  it('should match only the first frame', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-c-|', { c: msg('x', '10001 ') })
      expectObservable(source.pipe(topics(['10001 ']))).toBe('---|')
    })
  })

  it('should match binary topics byte by byte', () => {
    const hit = [Buffer.from([0x00, 0xff, 0x10, 0x01])]
    const miss = [Buffer.from([0x00, 0xfe])]
    const result: Buffer[][] = []
    from([hit, miss])
      .pipe(topics([new Uint8Array([0x00, 0xff])]))
      .subscribe((m) => result.push(m))
    expect(result).toEqual([hit])
  })

  it('should compare text topics as UTF-8 bytes', () => {
    const result: Buffer[][] = []
    of(msg('é1'), [Buffer.from('é1', 'latin1')])
      .pipe(topics(['é']))
      .subscribe((m) => result.push(m))
    expect(result).toEqual([msg('é1')])
  })

  it('should treat a message with no frames as an empty first frame', () => {
    const seen: number[] = []
    of([] as Buffer[])
      .pipe(topics(['']))
      .subscribe(() => seen.push(1))
    of([] as Buffer[])
      .pipe(topics(['a']))
      .subscribe(() => seen.push(2))
    expect(seen).toEqual([1])
  })

  it('should refuse a topic that is not text or bytes', () => {
    expect(() => topics([42 as unknown as string])).toThrow(InvalidOptionError)
  })

  it('should raise the source error', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-#', values)
      expectObservable(source.pipe(topics(['2']))).toBe('---b-#', values)
      expectSubscriptions(source.subscriptions).toBe('^----!')
    })
  })

  it('should complete on an empty source', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<Buffer[]>('|')
      expectObservable(source.pipe(topics(['']))).toBe('|')
      expectSubscriptions(source.subscriptions).toBe('(^!)')
    })
  })

  it('should not complete on a never source', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<Buffer[]>('-')
      expectObservable(source.pipe(topics(['']))).toBe('-')
      expectSubscriptions(source.subscriptions).toBe('^')
    })
  })

  it('should allow early unsubscription', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c-d-|', values)
      expectObservable(source.pipe(topics(['1'])), '^-----!').toBe('-a---c', values)
      expectSubscriptions(source.subscriptions).toBe('^-----!')
    })
  })

  it('should not break the unsubscription chain', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c-d-|', values)
      const result = source.pipe(
        map((m) => m),
        topics(['1']),
        map((m) => m),
      )
      expectObservable(result, '^-----!').toBe('-a---c', values)
      expectSubscriptions(source.subscriptions).toBe('^-----!')
    })
  })

  it('should stop listening to a synchronous source when unsubscribed', () => {
    const sideEffects: number[] = []
    const synchronous = range(0, 1_000_000).pipe(
      tap((i) => sideEffects.push(i)),
      map((i) => msg(i % 2 === 0 ? `even ${i}` : `odd ${i}`)),
    )
    const seen: string[] = []
    synchronous.pipe(topics(['even']), take(3)).subscribe((m) => seen.push(m[0].toString()))
    expect(seen).toEqual(['even 0', 'even 2', 'even 4'])
    expect(sideEffects).toEqual([0, 1, 2, 3, 4])
  })

  it('should work with a Subject as source', () => {
    const subject = new Subject<Buffer[]>()
    const seen: Buffer[][] = []
    subject.pipe(topics(['x'])).subscribe((m) => seen.push(m))
    subject.next(msg('xy'))
    subject.next(msg('yx'))
    expect(seen).toEqual([msg('xy')])
  })

  describe('against a naive reference', () => {
    const bytes = fc.uint8Array({ maxLength: 6 }).map((a) => a.map((b) => b % 4)) // few symbols: many prefixes collide
    const message = fc.array(bytes, { minLength: 0, maxLength: 3 })

    it('should pass exactly the messages the reference passes', () => {
      fc.assert(
        fc.property(
          fc.array(bytes, { maxLength: 8 }),
          fc.array(message, { maxLength: 30 }),
          (topicList, messages) => {
            const buffers = messages.map((m) => m.map((f) => Buffer.from(f)))
            const passed: Buffer[][] = []
            from(buffers)
              .pipe(topics(topicList))
              .subscribe((m) => passed.push(m))
            expect(passed).toEqual(buffers.filter((m) => naiveMatch(topicList, m)))
          },
        ),
        { numRuns: 300 },
      )
    })
  })
})
