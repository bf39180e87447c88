import { EncodeError } from '../errors/EncodeError'
import { readOptions } from '../internal/args'
import { describeValue } from '../core/describeValue'
import {
  asyncScheduler,
  Observable,
  Subscriber,
  type OperatorFunction,
  type SchedulerLike,
  type Subscription,
} from 'rxjs'
import { InvalidOptionError } from '../errors/InvalidOptionError'

/** Options of {@link batch}. */
export interface BatchConfig {
  /**
   * The largest batch frame, in bytes, prefixes included: a batch is sent once the next record
   * would not fit. A record too large for any batch travels alone in a frame of its own.
   * Default 65536.
   */
  maxBytes?: number
  /**
   * The longest a record waits in an unfinished batch, in milliseconds: the bound on the
   * latency batching adds. `0` sends at the next turn of the scheduler. Default 1.
   */
  maxDelay?: number
  /** Runs the `maxDelay` timer. Default `asyncScheduler`; pass a `TestScheduler` in tests. */
  scheduler?: SchedulerLike
}

const DEFAULT_MAX_BYTES = 65536
const DEFAULT_MAX_DELAY = 1
/** Records up to this size are copied byte by byte: cheaper than a native copy call. */
const SMALL_RECORD = 64

/**
 * Packs many small records into one frame, each record as a 4-byte little-endian length
 * followed by its bytes, so that one ZeroMQ message carries thousands of them. A batch is
 * emitted when the next record would make it larger than `maxBytes` or `maxDelay` ms after its
 * first record arrived, whichever comes first, and when the source completes. Records keep
 * their boundaries and their order; {@link unbatch} gives them back one by one.
 *
 * Each emitted frame is a fresh buffer that is never written again, so it is safe to send
 * (zeromq.js sends buffers over 128 bytes without copying). If the source errors, the
 * unfinished batch is discarded, like RxJS's `bufferTime`.
 *
 * ```
 * source:                     -a-b-c--------d-|
 * batch({ maxDelay: 5 }):     ------B------------(D|)     B = a,b,c packed; D = d
 * ```
 *
 * ## Example
 * ```ts
 * const push = new PushSocket({ connect: 'tcp://localhost:5557' })
 * ticks$.pipe(map(encodeTick), batch({ maxBytes: 32768, maxDelay: 2 })).subscribe(push)
 * // and on the other side:
 * fromPull({ bind: 'tcp://*:5557' }).pipe(unbatch(), map(decodeTick)).subscribe(handle)
 * ```
 * @see {@link unbatch}
 */
export function batch(config: BatchConfig = {}): OperatorFunction<Uint8Array | string, Buffer> {
  const options = readOptions(config, 'batch', ['maxBytes', 'maxDelay', 'scheduler'])
  const maxBytes = (options.maxBytes ?? DEFAULT_MAX_BYTES) as number
  const maxDelay = (options.maxDelay ?? DEFAULT_MAX_DELAY) as number
  const scheduler = (options.scheduler ?? asyncScheduler) as SchedulerLike
  if (!Number.isInteger(maxBytes) || maxBytes < 5) {
    throw new InvalidOptionError(
      `batch: option 'maxBytes' must be an integer >= 5, got ${describeValue(maxBytes)}`,
      { option: 'maxBytes' },
    )
  }
  if (typeof maxDelay !== 'number' || !Number.isFinite(maxDelay) || maxDelay < 0) {
    throw new InvalidOptionError(
      `batch: option 'maxDelay' must be a finite number >= 0 (ms), got ${describeValue(maxDelay)}`,
      { option: 'maxDelay' },
    )
  }

  return (source) =>
    new Observable<Buffer>((subscriber) => {
      let buffer: Buffer | undefined
      let used = 0
      let timer: Subscription | undefined

      const emit = (): void => {
        if (timer !== undefined) {
          timer.unsubscribe()
          timer = undefined
        }
        const out = buffer
        buffer = undefined
        if (out !== undefined && used > 0) {
          const frame = out.subarray(0, used)
          used = 0
          subscriber.next(frame)
        }
        used = 0
      }

      const start = (size: number): Buffer => {
        const fresh = Buffer.allocUnsafe(size > maxBytes ? size : maxBytes)
        buffer = fresh
        used = 0
        timer = scheduler.schedule(emit, maxDelay)
        return fresh
      }

      const next = (record: Uint8Array | string): void => {
        let length: number
        if (typeof record === 'string') length = Buffer.byteLength(record, 'utf8')
        else if (record instanceof Uint8Array) length = record.byteLength
        else
          throw new EncodeError(
            'batch',
            `a record must be a string or a Uint8Array, got ${typeof record}`,
          )
        const size = 4 + length
        let target = buffer
        if (target === undefined) target = start(size)
        else if (used + size > maxBytes) {
          emit()
          target = start(size)
        }
        let at = used
        target[at] = length & 0xff
        target[at + 1] = (length >>> 8) & 0xff
        target[at + 2] = (length >>> 16) & 0xff
        target[at + 3] = (length >>> 24) & 0xff
        at += 4
        if (typeof record === 'string') target.write(record, at, length, 'utf8')
        else if (length <= SMALL_RECORD) {
          for (let i = 0; i < length; i++) target[at + i] = record[i]!
        } else target.set(record, at)
        used = at + length
        if (used >= maxBytes) emit()
      }

      const inner = operate<Uint8Array | string>(subscriber, next, () => {
        emit()
        subscriber.complete()
      })
      subscriber.add(() => {
        timer?.unsubscribe()
        timer = undefined
        buffer = undefined
      })
      source.subscribe(inner)
    })
}

/**
 * The subscriber an operator gives its source: chained to `destination`, so unsubscribing
 * downstream stops even a synchronous source, and errors go straight down.
 */
function operate<T>(
  destination: Subscriber<unknown>,
  next: (value: T) => void,
  complete: () => void,
): Subscriber<T> {
  const inner = new Subscriber<T>({
    next: (value: T) => {
      try {
        next(value)
      } catch (error) {
        destination.error(error)
      }
    },
    error: (error: unknown) => destination.error(error),
    complete,
  })
  destination.add(inner)
  return inner
}
