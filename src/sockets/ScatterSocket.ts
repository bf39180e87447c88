import type { Scatter as NativeScatter } from 'zeromq/draft'
import { singleFrame, type NativeConfig } from '../core/behaviours'
import { SendPath } from '../core/SendPath'
import { SocketCore, type BaseSocketConfig } from '../core/SocketCore'
import type { Frame } from '../message'
import { SenderSocket } from './SenderSocket'

/** Options of a {@link ScatterSocket} socket (draft). */
export type ScatterConfig = BaseSocketConfig & NativeConfig<NativeScatter>

/**
 * A SCATTER socket (draft, single-frame): the thread-safe PUSH, round-robin to Gather peers.
 *
 * ## Example
 * ```ts
 * const scatter = new ScatterSocket({ bind: 'tcp://*:5557' })
 * range(1, 10).pipe(map(String)).subscribe(scatter)
 * ```
 */
export class ScatterSocket extends SenderSocket<Frame> {
  constructor(config: ScatterConfig = {}) {
    super(
      new SocketCore<unknown, Frame>(
        {
          type: 'SCATTER',
          name: 'ScatterSocket',
          sends: SendPath,
          encode: (value) => ({ frames: singleFrame(value, 'Scatter') }),
        },
        config,
      ),
    )
  }
}
