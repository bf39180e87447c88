import type { Dish as NativeDish } from 'zeromq/draft'
import type { NativeConfig } from '../core/behaviours'
import { readConfig } from '../core/readConfig'
import { SocketCore, type BaseSocketConfig } from '../core/SocketCore'
import { InvalidOptionError } from '../errors/InvalidOptionError'
import type { GroupMessage } from './RadioSocket'
import { ReceiverSocket } from './ReceiverSocket'

/** Options of a {@link DishSocket} socket (draft). */
export interface DishConfig extends BaseSocketConfig, NativeConfig<NativeDish> {
  /** Groups to join (ZMQ_JOIN), each at most 15 bytes; a Dish receives only joined groups. */
  groups?: readonly string[]
}

/**
 * A DISH socket (draft, single-frame): receives `{ group, data }` for the groups it joined.
 *
 * ## Example
 * ```ts
 * const dish = new DishSocket({ connect: 'tcp://127.0.0.1:5565', groups: ['scores'] })
 * dish.subscribe(({ group, data }) => console.log(group, data.toString()))
 * ```
 */
export class DishSocket extends ReceiverSocket<GroupMessage> {
  constructor(config: DishConfig = {}) {
    const { groups = [], ...rest } = readConfig(config, 'DishSocket')
    super(
      new SocketCore<GroupMessage, never>(
        {
          type: 'DISH',
          name: 'DishSocket',
          options: ['groups'],
          setup: (socket) => {
            if (
              !Array.isArray(groups) ||
              !groups.every((g) => typeof g === 'string' && Buffer.byteLength(g) <= 15)
            ) {
              throw new InvalidOptionError(
                "DishSocket: option 'groups' must be an array of strings of at most 15 bytes",
                { option: 'groups', socketType: 'DishSocket' },
              )
            }
            for (const group of groups as string[]) socket.subscribe(Buffer.from(group, 'utf8'))
          },
          decode: (frames, meta) => ({ group: meta?.group ?? '', data: frames[0] as Buffer }),
        },
        rest,
      ),
    )
  }
}
