import { Observable, catchError, of, take } from 'rxjs'
import {
  DecodeError,
  EncodeError,
  decode,
  encode,
  framesCodec,
  json,
  jsonCodec,
  text,
  textCodec,
} from '../../src'
import { testScheduler } from '../helpers/marbles'

const b = (s: string): Buffer => Buffer.from(s)

describe('codecs', () => {
  it('should round-trip text and JSON through frames', () => {
    expect(textCodec().decode(textCodec().encode('héllo ✓'))).toBe('héllo ✓')
    const value = { n: 1, list: [true, null, 'x'] }
    expect(jsonCodec().decode(jsonCodec().encode(value))).toEqual(value)
    const frames = [b('a'), b('b')]
    expect(framesCodec().decode(frames)).toBe(frames)
  })

  it('should refuse invalid UTF-8 with a DecodeError naming the frame and keeping its bytes', () => {
    const bad = Buffer.from([0x68, 0xff, 0xfe])
    let error: unknown
    try {
      textCodec().decode([bad])
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(DecodeError)
    expect(error).toMatchObject({ codec: 'text', frameIndex: 0, code: 'ERR_DECODE', frame: bad })
    expect((error as Error).message).toMatch(/frame 0 \(3 bytes\): not valid UTF-8/)
  })

  it('should decode text as strictly on Buffers as on plain Uint8Arrays', () => {
    // Buffers decode through Buffer's own decoder; what it would turn into U+FFFD, or a byte
    // order mark TextDecoder drops, must come out as TextDecoder says
    const cases = [
      Buffer.from('a\uFFFDb'), // a valid U+FFFD stays
      Buffer.from([0xef, 0xbb, 0xbf, 0x41]), // a BOM is dropped
      Buffer.from('héllo ✓'),
    ]
    for (const bytes of cases) {
      const plain = new Uint8Array(bytes)
      expect(textCodec().decode([bytes])).toBe(textCodec().decode([plain as Buffer]))
    }
    expect(textCodec().decode([Buffer.from([0xef, 0xbb, 0xbf, 0x41])])).toBe('A')
    expect(() => textCodec().decode([Buffer.from([0x61, 0xc3])])).toThrow(DecodeError)
    expect(() => textCodec({ frame: 1 }).decode([b('t'), Buffer.from([0xff])])).toThrow(/frame 1/)
  })

  it('should refuse invalid JSON with the parser error as cause', () => {
    let error: unknown
    try {
      jsonCodec({ frame: 1 }).decode([b('topic'), b('{"a":')])
    } catch (e) {
      error = e
    }
    expect(error).toMatchObject({ name: 'DecodeError', codec: 'json', frameIndex: 1 })
    expect((error as Error).cause).toBeInstanceOf(SyntaxError)
  })

  it('should require one frame unless told which, counting negative indexes from the end', () => {
    expect(() => textCodec().decode([b('a'), b('b')])).toThrow(
      /expected a single-frame message, got 2 frames/,
    )
    expect(textCodec({ frame: -1 }).decode([b('a'), b('b')])).toBe('b')
    expect(textCodec({ frame: 0 }).decode([b('a'), b('b')])).toBe('a')
    expect(() => textCodec({ frame: 5 }).decode([b('a')])).toThrow(DecodeError)
  })

  it('should refuse to encode what JSON cannot represent', () => {
    expect(() => jsonCodec().encode(undefined)).toThrow(EncodeError)
  })
})

describe('codec operators', () => {
  it('should decode each message, and error on the first that does not decode', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c-|', { a: [b('{"n":1}')], b: [b('{')], c: [b('2')] })
      const decoded = source.pipe(
        json(),
        catchError((e: unknown) =>
          of(e instanceof DecodeError ? `DecodeError@${e.frameIndex}` : 'other'),
        ),
      )
      expectObservable(decoded).toBe('-a-(e|)', { a: { n: 1 }, e: 'DecodeError@0' })
      expectSubscriptions(source.subscriptions).toBe('^--!')
    })
  })

  it('should pass source errors, empty and never through text()', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold<Buffer[]>('-#').pipe(text())).toBe('-#')
      expectObservable(cold<Buffer[]>('|').pipe(text())).toBe('|')
      expectObservable(cold<Buffer[]>('-').pipe(text())).toBe('-')
    })
  })

  it('should stop listening to a synchronous source when unsubscribed', () => {
    let emitted = 0
    const source = new Observable<Buffer[]>((subscriber) => {
      for (let i = 0; i < 100 && !subscriber.closed; i++) {
        emitted++
        subscriber.next([b(String(i))])
      }
    })
    const got: string[] = []
    source.pipe(text(), take(3)).subscribe((v) => got.push(v))
    expect(got).toEqual(['0', '1', '2'])
    expect(emitted).toBe(3)
  })

  it('should encode values into messages', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-a-|', { a: { x: 1 } }).pipe(encode(jsonCodec()))).toBe('-a-|', {
        a: [b('{"x":1}')],
      })
      expectObservable(cold('-a-|', { a: [b('z')] }).pipe(decode(framesCodec()))).toBe('-a-|', {
        a: [b('z')],
      })
    })
  })
})
