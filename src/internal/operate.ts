import { Subscriber } from 'rxjs'

/** What an operator does with each notification of its source. Omitted: pass it on. */
export interface OperateHandlers<T> {
  next?: (value: T) => void
  error?: (error: unknown) => void
  complete?: () => void
}

/**
 * A subscriber to an operator's source that is chained to the operator's own subscriber: when
 * the downstream unsubscribes, this one closes too, so a synchronous source (`range`, `from`)
 * stops at once instead of running to its end. A handler that throws sends the error
 * downstream. The small, public-API stand-in for RxJS's internal `OperatorSubscriber`.
 */
export function operate<T>(
  destination: Subscriber<unknown>,
  handlers: OperateHandlers<T>,
): Subscriber<T> {
  return new OperatorSubscriber(destination, handlers)
}

class OperatorSubscriber<T> extends Subscriber<T> {
  constructor(
    private readonly downstream: Subscriber<unknown>,
    private readonly handlers: OperateHandlers<T>,
  ) {
    super(downstream)
  }

  protected override _next(value: T): void {
    const next = this.handlers.next
    if (next === undefined) {
      this.downstream.next(value)
      return
    }
    try {
      next(value)
    } catch (error) {
      this.downstream.error(error)
    }
  }

  protected override _error(error: unknown): void {
    try {
      const handle = this.handlers.error
      if (handle === undefined) this.downstream.error(error)
      else handle(error)
    } catch (thrown) {
      this.downstream.error(thrown)
    } finally {
      this.unsubscribe()
    }
  }

  protected override _complete(): void {
    try {
      const handle = this.handlers.complete
      if (handle === undefined) this.downstream.complete()
      else handle()
    } catch (thrown) {
      this.downstream.error(thrown)
    } finally {
      this.unsubscribe()
    }
  }
}
