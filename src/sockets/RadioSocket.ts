import type { Radio as NativeRadio } from 'zeromq/draft'
import { singleFrame, type NativeConfig } from '../core/behaviours'
import { SendPath } from '../core/SendPath'
import { SocketCore, type BaseSocketConfig } from '../core/SocketCore'
import { InvalidFrameError } from '../errors/InvalidFrameError'
import type { Frame } from '../message'
import { SenderSocket } from './SenderSocket'

/** Options of a {@link RadioSocket} socket (draft). */
export type RadioConfig = BaseSocketConfig & NativeConfig<NativeRadio>

/** A message for a group: what a {@link RadioSocket} sends and a {@link DishSocket} receives. */
export interface GroupMessage<D = Buffer> {
  /** The group, at most 15 bytes (ZMQ_GROUP_MAX_LENGTH). */
  group: string
  /** The message's single frame. */
  data: D
}

/**
 * A RADIO socket (draft, single-frame): publishes `{ group, data }` to the Dish peers that
 * joined the group (exact match, not prefix). Works over `udp://` as well as tcp/ipc/inproc.
 *
 * ## Example
 * ```ts
 * const radio = new RadioSocket({ bind: 'tcp://*:5565' })
 * interval(1000)
 *   .pipe(map((i) => ({ group: 'scores', data: String(i) })))
 *   .subscribe(radio)
 * ```
 */
export class RadioSocket extends SenderSocket<GroupMessage<Frame>> {
  constructor(config: RadioConfig = {}) {
    super(
      new SocketCore<unknown, GroupMessage<Frame>>(
        {
          type: 'RADIO',
          name: 'RadioSocket',
          defaultOverflow: 'drop-newest',
          sends: SendPath,
          encode: (value) => {
            const group = value?.group
            if (typeof group !== 'string' || Buffer.byteLength(group) > 15) {
              throw new InvalidFrameError(
                'Radio: a message needs a group: a string of at most 15 bytes',
                {
                  socketType: 'Radio',
                },
              )
            }
            return { frames: singleFrame(value.data, 'Radio'), options: { group } }
          },
        },
        config,
      ),
    )
  }
}
