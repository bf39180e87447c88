import fc from 'fast-check'
import { map, mergeMap, Observable, of, range, Subject, take, tap } from 'rxjs'
import { DecodeError } from '../../src/errors/DecodeError'
import { EncodeError } from '../../src/errors/EncodeError'
import { InvalidOptionError } from '../../src/errors/InvalidOptionError'
import { batch } from '../../src/operators/batch'
import { unbatch } from '../../src/operators/unbatch'
import { testScheduler } from '../helpers/marbles'

/** A batch frame holding `records` as length-prefixed UTF-8. */
function packed(...records: string[]): Buffer {
  return Buffer.concat(
    records.flatMap((record) => {
      const bytes = Buffer.from(record, 'utf8')
      const prefix = Buffer.alloc(4)
      prefix.writeUInt32LE(bytes.length)
      return [prefix, bytes]
    }),
  )
}

const text = map((record: Buffer) => record.toString('utf8'))

describe('batch', () => {
  it('should pack the records that arrive within maxDelay into one frame', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c--------d-|')
      const expected = '   ------x---------(y|)'
      expectObservable(source.pipe(batch({ maxDelay: 5 }))).toBe(expected, {
        x: packed('a', 'b', 'c'),
        y: packed('d'),
      })
      expectSubscriptions(source.subscriptions).toBe('^---------------!')
    })
  })

  it('should emit a batch when the next record would not fit in maxBytes', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      // 'aa' takes 6 bytes: two fit in 12, the third starts a new batch.
      const source = cold('-a-b-c-|', { a: 'aa', b: 'bb', c: 'cc' })
      expectObservable(source.pipe(batch({ maxBytes: 12, maxDelay: 100 }))).toBe('---x---(y|)', {
        x: packed('aa', 'bb'),
        y: packed('cc'),
      })
    })
  })

  it('should emit a full batch at once when a record fills it exactly', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a-b---|', { a: 'aaaa', b: 'b' })
      expectObservable(source.pipe(batch({ maxBytes: 8, maxDelay: 100 }))).toBe('-x-----(y|)', {
        x: packed('aaaa'),
        y: packed('b'),
      })
    })
  })

  it('should send a record larger than maxBytes alone in its own frame', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a-b-c-|', { a: 'a', b: 'bbbbbbbbbbbb', c: 'c' })
      expectObservable(source.pipe(batch({ maxBytes: 8, maxDelay: 100 }))).toBe('---(xy)(z|)', {
        x: packed('a'),
        y: packed('bbbbbbbbbbbb'),
        z: packed('c'),
      })
    })
  })

  it('should flush on time with the scheduler it is given', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a 9ms b 9ms c 20ms |')
      expectObservable(source.pipe(batch({ maxDelay: 3 }))).toBe('3ms x 9ms y 9ms z 17ms |', {
        x: packed('a'),
        y: packed('b'),
        z: packed('c'),
      })
    })
  })

  it('should use the scheduler passed in its config', () => {
    const scheduler = testScheduler()
    const out: Buffer[] = []
    const source = new Subject<string>()
    source.pipe(batch({ maxDelay: 10, scheduler })).subscribe((frame) => out.push(frame))
    source.next('a')
    source.next('b')
    scheduler.flush()
    expect(out).toEqual([packed('a', 'b')])
  })

  it('should pack binary records and empty records', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const bytes = new Uint8Array([0, 255, 7])
      const source = cold('-a-b-|', { a: bytes, b: new Uint8Array(0) })
      const expected = Buffer.from([3, 0, 0, 0, 0, 255, 7, 0, 0, 0, 0])
      expectObservable(source.pipe(batch({ maxDelay: 10 }))).toBe('-----(x|)', { x: expected })
    })
  })

  it('should raise the source error and drop the unfinished batch', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-#')
      expectObservable(source.pipe(batch({ maxDelay: 10 }))).toBe('-----#')
      expectSubscriptions(source.subscriptions).toBe('^----!')
    })
  })

  it('should error when a record is neither bytes nor a string', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-|', { a: 'a', b: 42 as unknown as string })
      expectObservable(source.pipe(batch({ maxDelay: 10 }))).toBe(
        '---#',
        undefined,
        new EncodeError('batch', 'a record must be a string or a Uint8Array, got number'),
      )
      expectSubscriptions(source.subscriptions).toBe('^--!')
    })
  })

  it('should complete at once on an empty source', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('|')
      expectObservable(source.pipe(batch())).toBe('|')
      expectSubscriptions(source.subscriptions).toBe('(^!)')
    })
  })

  it('should never emit on a never source', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-')
      expectObservable(source.pipe(batch())).toBe('-')
      expectSubscriptions(source.subscriptions).toBe('^')
    })
  })

  it('should drop the unfinished batch and its timer on early unsubscribe', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c-|')
      expectObservable(source.pipe(batch({ maxDelay: 10 })), '^--!').toBe('---')
      expectSubscriptions(source.subscriptions).toBe('^--!')
    })
  })

  it('should not break the unsubscription chain when unsubscribed explicitly', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c-|')
      const result = source.pipe(
        mergeMap((x) => of(x)),
        batch({ maxDelay: 1 }),
        mergeMap((x) => of(x)),
      )
      expectObservable(result, '^--!').toBe('--x', { x: packed('a') })
      expectSubscriptions(source.subscriptions).toBe('^--!')
    })
  })

  it('should stop listening to a synchronous source when unsubscribed', () => {
    const sideEffects: number[] = []
    const synchronousSource = new Observable<string>((subscriber) => {
      for (let i = 0; !subscriber.closed && i < 10; i++) {
        sideEffects.push(i)
        subscriber.next('xx')
      }
    })
    // Each record takes 6 bytes: a batch of 12 is full after two records.
    synchronousSource.pipe(batch({ maxBytes: 12 }), take(2)).subscribe()
    expect(sideEffects).toEqual([0, 1, 2, 3])
  })

  it('should refuse invalid options', () => {
    expect(() => batch({ maxBytes: 4 })).toThrow(InvalidOptionError)
    expect(() => batch({ maxBytes: 1.5 })).toThrow(InvalidOptionError)
    expect(() => batch({ maxDelay: -1 })).toThrow(InvalidOptionError)
    expect(() => batch({ maxDelay: Infinity })).toThrow(InvalidOptionError)
  })
})

describe('unbatch', () => {
  it('should emit the records of each frame in order', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-x------y-|', { x: packed('a', 'b', 'c'), y: packed('d') })
      expectObservable(source.pipe(unbatch(), text)).toBe('-(abc)--d-|')
      expectSubscriptions(source.subscriptions).toBe('^---------!')
    })
  })

  it('should unpack every frame of a multipart message', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-m-----|', { m: [packed('a', 'b'), packed('c')] })
      expectObservable(source.pipe(unbatch(), text)).toBe('-(abc)-|')
    })
  })

  it('should accept a plain Uint8Array frame and an empty frame', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const plain = new Uint8Array(packed('a', 'b'))
      const source = cold('-x----y-|', { x: plain, y: Buffer.alloc(0) })
      expectObservable(source.pipe(unbatch(), text)).toBe('-(ab)---|')
    })
  })

  it('should raise a DecodeError for a frame that is not a batch, emitting none of it', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const bad = Buffer.concat([packed('a'), Buffer.from([9, 0, 0, 0, 1])])
      const source = cold('-x-y-|', { x: packed('ok'), y: bad })
      const error = new DecodeError(
        'batch',
        0,
        bad,
        'not a batch of length-prefixed records: a record of 9 bytes at offset 5 overruns it',
      )
      expectObservable(source.pipe(unbatch(), text)).toBe('-x-#', { x: 'ok' }, error)
      expectSubscriptions(source.subscriptions).toBe('^--!')
    })
  })

  it('should raise a DecodeError on stray bytes after the last record', () => {
    const errors: unknown[] = []
    of(Buffer.concat([packed('a'), Buffer.from([1, 2])]))
      .pipe(unbatch())
      .subscribe({ error: (error: unknown) => errors.push(error) })
    expect(errors).toHaveLength(1)
    expect(errors[0]).toBeInstanceOf(DecodeError)
    expect((errors[0] as DecodeError).code).toBe('ERR_DECODE')
  })

  it('should raise the source error', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-x-#', { x: packed('a') })
      expectObservable(source.pipe(unbatch(), text)).toBe('-a-#')
      expectSubscriptions(source.subscriptions).toBe('^--!')
    })
  })

  it('should complete on an empty source and stay silent on a never source', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold<Buffer>('|').pipe(unbatch())).toBe('|')
      expectObservable(cold<Buffer>('-').pipe(unbatch())).toBe('-')
    })
  })

  it('should stop emitting the records of a frame when unsubscribed early', () => {
    const seen: string[] = []
    of(packed('a', 'b', 'c', 'd'))
      .pipe(unbatch(), text, take(2))
      .subscribe((record) => seen.push(record))
    expect(seen).toEqual(['a', 'b'])
  })

  it('should not break the unsubscription chain when unsubscribed explicitly', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-x-y-|', { x: packed('a'), y: packed('b') })
      const result = source.pipe(
        mergeMap((x) => of(x)),
        unbatch(),
        mergeMap((x) => of(x)),
        text,
      )
      expectObservable(result, '^--!').toBe('-a-')
      expectSubscriptions(source.subscriptions).toBe('^--!')
    })
  })

  it('should stop listening to a synchronous source when unsubscribed', () => {
    const sideEffects: number[] = []
    const synchronousSource = new Observable<Buffer>((subscriber) => {
      for (let i = 0; !subscriber.closed && i < 10; i++) {
        sideEffects.push(i)
        subscriber.next(packed(String(i)))
      }
    })
    synchronousSource.pipe(unbatch(), take(3)).subscribe()
    expect(sideEffects).toEqual([0, 1, 2])
  })
})

describe('batch and unbatch', () => {
  it('should give back every record, boundaries and order kept (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 60 }),
        fc.integer({ min: 5, max: 80 }),
        (records, maxBytes) => {
          const out: Buffer[] = []
          let completed = false
          of(...records)
            .pipe(batch({ maxBytes }), unbatch())
            .subscribe({
              next: (r) => out.push(Buffer.from(r)),
              complete: () => (completed = true),
            })
          expect(completed).toBe(true)
          expect(out).toEqual(records.map((r) => Buffer.from(r)))
        },
      ),
    )
  })

  it('should never emit a frame larger than maxBytes unless one record is larger', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 20 }), { maxLength: 50 }),
        fc.integer({ min: 5, max: 64 }),
        (records, maxBytes) => {
          const frames: Buffer[] = []
          of(...records)
            .pipe(batch({ maxBytes }))
            .subscribe((frame) => frames.push(frame))
          for (const frame of frames) {
            const single = frame.readUInt32LE(0) + 4 === frame.length
            expect(frame.length <= maxBytes || single).toBe(true)
          }
        },
      ),
    )
  })

  it('should hand out frames that later records never overwrite', () => {
    const frames: Buffer[] = []
    range(0, 100)
      .pipe(
        map((i) => `record ${i}`),
        batch({ maxBytes: 64 }),
        tap((frame) => frames.push(frame)),
      )
      .subscribe()
    const records: string[] = []
    of(...frames)
      .pipe(unbatch(), text)
      .subscribe((r) => records.push(r))
    expect(records).toEqual(Array.from({ length: 100 }, (_, i) => `record ${i}`))
  })
})
