import { createHash, timingSafeEqual } from 'node:crypto'
import { InvalidOptionError } from '../errors/InvalidOptionError'
import type { ZapPolicy } from './ZapPolicy'
import { mismatch } from './internal/mismatch'
import { requireRequest } from './internal/requireRequest'

/**
 * A ZAP policy that lets in PLAIN clients whose user name and password match `users`
 * (`{ user: password }` or a Map), with the user name as user id, and refuses everyone else
 * (400), including peers not using PLAIN. Passwords are compared in constant time, and an
 * unknown user costs the same comparison as a known one.
 *
 * ## Example
 * ```ts
 * zapRequests().pipe(authorize(allowPlain({ admin: process.env.ADMIN_PASSWORD! }))).subscribe()
 * ```
 * @see {@link plainServer}
 * @see {@link authorize}
 */
export function allowPlain(
  users: Readonly<Record<string, string>> | ReadonlyMap<string, string>,
): ZapPolicy {
  const digests = new Map<string, Buffer>()
  let entries: [unknown, unknown][]
  try {
    entries =
      users instanceof Map
        ? [...(users as Map<unknown, unknown>).entries()]
        : Object.entries((users as object | undefined) ?? {})
  } catch (error) {
    throw new InvalidOptionError('allowPlain: the users cannot be read', {
      option: 'allowPlain',
      code: 'EINVAL',
      cause: error,
    })
  }
  if (typeof users !== 'object' && users !== undefined) {
    throw new InvalidOptionError('allowPlain: expected { user: password } or a Map of them', {
      option: 'allowPlain',
      code: 'EINVAL',
    })
  }
  for (const [user, password] of entries) {
    if (typeof user !== 'string' || typeof password !== 'string') {
      throw new InvalidOptionError('allowPlain: user names and passwords must be strings', {
        option: 'allowPlain',
        code: 'EINVAL',
      })
    }
    digests.set(user, digest(password))
  }
  const nobody = digest('')
  return (given) => {
    const request = requireRequest(given, 'allowPlain')
    if (request.mechanism !== 'PLAIN') return mismatch.refusal('PLAIN required')
    const username = request.username ?? ''
    const expected = digests.get(username)
    const same = timingSafeEqual(expected ?? nobody, digest(request.password ?? ''))
    return expected !== undefined && same
      ? { allow: true, userId: printable(username) ? username : '' }
      : { allow: false, statusText: 'Invalid user name or password' }
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

/** A user id libzmq takes: printable ASCII, at most 255 characters. */
function printable(text: string): boolean {
  return text.length <= 255 && /^[\x20-\x7e]*$/.test(text)
}
