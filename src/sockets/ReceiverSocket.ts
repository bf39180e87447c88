import { InvalidArgumentError } from '../errors/InvalidArgumentError'
import { Observable } from 'rxjs'
import { CORE, SocketMembers, applyMixins } from '../core/members'
import { SocketCore } from '../core/SocketCore'

/**
 * A socket that receives: an RxJS Observable of its messages. All subscribers share one
 * receive loop, which runs only while somebody is subscribed; with nobody subscribed libzmq's
 * receive high-water mark pushes back on the sender instead of memory growing.
 *
 * ## Example
 * ```ts
 * const pull: ReceiverSocket<Message> = new PullSocket({ bind: 'tcp://*:5558' })
 * const subscription = pull.pipe(text()).subscribe((line) => console.log(line))
 * // later: subscription.unsubscribe(); pull.close()
 * ```
 */
export abstract class ReceiverSocket<In> extends Observable<In> {
  /** @internal */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly [CORE]: SocketCore<any, any>

  protected constructor(core: SocketCore<In, never>) {
    if (!(core instanceof SocketCore)) {
      throw new InvalidArgumentError(
        `${new.target.name} is a base class: make a socket of a type (PushSocket, PullSocket...)`,
        { argument: 'core' },
      )
    }
    super((subscriber) => core.messages.subscribe(subscriber))
    this[CORE] = core
  }
}

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- the merged interface repeats the class's type parameters
export interface ReceiverSocket<In> extends SocketMembers {}
applyMixins(ReceiverSocket, [SocketMembers])
