import { InvalidOptionError } from '../errors/InvalidOptionError'
import type { OverflowPolicy } from '../events'

/** Checks and completes a queue configuration: a positive limit and a known overflow policy. */
export function checkQueueConfig(
  where: string,
  config: { queueLimit?: number; overflow?: OverflowPolicy },
  defaultLimit = 1000,
): { limit: number; overflow: OverflowPolicy } {
  const limit = config.queueLimit ?? defaultLimit
  if (!(limit === Infinity || (Number.isInteger(limit) && limit >= 0))) {
    throw new InvalidOptionError(
      `${where}: option 'queueLimit' must be a non-negative integer or Infinity, got ${String(limit)}`,
      { option: 'queueLimit' },
    )
  }
  const overflow = config.overflow ?? 'error'
  if (!['error', 'drop-newest', 'drop-oldest'].includes(overflow)) {
    throw new InvalidOptionError(
      `${where}: option 'overflow' must be 'error', 'drop-newest' or 'drop-oldest', got ${JSON.stringify(overflow)}`,
      { option: 'overflow' },
    )
  }
  return { limit, overflow }
}
