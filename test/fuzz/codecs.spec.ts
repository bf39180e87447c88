// Fuzzed frames for every codec and every decoding operator (seeded fast-check): each message
// decodes or gives a typed ZmqError (a DecodeError naming the frame); nothing else is thrown,
// nothing escapes as an uncaught exception or an unhandled rejection. Round trips keep values.
import fc from 'fast-check'
import { lastValueFrom, of, toArray } from 'rxjs'
import type { Codec } from '../../src/codecs/Codec'
import { framesCodec } from '../../src/codecs/framesCodec'
import { jsonCodec } from '../../src/codecs/jsonCodec'
import { textCodec } from '../../src/codecs/textCodec'
import { DecodeError } from '../../src/errors/DecodeError'
import { InvalidArgumentError } from '../../src/errors/InvalidArgumentError'
import { ZmqError } from '../../src/errors/ZmqError'
import { batch } from '../../src/operators/batch'
import { decode } from '../../src/operators/decode'
import { json } from '../../src/operators/json'
import { splitEnvelope } from '../../src/operators/splitEnvelope'
import { text } from '../../src/operators/text'
import { unbatch } from '../../src/operators/unbatch'
import type { Message } from '../../src/message'

const SEED = 20240611
const RUNS = 2000
let tried = 0

/** A frame: random bytes, UTF-8 text, JSON, broken UTF-8, or a (maybe truncated) batch. */
const frame: fc.Arbitrary<Buffer> = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
  fc.string({ unit: 'grapheme', maxLength: 32 }).map((s) => Buffer.from(s, 'utf8')),
  fc.jsonValue({ maxDepth: 3 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null', 'utf8')),
  fc.constantFrom(
    Buffer.from([0xff]),
    Buffer.from([0xc3]),
    Buffer.from([0xed, 0xa0, 0x80]), // a UTF-16 surrogate in UTF-8
    Buffer.from('{"a":'),
    Buffer.alloc(0),
  ),
  fc
    .tuple(fc.array(fc.uint8Array({ maxLength: 20 }), { maxLength: 5 }), fc.nat(30))
    .map(([records, cut]) => {
      const packed = Buffer.concat(
        records.map((r) => {
          const length = Buffer.alloc(4)
          length.writeUInt32LE(r.length)
          return Buffer.concat([length, Buffer.from(r)])
        }),
      )
      return packed.subarray(0, Math.max(0, packed.length - cut))
    }),
)
const message: fc.Arbitrary<Message> = fc.array(frame, { maxLength: 4 })
const frameOption = fc.oneof(
  fc.constant(undefined),
  fc.integer({ min: -6, max: 6 }),
  fc.constantFrom(0.5, NaN, Infinity, -Infinity, 2 ** 40),
)

/** Calls `f`; returns 'ok', or the error it threw, which must be a typed ZmqError. */
function typedOutcome(f: () => unknown): 'ok' | ZmqError {
  tried++
  try {
    f()
    return 'ok'
  } catch (error) {
    if (error instanceof ZmqError) return error
    throw new Error(`not a ZmqError: ${String(error)}`, { cause: error })
  }
}

/** Runs an operator over one message; resolves 'ok' or with the typed error it ended with. */
async function streamOutcome<T>(
  operator: (source: import('rxjs').Observable<Message>) => import('rxjs').Observable<T>,
  input: Message,
): Promise<'ok' | ZmqError> {
  tried++
  try {
    await lastValueFrom(operator(of(input)).pipe(toArray()))
    return 'ok'
  } catch (error) {
    if (error instanceof ZmqError) return error
    throw new Error(`not a ZmqError: ${String(error)}`, { cause: error })
  }
}

describe('fuzzed frames, every codec', () => {
  const fired: unknown[] = []
  const onFault = (error: unknown): void => {
    fired.push(error)
  }
  beforeAll(() => {
    process.on('uncaughtException', onFault)
    process.on('unhandledRejection', onFault)
  })
  afterAll(() => {
    process.off('uncaughtException', onFault)
    process.off('unhandledRejection', onFault)
    console.log(`codec fuzz: ${tried} inputs tried (seed ${SEED})`)
  })
  afterEach(() => expect(fired).toEqual([]))

  const codecs: [string, (frame: number | undefined) => Codec<unknown>][] = [
    ['frames', () => framesCodec()],
    ['text', (f) => textCodec({ frame: f })],
    ['json', (f) => jsonCodec({ frame: f })],
  ]

  it.each(codecs)(
    'should decode any message with the %s codec or refuse it with a DecodeError',
    (_, make) => {
      fc.assert(
        fc.property(message, frameOption, (input, f) => {
          // a frame option that is not an integer is refused when the codec is made
          const made = typedOutcome(() => make(f))
          if (made !== 'ok') {
            expect(f === undefined || Number.isInteger(f)).toBe(false)
            expect(made).toBeInstanceOf(InvalidArgumentError)
            return
          }
          const result = typedOutcome(() => make(f).decode(input))
          if (result !== 'ok') {
            expect(result).toBeInstanceOf(DecodeError)
            expect(result.code).toBe('ERR_DECODE')
          }
        }),
        { seed: SEED, numRuns: RUNS },
      )
    },
  )

  it('should give back what the text and json codecs encoded', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.jsonValue(), (s, v) => {
        tried += 2
        expect(textCodec().decode(textCodec().encode(s))).toBe(s)
        // JSON has one zero: -0 comes back as 0
        expect(jsonCodec().decode(jsonCodec().encode(v))).toEqual(JSON.parse(JSON.stringify(v)))
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it('should end text(), json() and decode() streams with a DecodeError, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(message, frameOption, async (input, f) => {
        if (!(f === undefined || Number.isInteger(f))) {
          // a frame option that is not an integer is refused when the operator is made
          expect(() => text({ frame: f })).toThrow(InvalidArgumentError)
          return
        }
        for (const operator of [
          text({ frame: f }),
          json({ frame: f }),
          decode(jsonCodec({ frame: f })),
        ]) {
          const result = await streamOutcome(operator, input)
          if (result !== 'ok') expect(result).toBeInstanceOf(DecodeError)
        }
      }),
      { seed: SEED, numRuns: RUNS / 2 },
    )
  })

  it('should unbatch any frames into records or a DecodeError, all of a frame or none', async () => {
    await fc.assert(
      fc.asyncProperty(message, async (input) => {
        const result = await streamOutcome(unbatch(), input)
        if (result !== 'ok') expect(result).toBeInstanceOf(DecodeError)
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it('should unbatch exactly the records batch() packed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 100 }), { maxLength: 50 }),
        fc.integer({ min: 5, max: 300 }),
        async (records, maxBytes) => {
          tried++
          const out = await lastValueFrom(
            of(...records).pipe(batch({ maxBytes, maxDelay: 0 }), unbatch(), toArray()),
          )
          expect(out.map((b) => [...b])).toEqual(records.map((r) => [...r]))
        },
      ),
      { seed: SEED, numRuns: RUNS / 4 },
    )
  })

  it('should split any message into an envelope or refuse it with a DecodeError', async () => {
    await fc.assert(
      fc.asyncProperty(message, fc.boolean(), async (input, delimiter) => {
        const result = await streamOutcome(splitEnvelope({ delimiter }), input)
        if (result !== 'ok') expect(result).toBeInstanceOf(DecodeError)
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })
})
