import { InvalidEndpointError } from '../errors/InvalidEndpointError'
import { InvalidKeyError } from '../errors/InvalidKeyError'
import { InvalidOptionError } from '../errors/InvalidOptionError'
import { ZmqError } from '../errors/ZmqError'

/**
 * The exit codes of the rxzmq command, for scripts:
 *
 * - 0: done as asked (`--count` reached, input sent, the demo passed...);
 * - 1: a runtime failure: a socket error (an address in use...), a `--timeout` that expired,
 *   a peer that refused the handshake, bad input data, a failed demo;
 * - 2: a usage error: an unknown command or option, a bad option value, a malformed endpoint,
 *   a bad CURVE key;
 * - 128 + n: stopped by signal n (130 for SIGINT, Ctrl-C; 143 for SIGTERM), after closing the
 *   sockets cleanly.
 */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const

/** A mistake in the command line: reported as one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** A failure while running: reported as one line, exit code 1. */
export class RunError extends Error {
  override readonly name = 'RunError'
}

/** What an error means for the exit code. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage
  if (error instanceof InvalidOptionError || error instanceof InvalidKeyError) return EXIT.usage
  if (error instanceof InvalidEndpointError) {
    // a malformed endpoint is a usage error; an address in use or unavailable is a runtime one
    return ['EINVAL', 'EPROTONOSUPPORT', 'ENOCOMPATPROTO', 'ENAMETOOLONG'].includes(error.code)
      ? EXIT.usage
      : EXIT.failure
  }
  return EXIT.failure
}

/** The one line an error is reported as: its message, never a stack trace. */
export function describeError(error: unknown): string {
  if (error instanceof ZmqError || error instanceof UsageError || error instanceof RunError) {
    return error.message
  }
  if (error instanceof Error) return error.message
  return String(error)
}
