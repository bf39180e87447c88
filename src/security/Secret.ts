import { InvalidArgumentError } from '../errors/InvalidArgumentError'
const REDACTED = '[redacted]'

/**
 * Each Secret's value, out of the object (nothing that walks it can find the value). A WeakMap
 * rather than a `#private` field, which browser builds for ES2020 would turn into helpers.
 */
const values = new WeakMap<Secret, string>()

/**
 * A secret option value (a CURVE secret key, a PLAIN password) that does not show itself:
 * `util.inspect`, `console.log`, `JSON.stringify`, `String()` and template strings all give
 * `[redacted]`, so a config holding one can be logged, and spreading it (`{ ...curveServer(keys) }`)
 * copies the Secret, not the string. The socket takes it as the option's value and hands the
 * real value to libzmq; `getOption()` of a secret option gives a Secret too.
 * `reveal()` gives the value, for the rare code that must store it.
 *
 * ## Example
 * ```ts
 * const config = { bind: 'tcp://*:5555', ...curveServer(keys) }
 * console.log(config)   // { bind: 'tcp://*:5555', curveServer: true, curveSecretKey: [redacted] }
 * new ReplySocket(config)  // a CURVE server with the real key
 * ```
 */
export class Secret {
  constructor(value: string) {
    if (typeof value !== 'string') {
      throw new InvalidArgumentError('Secret: the value must be a string', { argument: 'value' })
    }
    values.set(this, value)
  }

  /** The secret value itself. */
  reveal(): string {
    return values.get(this)!
  }

  toString(): string {
    return REDACTED
  }

  toJSON(): string {
    return REDACTED
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return REDACTED
  }
}

/** The options whose values are secrets, by their zeromq.js names. */
export const SECRET_OPTIONS: ReadonlySet<string> = new Set(['curveSecretKey', 'plainPassword'])

/**
 * An option's value as `getOption()` gives it: the value of a secret option as a Secret (the
 * transports that take secret options call this).
 */
export function shownOption(name: string, value: unknown): unknown {
  return typeof value === 'string' && SECRET_OPTIONS.has(name) ? new Secret(value) : value
}

/** An option's value as a transport uses it: a Secret's value revealed. */
export function revealed(value: unknown): unknown {
  return value instanceof Secret ? value.reveal() : value
}
