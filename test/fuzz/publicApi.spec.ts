// Fuzzed arguments to the whole public API (test/fuzz/drivers/publicApi.ts, in a child process
// of its own run with --unhandled-rejections=strict): every exported function, every class's
// constructor, methods and getters, and one step into what they return (Observables
// subscribed, Promises awaited, operators applied to sources of bad values, codecs' methods
// called) get seeded bad arguments. Each outcome must be success or a ZmqError, thrown,
// emitted or rejected (never a TypeError from deep inside); nothing uncaught, no rejection
// unhandled, no socket left open, and the process exits on its own.
import { join } from 'node:path'
import { RouterSocket, SubscriberSocket, textCodec, sendTo, topics } from '../../src'
import { InvalidArgumentError } from '../../src/errors/InvalidArgumentError'
import { ZmqError } from '../../src/errors/ZmqError'
import { killAll, ROOT, start, TSX } from '../examples/processes'
import { tracker } from '../helpers/cleanup'

const SEEDS = [42, 7]
const RUNS_PER_EXPORT = 12

describe('fuzzed arguments to every public function, constructor and method', () => {
  afterEach(killAll)

  it.each(SEEDS)(
    'should answer each call with success or a typed ZmqError, and exit cleanly (seed %i)',
    async (seed) => {
      const driver = start(`public API fuzz (seed ${seed})`, process.execPath, [
        '--unhandled-rejections=strict',
        '--import',
        TSX,
        join(ROOT, 'test', 'fuzz', 'drivers', 'publicApi.ts'),
        String(seed),
        String(RUNS_PER_EXPORT),
      ])
      const exit = await driver.waitForExit(90000)
      const summary = driver.stdout.split('\n').find((line) => line.startsWith('{"calls"'))
      // the driver's own report: one line per kind of violation, then what fired
      const report = driver.stderr
        .split('\n')
        .filter((line) => line !== '' && !/Warning|--trace-warnings/.test(line))
      expect({ exit, report }).toEqual({ exit: { code: 0, signal: null }, report: [] })
      expect(summary).toBeDefined()
      const stats = JSON.parse(summary!) as {
        calls: number
        typed: number
        fine: number
        violations: number
        ms: number
      }
      console.log(
        `public API fuzz seed ${seed}: ${stats.calls} calls, ${stats.fine} fine, ` +
          `${stats.typed} typed errors, ${stats.ms} ms`,
      )
      expect(stats.calls).toBeGreaterThan(2000)
      expect(stats.violations).toBe(0)
      expect(stats.typed).toBeGreaterThan(0)
      expect(stats.fine).toBeGreaterThan(0)
    },
    120000,
  )
})

// The cases the fuzzer first found, named.
describe('bad arguments give typed errors naming the argument', () => {
  const track = tracker()

  function thrown(call: () => unknown): unknown {
    try {
      call()
    } catch (error) {
      return error
    }
    return undefined
  }

  it('should refuse a topic that is not a string or bytes: sub.topic(5)', () => {
    const sub = track(new SubscriberSocket())
    const error = thrown(() => sub.topic(5 as unknown as string))
    expect(error).toBeInstanceOf(InvalidArgumentError)
    expect(error).toMatchObject({ argument: 'prefix' })
  })

  it('should give a ZmqError for an option the socket type does not have: getOption', () => {
    const router = track(new RouterSocket())
    expect(thrown(() => router.getOption('nope' as never))).toBeInstanceOf(ZmqError)
  })

  it('should refuse sendTo() of something without a send method', () => {
    const error = thrown(() => sendTo(undefined as never))
    expect(error).toBeInstanceOf(InvalidArgumentError)
    expect(error).toMatchObject({ argument: 'socket.send' })
  })

  it('should refuse a codec config that is not an object, and encode() of a non-string', () => {
    expect(thrown(() => textCodec(5 as never))).toBeInstanceOf(InvalidArgumentError)
    expect(thrown(() => textCodec().encode(undefined as never))).toBeInstanceOf(ZmqError)
  })

  it('should refuse topics() of something that is not a list', () => {
    expect(thrown(() => topics(undefined as never))).toBeInstanceOf(ZmqError)
  })
})
