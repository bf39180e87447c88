import { isObservable } from 'rxjs'
import { describeValue } from '../core/describeValue'
import { InvalidArgumentError } from '../errors/InvalidArgumentError'
import { InvalidFrameError } from '../errors/InvalidFrameError'
import type { Message } from '../message'

// Checks of the arguments of public functions: a bad argument is a programming error, thrown
// at once as an InvalidArgumentError naming the function and the argument (never a TypeError
// from deep inside, never a raw error from a getter of the argument).

/** An InvalidArgumentError: `where`'s `argument` must be `expected`, and was `value`. */
export function badArgument(
  where: string,
  argument: string,
  expected: string,
  value: unknown,
  cause?: unknown,
): InvalidArgumentError {
  return new InvalidArgumentError(
    `${where}: '${argument}' must be ${expected}, got ${describeValue(value)}`,
    { argument, cause },
  )
}

/** A function argument, or an InvalidArgumentError. */
export function requireFunction<F>(value: unknown, where: string, argument: string): F {
  if (typeof value !== 'function') throw badArgument(where, argument, 'a function', value)
  return value as F
}

/** An Observable argument (RxJS's, or anything with a subscribe method), or an InvalidArgumentError. */
export function requireObservable(value: unknown, where: string, argument: string): void {
  let observable: boolean
  try {
    observable = isObservable(value)
  } catch (error) {
    throw badArgument(where, argument, 'an Observable', value, error)
  }
  if (!observable) throw badArgument(where, argument, 'an Observable', value)
}

/**
 * An options argument read once, property by property: `undefined` is `{}`; anything but an
 * object, and a property whose getter throws, is an InvalidArgumentError. Only `names` are
 * read; the result has those that are defined.
 */
export function readOptions<K extends string>(
  value: unknown,
  where: string,
  names: readonly K[],
  argument = 'config',
): Partial<Record<K, unknown>> {
  if (value === undefined) return {}
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badArgument(where, argument, 'an object of options', value)
  }
  const read: Partial<Record<K, unknown>> = {}
  for (const name of names) {
    let option: unknown
    try {
      option = (value as Record<string, unknown>)[name]
    } catch (error) {
      throw new InvalidArgumentError(`${where}: '${argument}.${name}' cannot be read`, {
        argument: `${argument}.${name}`,
        cause: error,
      })
    }
    if (option !== undefined) read[name] = option
  }
  return read
}

/**
 * The elements of an iterable argument (an array, a Set...), read once; anything else, and an
 * iterable that throws, is an InvalidArgumentError.
 */
export function readIterable(value: unknown, where: string, argument: string): unknown[] {
  if (typeof value === 'string' || value === null || typeof value !== 'object') {
    throw badArgument(where, argument, 'an array', value)
  }
  try {
    return [...(value as Iterable<unknown>)]
  } catch (error) {
    throw badArgument(where, argument, 'an array', value, error)
  }
}

/**
 * A received message as the operators take it: an array of byte frames. Anything else is an
 * InvalidFrameError (the stream carries something that is not a ZeroMQ message).
 */
export function requireMessage(value: unknown, where: string): Message {
  if (Array.isArray(value) && value.every((frame) => frame instanceof Uint8Array)) {
    return value as Message
  }
  throw new InvalidFrameError(
    `${where}: not a message (an array of Buffers): ${describeValue(value)}`,
    {},
  )
}

/**
 * A config argument as a plain copy, each own property read once: `undefined` is `{}`;
 * anything but an object, and a property whose getter throws, is an InvalidArgumentError.
 */
export function plainOptions<C extends object>(
  value: C | undefined,
  where: string,
  argument = 'config',
): C {
  if (value === undefined) return {} as C
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badArgument(where, argument, 'an object of options', value)
  }
  let keys: string[]
  try {
    keys = Object.keys(value)
  } catch (error) {
    throw badArgument(where, argument, 'an object of options', value, error)
  }
  return readOptions(value, where, keys, argument) as C
}
