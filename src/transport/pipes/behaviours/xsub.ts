import type { Frames } from './Behaviour'
import { isSubscription } from './Behaviour'
import { SubBehaviour } from './sub'

/**
 * XSUB (RFC 29): subscribes by sending `[1, ...topic]` (and cancels with `[0, ...topic]`):
 * the first subscription to a topic and its last cancellation go to every publisher; other
 * messages go to every publisher as they are. Reads fair-queued, with no filter.
 */
export class XSubBehaviour extends SubBehaviour {
  override read(): Frames | undefined {
    return this.inbox.read()
  }

  override send(message: Frames): boolean {
    if (isSubscription(message)) {
      const frame = message[0]
      if (frame[0] === 1) this.subscribe(frame.subarray(1))
      else this.unsubscribe(frame.subarray(1))
    } else {
      this.upstream(message)
    }
    return true
  }
}
