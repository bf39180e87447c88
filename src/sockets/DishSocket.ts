import type { Dish as NativeDish } from 'zeromq/draft'
import { createDraft } from '../internal/draft'
import type { NativeConfig } from '../internal/behaviours'
import { SocketCore, type BaseSocketConfig } from '../internal/SocketCore'
import { InvalidOptionError } from '../errors/InvalidOptionError'
import type { GroupMessage } from './RadioSocket'
import { ReceiverSocket } from './ReceiverSocket'

/** Options of a {@link DishSocket} socket (draft). */
export interface DishConfig extends BaseSocketConfig, NativeConfig<NativeDish> {
  /** Groups to join (ZMQ_JOIN), each at most 15 bytes; a Dish receives only joined groups. */
  groups?: readonly string[]
}

/** A DISH socket (draft, single-frame): receives `{ group, data }` for the groups it joined. */
export class DishSocket extends ReceiverSocket<GroupMessage> {
  constructor(config: DishConfig = {}) {
    const { groups = [], ...rest } = config
    super(
      new SocketCore<GroupMessage, never>(
        {
          type: 'Dish',
          create: () => createDraft('Dish'),
          setup: (native) => {
            if (
              !Array.isArray(groups) ||
              !groups.every((g) => typeof g === 'string' && Buffer.byteLength(g) <= 15)
            ) {
              throw new InvalidOptionError(
                "Dish: option 'groups' must be an array of strings of at most 15 bytes",
                {
                  option: 'groups',
                  socketType: 'Dish',
                },
              )
            }
            if (groups.length > 0) (native as NativeDish).join(...groups)
          },
          decode: (raw) => {
            const [data, { group }] = raw as [Buffer, { group: Buffer | string }]
            return { group: group.toString(), data }
          },
          encode: () => {
            throw new Error('Dish cannot send')
          },
        },
        rest,
      ),
    )
  }
}
