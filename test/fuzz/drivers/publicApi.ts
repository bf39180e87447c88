// Fuzz driver, run in a child process by test/fuzz/publicApi.spec.ts with
// `node --unhandled-rejections=strict` (a rejection nobody handles must show as this process's
// failure, not hide inside Jest):
//
//   node --unhandled-rejections=strict --import tsx test/fuzz/drivers/publicApi.ts <seed> <runs>
//
// Calls every runtime export of src/index.ts with bad arguments — undefined, null, numbers,
// strings, symbols, BigInts, functions, objects whose every property read throws, arrays of
// such — and, for classes, every method and getter of what the constructor made. What a call
// returns is followed one step: an Observable is subscribed, a Promise awaited, an operator
// applied to sources of bad values, a codec's methods called. Every error thrown, emitted or
// rejected must be a ZmqError: a bad argument is a typed error, never a TypeError. The
// exception: an error thrown by the caller's own code, a callback the fuzzer passed
// (`CallbackError`) or a getter of an object it passed (`GetterTrap`), may come back as it is,
// thrown or emitted (rxzmq may also wrap it in a ZmqError), but never as an uncaught exception.
//
// Not fuzzed: the error classes' constructors (what rxzmq hands out, made by rxzmq), members
// TypeScript marks private or protected (not API, see PRIVATE), and a transport's `open` (the
// seam the socket core calls with the spec it built).
//
// No traffic leaves this machine: endpoints are loopback, ipc or inproc, and nothing is sent
// to a port this driver does not hold.
import { inspect } from 'node:util'
import fc from 'fast-check'
import { EMPTY, isObservable, Observable, of, throwError, type Subscription } from 'rxjs'
import * as rxzmq from '../../../src'
import { openSocketCount } from '../../../src/testing'

const seed = Number(process.argv[2] ?? 42)
const runs = Number(process.argv[3] ?? 20)

/** Thrown by the callbacks the fuzzer passes: the caller's own error may come back as is. */
class CallbackError extends Error {}
/** Thrown by property getters of hostile objects: must never escape untyped. */
class GetterTrap extends Error {}

const violations = new Map<string, string>()
const fired: string[] = []
process.on('uncaughtException', (error) => fired.push(`uncaught: ${describe(error)}`))
process.on('unhandledRejection', (error) => fired.push(`unhandled rejection: ${describe(error)}`))
process.on('warning', () => undefined) // RxZmqWarnings are expected: bad input is reported

const stats = { calls: 0, typed: 0, callbackErrors: 0, fine: 0 }

function describe(value: unknown): string {
  try {
    if (value instanceof Error) return `${value.constructor.name}: ${value.message}`
    return inspect(value, { depth: 2, breakLength: Infinity, maxStringLength: 80 })
  } catch {
    return '(cannot be shown)'
  }
}

/** Records what an error says about the call that gave it. */
function check(what: string, error: unknown): void {
  if (error instanceof rxzmq.ZmqError && typeof error.code === 'string') {
    stats.typed++
    return
  }
  if (error instanceof CallbackError) {
    stats.callbackErrors++
    return
  }
  if (error instanceof GetterTrap) {
    stats.callbackErrors++
    return
  }
  // one line per kind of failure of a function, so the report stays short
  const key = `${what.split('(')[0]}: ${error instanceof Error ? error.constructor.name : typeof error}`
  if (!violations.has(key)) violations.set(key, `${what}: ${describe(error)}`)
}

/** An object every property read of which throws (as a config, a message, a socket...). */
function hostile(): object {
  const trap = (): never => {
    throw new GetterTrap('property read')
  }
  return new Proxy(
    {},
    { get: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap, set: trap },
  )
}

/** An object with throwing getters for the names options often have. */
function throwingGetters(): object {
  const object = {}
  for (const name of [
    'limit',
    'overflow',
    'timeout',
    'connect',
    'bind',
    'concurrency',
    'onError',
    'events',
    'next',
    'frame',
    'type',
    'id',
    'count',
    'interval',
    'secretKey',
    'publicKey',
    'serverKey',
    'username',
    'password',
    'open',
  ]) {
    Object.defineProperty(object, name, {
      enumerable: true,
      get: () => {
        throw new GetterTrap(name)
      },
    })
  }
  return object
}

/** Makers of bad values: made inside each run (fast-check must not inspect a hostile Proxy). */
const MAKERS: readonly (() => unknown)[] = [
  () => undefined,
  () => null,
  () => 0,
  () => -1,
  () => 1.5,
  () => NaN,
  () => Infinity,
  () => 2 ** 53,
  () => 10n,
  () => true,
  () => Symbol('fuzz'),
  () => '',
  () => 'x',
  () => 'tcp://nope:xx',
  () => 'inproc://fuzz',
  () => ({}),
  () => [],
  () => [1, {}],
  () => [[]],
  () => Object.create(null) as object,
  () => Buffer.from('x'),
  () => new Uint8Array([0xff]),
  () => new ArrayBuffer(2),
  () => hostile(),
  () => [hostile()],
  () => throwingGetters(),
  () => () => undefined,
  () => () => {
    throw new CallbackError('callback')
  },
  () => () => 42,
  () => new Promise(() => undefined), // never settles
  () => of('x'),
  () => EMPTY,
]

type Bad = { maker: number } | { any: unknown }

const badValue: fc.Arbitrary<Bad> = fc.oneof(
  { weight: 8, arbitrary: fc.nat(MAKERS.length - 1).map((maker) => ({ maker })) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }).map((any) => ({ any })) },
)

const badArgs = (arity: number): fc.Arbitrary<Bad[]> =>
  fc.array(badValue, { maxLength: Math.max(arity + 1, 3) })

/** The values the tags stand for, made now. */
function make(tags: readonly Bad[]): unknown[] {
  return tags.map((tag) => ('maker' in tag ? MAKERS[tag.maker]!() : tag.any))
}

/** Waits one turn of the event loop and a little (lets sockets and timers act). */
const tick = (ms = 2): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

const open = new Set<{ close(): void }>()
const subscriptions = new Set<Subscription>()

/** Calls `call`, and follows what it returns one step. */
async function exercise(what: string, call: () => unknown, depth = 0): Promise<void> {
  stats.calls++
  let result: unknown
  try {
    result = call()
  } catch (error) {
    check(`${what} (throw)`, error)
    return
  }
  stats.fine++
  await follow(what, result, depth)
}

async function follow(what: string, result: unknown, depth: number): Promise<void> {
  try {
    await followUnsafe(what, result, depth)
  } catch (error) {
    // the fuzzer's own inspection of a hostile value handed back (an identity function...)
    if (!(error instanceof GetterTrap)) throw error
  }
}

async function followUnsafe(what: string, result: unknown, depth: number): Promise<void> {
  if (result instanceof Error) return
  if (isObservable(result)) {
    let subscription: Subscription | undefined
    try {
      subscription = result.subscribe({
        error: (error: unknown) => check(`${what} (error)`, error),
      })
      subscriptions.add(subscription)
      await tick()
    } catch (error) {
      check(`${what} (subscribe)`, error)
    }
    try {
      subscription?.unsubscribe()
      if (subscription !== undefined) subscriptions.delete(subscription)
    } catch (error) {
      check(`${what} (unsubscribe)`, error)
    }
    return
  }
  if (result instanceof Promise) {
    await Promise.race([
      result.then(noop, (error: unknown) => check(`${what} (reject)`, error)),
      tick(20),
    ])
    return
  }
  if (depth > 0) return
  if (typeof result === 'function' && !isClass(result)) {
    // an operator: give it sources of bad values
    const fn = result as (source: Observable<unknown>) => unknown
    const sources = [
      EMPTY,
      of(
        undefined,
        null,
        5,
        'x',
        [Buffer.from([0xff])],
        [],
        [5],
        hostile(),
        Symbol('s'),
      ) as Observable<unknown>,
      of([Buffer.from('a'), Buffer.alloc(0), Buffer.from('b')], {
        type: 'ready',
        worker: 'w',
        credit: 'lots',
      }) as Observable<unknown>,
      throwError(() => new CallbackError('source')),
    ]
    for (const [i, source] of sources.entries()) {
      await exercise(`${what}(source ${i})`, () => fn(source), depth + 1)
    }
    return
  }
  if (typeof result === 'object' && result !== null) {
    if (typeof (result as { close?: unknown }).close === 'function') {
      open.add(result as { close(): void })
    }
    // follow rxzmq's own objects only (codecs, correlators...), not arrays, Maps, Subscriptions
    const proto = Object.getPrototypeOf(result) as object | null
    if (proto !== Object.prototype && proto !== null) return
    // a codec, a key pair, a correlator...: call its methods with bad arguments
    for (const name of methodNames(result)) {
      if (name === 'close' || name === 'open') continue // open: a transport's seam, see above
      const method = (result as Record<string, unknown>)[name] as (...args: unknown[]) => unknown
      const args = make(
        fc.sample(badArgs(method.length), { numRuns: 1, seed: seed + stats.calls })[0]!,
      )
      await exercise(
        `${what}.${name}(${args.map(describe).join(', ')})`,
        () => method.apply(result, args),
        depth + 1,
      )
    }
  }
}

function noop(): void {}

function isClass(value: unknown): boolean {
  return typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value))
}

/** Members TypeScript marks private or protected: present at run time, not API. */
const PRIVATE = new Set([
  'timedOut',
  'fail',
  'settle',
  'connectionEvent',
  'attempt',
  'stopAttempt',
  'reset',
  'attach',
  'bindOn',
  'openFailed',
  'reopenFailed',
])

/** The methods an object has, own and inherited, short of RxJS's Observable and Object. */
function methodNames(object: object): string[] {
  const names = new Set<string>()
  for (
    let proto: object | null = object;
    proto !== null && proto !== Object.prototype && proto !== Observable.prototype;
    proto = Object.getPrototypeOf(proto) as object | null
  ) {
    for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
      if (name === 'constructor' || name.startsWith('_') || PRIVATE.has(name)) continue
      if (typeof d.value === 'function') names.add(name)
    }
  }
  return [...names]
}

/** The getters an object has, own and inherited, short of RxJS's Observable and Object. */
function getterNames(object: object): string[] {
  const names = new Set<string>()
  for (
    let proto: object | null = Object.getPrototypeOf(object) as object | null;
    proto !== null && proto !== Object.prototype && proto !== Observable.prototype;
    proto = Object.getPrototypeOf(proto) as object | null
  ) {
    for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
      if (typeof d.get === 'function') names.add(name)
    }
  }
  return [...names]
}

async function fuzzFunction(name: string, fn: (...args: unknown[]) => unknown): Promise<void> {
  await fc.assert(
    fc.asyncProperty(badArgs(fn.length), async (tags) => {
      const args = make(tags)
      await exercise(`${name}(${args.map(describe).join(', ')})`, () => fn(...args))
      if (name === 'setDefaultTransport') rxzmq.setDefaultTransport(rxzmq.nativeTransport)
      await closeAll()
    }),
    { seed, numRuns: runs, endOnFailure: true },
  )
}

async function fuzzClass(name: string, Class: new (...args: unknown[]) => unknown): Promise<void> {
  await fc.assert(
    fc.asyncProperty(
      badArgs(Class.length),
      fc.boolean(),
      fc.array(fc.tuple(fc.nat(), badArgs(2)), { maxLength: 12 }),
      async (tags, plain, calls) => {
        // half the time a valid instance (no arguments), so that the methods get exercised
        const ctorArgs = plain ? [] : make(tags)
        let instance: unknown
        stats.calls++
        try {
          instance = new Class(...ctorArgs)
          stats.fine++
        } catch (error) {
          check(`new ${name}(${ctorArgs.map(describe).join(', ')}) (throw)`, error)
          return
        }
        if (typeof instance !== 'object' || instance === null) return
        if (typeof (instance as { close?: unknown }).close === 'function') {
          open.add(instance as { close(): void })
        }
        for (const getter of getterNames(instance)) {
          await exercise(`${name}.${getter}`, () => (instance as Record<string, unknown>)[getter])
        }
        const methods = methodNames(instance)
        for (const [pick, methodTags] of calls) {
          const methodArgs = make(methodTags)
          const method = methods[pick % Math.max(methods.length, 1)]
          if (method === undefined) break
          const fn = (instance as Record<string, unknown>)[method] as (...a: unknown[]) => unknown
          await exercise(`${name}.${method}(${methodArgs.map(describe).join(', ')})`, () =>
            fn.apply(instance, methodArgs),
          )
        }
        await closeAll()
      },
    ),
    { seed, numRuns: runs, endOnFailure: true },
  )
}

async function closeAll(): Promise<void> {
  for (const subscription of subscriptions) subscription.unsubscribe()
  subscriptions.clear()
  for (const socket of open) {
    try {
      socket.close()
    } catch (error) {
      check('close()', error)
    }
  }
  open.clear()
  await tick(0)
}

async function main(): Promise<void> {
  const only = process.argv[4]
  for (const [name, value] of Object.entries(rxzmq)) {
    if (only !== undefined && name !== only) continue
    if (typeof value === 'function') {
      if ((value as { prototype?: unknown }).prototype instanceof Error) continue
      try {
        if (isClass(value)) await fuzzClass(name, value as new (...args: unknown[]) => unknown)
        else await fuzzFunction(name, value as (...args: unknown[]) => unknown)
      } catch (error) {
        violations.set(
          `${name}: driver`,
          `${name}: ${error instanceof Error ? error.message : String(error)}`,
        )
      }
    } else if (typeof value === 'object' && value !== null && !Buffer.isBuffer(value)) {
      for (const method of methodNames(value)) {
        if (method === 'open') continue // a transport's seam, see above
        const fn = (value as unknown as Record<string, unknown>)[method] as (
          ...args: unknown[]
        ) => unknown
        await fuzzFunction(`${name}.${method}`, (...args) => fn.apply(value, args))
      }
    }
  }
}

const started = performance.now()
main()
  .catch((error: unknown) =>
    fired.push(`driver failed: ${error instanceof Error ? error.stack : String(error)}`),
  )
  .finally(async () => {
    await closeAll()
    const left = openSocketCount()
    if (left !== 0) fired.push(`${left} socket(s) still open`)
    console.log(
      JSON.stringify({
        ...stats,
        violations: violations.size,
        seed,
        runs,
        ms: Math.round(performance.now() - started),
      }),
    )
    for (const line of [...violations.values(), ...fired]) console.error(line)
    if (violations.size > 0 || fired.length > 0) process.exitCode = 1
    // no process.exit(): the process must end on its own. If it does not, say what holds it.
    setTimeout(() => {
      const handles = (process as unknown as { _getActiveHandles(): object[] })._getActiveHandles()
      console.error(`still running: ${handles.map((h) => h.constructor.name).join(', ')}`)
    }, 5000).unref()
  })
