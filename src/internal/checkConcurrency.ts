import { InvalidArgumentError } from '../errors/InvalidArgumentError'
import { describeValue } from '../core/describeValue'

/** A `concurrency` option: a positive integer or `Infinity`, else an InvalidArgumentError. */
export function checkConcurrency(concurrency: unknown, where: string): number {
  if (
    concurrency === Infinity ||
    (typeof concurrency === 'number' && Number.isInteger(concurrency) && concurrency > 0)
  ) {
    return concurrency
  }
  throw new InvalidArgumentError(
    `${where}: 'concurrency' must be a positive integer or Infinity, got ${describeValue(concurrency)}`,
    { argument: 'concurrency' },
  )
}
