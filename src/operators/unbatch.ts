import { InvalidFrameError } from '../errors/InvalidFrameError'
import { Observable, Subscriber, type OperatorFunction } from 'rxjs'
import { DecodeError } from '../errors/DecodeError'

/**
 * Unpacks the frames made by {@link batch}: emits every record of every frame, in order, as a
 * Buffer that views the received frame (no copy). A message may be one frame or an array of
 * frames (a received multipart message); each frame is unpacked in turn.
 *
 * A frame is checked whole before any of its records is emitted: a frame that is not a
 * sequence of 4-byte little-endian lengths each followed by that many bytes errors the stream
 * with a {@link DecodeError} (code `ERR_DECODE`, codec `'batch'`) and emits none of its records.
 *
 * ```
 * source:     ---B-----(D|)        B = a,b,c packed; D = d
 * unbatch():  ---(abc)-(d|)
 * ```
 *
 * ## Example
 * ```ts
 * fromPull({ bind: 'tcp://*:5557' }).pipe(unbatch(), map(decodeTick)).subscribe(handle)
 * ```
 * @see {@link batch}
 */
export function unbatch(): OperatorFunction<Uint8Array | readonly Uint8Array[], Buffer> {
  return (source) =>
    new Observable<Buffer>((subscriber) => {
      const unpack = (frame: Uint8Array, index: number): void => {
        const bytes = Buffer.isBuffer(frame)
          ? frame
          : Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength)
        const end = bytes.length
        const buffer = bytes.buffer
        const offset = bytes.byteOffset
        // Check the whole frame first: all of its records or none of them.
        let at = 0
        while (at < end) {
          if (end - at < 4) throw corrupt(bytes, index, `${end - at} stray bytes at offset ${at}`)
          const length = readLength(bytes, at)
          if (length > end - at - 4) {
            throw corrupt(bytes, index, `a record of ${length} bytes at offset ${at} overruns it`)
          }
          at += 4 + length
        }
        at = 0
        while (at < end && !subscriber.closed) {
          const length = readLength(bytes, at)
          at += 4
          // Buffer.from(arrayBuffer, ...) makes the view without subarray()'s species lookup:
          // ~30 ns instead of ~45 ns, a quarter of a record's budget at 8 M/s.
          subscriber.next(Buffer.from(buffer, offset + at, length))
          at += length
        }
      }

      const inner = new Subscriber<Uint8Array | readonly Uint8Array[]>({
        next: (message) => {
          try {
            if (message instanceof Uint8Array) unpack(message, 0)
            else if (Array.isArray(message)) {
              for (let i = 0; i < message.length && !subscriber.closed; i++) {
                const frame: unknown = message[i]
                if (!(frame instanceof Uint8Array)) {
                  throw new InvalidFrameError(`unbatch: frame ${i} is not a Uint8Array`, {
                    frameIndex: i,
                  })
                }
                unpack(frame, i)
              }
            } else {
              throw new InvalidFrameError(
                `unbatch: a message must be a Uint8Array or an array of them, got ${typeof message}`,
                {},
              )
            }
          } catch (error) {
            subscriber.error(error)
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      })
      // Chained to the destination: unsubscribing downstream stops even a synchronous source.
      subscriber.add(inner)
      source.subscribe(inner)
    })
}

function readLength(bytes: Buffer, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16)) + bytes[at + 3]! * 0x1000000
}

function corrupt(frame: Buffer, index: number, reason: string): DecodeError {
  return new DecodeError('batch', index, frame, `not a batch of length-prefixed records: ${reason}`)
}
