import { describeValue } from '../../core/describeValue'
import { InvalidOptionError } from '../../errors/InvalidOptionError'
import { didYouMean } from '../../internal/suggest'
import { revealed } from '../../security/Secret'

const secret = /key|password|secret|username/i

/** The option names a native socket accepts: its prototype chain's setters. Cached per class. */
const settersByClass = new WeakMap<object, Set<string>>()

export function settableOptions(native: object): Set<string> {
  const proto = Object.getPrototypeOf(native) as object
  let names = settersByClass.get(proto)
  if (names === undefined) {
    names = new Set<string>()
    for (
      let o: object | null = proto;
      o !== null && o !== Object.prototype;
      o = Object.getPrototypeOf(o) as object | null
    ) {
      for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(o))) {
        if (typeof d.set === 'function') names.add(name)
      }
    }
    settersByClass.set(proto, names)
  }
  return names
}

/**
 * Sets options on a native socket one by one, after construction: zeromq.js's constructor
 * segfaults at exit on a bad option, assignment only throws. An unknown name is refused here
 * (assigning it would silently add a JS property); a bad value is refused by zeromq.js and
 * rethrown typed. Values of keys and passwords never appear in the message.
 */
export function applyOptions(
  native: object,
  options: Readonly<Record<string, unknown>>,
  socketType: string,
  ownOptions: readonly string[] = [],
): void {
  const names = settableOptions(native)
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined) continue
    if (!names.has(name)) {
      throw new InvalidOptionError(
        `${socketType}: unknown option '${name}'${didYouMean(name, [...ownOptions, ...names])}`,
        { option: name, socketType },
      )
    }
    try {
      ;(native as Record<string, unknown>)[name] = revealed(value)
    } catch (error) {
      const shown = secret.test(name) ? 'the value given' : `value ${describeValue(value)}`
      const reason = error instanceof Error ? error.message : String(error)
      throw new InvalidOptionError(`${socketType}: option '${name}' refused ${shown}: ${reason}`, {
        option: name,
        socketType,
        code: (error as { code?: string }).code ?? 'ERR_INVALID_OPTION',
        errno: (error as { errno?: number }).errno,
        cause: secret.test(name) ? undefined : error,
      })
    }
  }
}

/**
 * Reads an option of a native socket by its zeromq.js name. An unknown name, and a write-only
 * option (zeromq.js throws EINVAL reading ZMQ_ROUTER_MANDATORY), are an InvalidOptionError.
 */
export function readOption(native: object, name: string, socketType: string): unknown {
  if (typeof name !== 'string') {
    throw new InvalidOptionError(
      `${socketType}: an option name must be a string, got ${describeValue(name)}`,
      { option: String(describeValue(name)), socketType },
    )
  }
  const readable = readableOptions(native)
  if (!readable.has(name)) {
    throw new InvalidOptionError(
      `${socketType}: unknown option '${name}'${didYouMean(name, readable)}`,
      {
        option: name,
        socketType,
      },
    )
  }
  try {
    return (native as Record<string, unknown>)[name]
  } catch (error) {
    throw new InvalidOptionError(
      `${socketType}: option '${name}' cannot be read (libzmq has it write-only)`,
      {
        option: name,
        socketType,
        code: (error as { code?: string }).code ?? 'EINVAL',
        cause: error,
      },
    )
  }
}

const gettersByClass = new WeakMap<object, Set<string>>()

/** The option names a native socket can read: its prototype chain's getters. Cached per class. */
function readableOptions(native: object): Set<string> {
  const proto = Object.getPrototypeOf(native) as object
  let names = gettersByClass.get(proto)
  if (names === undefined) {
    names = new Set<string>()
    for (
      let o: object | null = proto;
      o !== null && o !== Object.prototype;
      o = Object.getPrototypeOf(o) as object | null
    ) {
      for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(o))) {
        if (typeof d.get === 'function') names.add(name)
      }
    }
    gettersByClass.set(proto, names)
  }
  return names
}
