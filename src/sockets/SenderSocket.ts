import { InvalidArgumentError } from '../errors/InvalidArgumentError'
import { CORE, SocketMembers, applyMixins } from '../core/members'
import { SendMembers } from '../core/sendMembers'
import { SocketCore } from '../core/SocketCore'

/**
 * A socket that only sends: an RxJS Observer (`source.subscribe(socket)`) with a bounded,
 * ordered send queue, and `send()` for a Promise per message. It is not an Observable: there
 * is nothing to subscribe to.
 *
 * ## Example
 * ```ts
 * const push: SenderSocket<MessageLike> = new PushSocket({ connect: 'tcp://127.0.0.1:5557' })
 * await push.send('first') // resolves once libzmq has queued it
 * range(1, 10).pipe(map(String)).subscribe(push) // completing closes the socket, after sending
 * ```
 */
export abstract class SenderSocket<Out> {
  /** @internal */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly [CORE]: SocketCore<any, any>

  protected constructor(core: SocketCore<unknown, Out>) {
    if (!(core instanceof SocketCore)) {
      throw new InvalidArgumentError(
        `${new.target.name} is a base class: make a socket of a type (PushSocket, PullSocket...)`,
        { argument: 'core' },
      )
    }
    this[CORE] = core
  }
}

export interface SenderSocket<Out> extends SocketMembers, SendMembers<Out> {}
applyMixins(SenderSocket, [SocketMembers, SendMembers])
