import { ZmqError } from '../../../errors/ZmqError'
import type { SendDone } from '../../Transport'
import type { Frames } from './Behaviour'
import { DealerBehaviour } from './dealer'

/**
 * CLIENT (draft, RFC 41): single-frame messages. Sends round-robin, waiting while no pipe takes
 * messages; reads fair-queued: a DEALER's behaviour. As libzmq's `client_t`: a multipart message is
 * refused on send (`EINVAL`) and dropped whole on receive.
 */
export class ClientBehaviour extends DealerBehaviour {
  override send(message: Frames, options: unknown, done: SendDone): boolean {
    if (message.length !== 1) {
      throw new ZmqError(`${this.host.name}: a CLIENT message is a single frame (EINVAL)`, {
        code: 'EINVAL',
        socketType: this.host.name,
      })
    }
    return super.send(message, options, done)
  }

  override read(): Frames | undefined {
    for (;;) {
      const message = super.read()
      // a multipart message from a peer that should not send one: dropped, as libzmq does
      if (message === undefined || message.length === 1) return message
    }
  }
}
