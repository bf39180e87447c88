import { InvalidOptionError } from '../errors/InvalidOptionError'
import { describeValue } from './describeValue'

/**
 * A socket's config as a plain record, read once: `undefined` is `{}`; anything but a plain
 * object, and a property whose getter throws, is an {@link InvalidOptionError} (a programming
 * error, thrown from the constructor). Reading each property once also means a getter cannot
 * give one value to the check and another to the socket.
 */
export function readConfig(config: unknown, socketType: string): Record<string, unknown> {
  if (config === undefined) return {}
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new InvalidOptionError(
      `${socketType}: the config must be an object of options, got ${describeValue(config)}`,
      { option: 'config', socketType },
    )
  }
  const copy: Record<string, unknown> = {}
  let keys: string[]
  try {
    keys = Object.keys(config)
  } catch (error) {
    throw new InvalidOptionError(`${socketType}: the config's options cannot be listed`, {
      option: 'config',
      socketType,
      cause: error,
    })
  }
  for (const key of keys) copy[key] = readProperty(config, key, socketType, key)
  return copy
}

/**
 * One property of an option value given by the user (`sendQueue.limit`...): a getter that
 * throws is an {@link InvalidOptionError} naming the option.
 */
export function readProperty(
  object: object,
  key: string,
  socketType: string,
  option: string,
): unknown {
  try {
    return (object as Record<string, unknown>)[key]
  } catch (error) {
    throw new InvalidOptionError(`${socketType}: option '${option}' cannot be read`, {
      option,
      socketType,
      cause: error,
    })
  }
}
