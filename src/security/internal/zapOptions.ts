import { readOptions } from '../../internal/args'
import { InvalidOptionError } from '../../errors/InvalidOptionError'

/** The ZAP options of a security helper. */
export interface ZapDomainOptions {
  /**
   * ZMQ_ZAP_DOMAIN: the domain this server gives the ZAP handler with each request, e.g.
   * `'global'`. Setting it also turns on `zapEnforceDomain` unless you say otherwise.
   */
  zapDomain?: string
  /**
   * ZMQ_ZAP_ENFORCE_DOMAIN: with a `zapDomain`, refuse every peer while no ZAP handler is
   * bound in the process, instead of libzmq's default of letting CURVE and NULL peers in.
   * Default: `true` when `zapDomain` is given (fail closed), libzmq's `false` otherwise.
   */
  zapEnforceDomain?: boolean
}

/** Checks ZAP options and returns them as zeromq.js socket options. */
export function zapOptions(
  options: ZapDomainOptions | undefined,
  helper: string,
): { zapDomain?: string; zapEnforceDomain?: boolean } {
  const read = readOptions(options, helper, ['zapDomain', 'zapEnforceDomain'], 'options')
  const domain = read.zapDomain
  const enforce = read.zapEnforceDomain
  if (domain === undefined) {
    if (enforce !== undefined && typeof enforce !== 'boolean') {
      throw new InvalidOptionError(`${helper}: option 'zapEnforceDomain' must be a boolean`, {
        option: 'zapEnforceDomain',
        code: 'EINVAL',
      })
    }
    return enforce === undefined ? {} : { zapEnforceDomain: enforce }
  }
  if (typeof domain !== 'string' || domain.length === 0 || domain.length > 254) {
    throw new InvalidOptionError(
      `${helper}: option 'zapDomain' must be a non-empty string of at most 254 characters`,
      { option: 'zapDomain', code: 'EINVAL' },
    )
  }
  if (enforce !== undefined && typeof enforce !== 'boolean') {
    throw new InvalidOptionError(`${helper}: option 'zapEnforceDomain' must be a boolean`, {
      option: 'zapEnforceDomain',
      code: 'EINVAL',
    })
  }
  return { zapDomain: domain, zapEnforceDomain: (enforce as boolean | undefined) ?? true }
}
