import type { Scatter as NativeScatter } from 'zeromq/draft'
import { createDraft } from '../internal/draft'
import { singleFrame, type NativeConfig } from '../internal/behaviours'
import { SocketCore, type BaseSocketConfig } from '../internal/SocketCore'
import type { Frame } from '../message'
import { SenderSocket } from './SenderSocket'

/** Options of a {@link ScatterSocket} socket (draft). */
export type ScatterConfig = BaseSocketConfig & NativeConfig<NativeScatter>

/** A SCATTER socket (draft, single-frame): the thread-safe PUSH, round-robin to Gather peers. */
export class ScatterSocket extends SenderSocket<Frame> {
  constructor(config: ScatterConfig = {}) {
    super(
      new SocketCore<unknown, Frame>(
        {
          type: 'Scatter',
          create: () => createDraft('Scatter'),
          encode: (value) => ({ message: singleFrame(value, 'Scatter') }),
        },
        config,
      ),
    )
  }
}
