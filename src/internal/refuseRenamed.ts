import { InvalidOptionError } from '../errors/InvalidOptionError'

/**
 * Throws an {@link InvalidOptionError} when a config still uses an option that was renamed
 * (TypeScript catches it in an object literal; a config built elsewhere, or plain JavaScript,
 * would otherwise have it silently ignored). `renamed` maps each old name to the new one.
 *
 * ## Example
 * ```ts
 * refuseRenamed('loadBalance', config, { queueLimit: 'queue.limit' })
 * // InvalidOptionError: loadBalance: option 'queueLimit' is now 'queue.limit'
 * ```
 */
export function refuseRenamed(
  owner: string,
  config: object | undefined,
  renamed: Readonly<Record<string, string>>,
): void {
  if (config === undefined || config === null) return
  for (const [old, now] of Object.entries(renamed)) {
    if (Object.prototype.hasOwnProperty.call(config, old)) {
      throw new InvalidOptionError(`${owner}: option '${old}' is now '${now}'`, { option: old })
    }
  }
}
