import { applyMixins } from '../core/members'
import { SendMembers } from '../core/sendMembers'
import type { SocketCore } from '../core/SocketCore'
import { ReceiverSocket } from './ReceiverSocket'

/**
 * A socket that sends and receives: an Observable of what it receives and an Observer of what
 * it sends, like an RxJS Subject, so `socket.pipe(handle).subscribe(socket)` is a server.
 *
 * ## Example
 * ```ts
 * const pair: DuplexSocket<Message, MessageLike> = new PairSocket({ bind: 'tcp://*:5560' })
 * pair.pipe(map((message) => ['echo', ...message])).subscribe(pair) // an echo server
 * ```
 */
export abstract class DuplexSocket<In, Out> extends ReceiverSocket<In> {
  protected constructor(core: SocketCore<In, Out>) {
    super(core as unknown as SocketCore<In, never>)
  }
}

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- the merged interface repeats the class's type parameters
export interface DuplexSocket<In, Out> extends SendMembers<Out> {}
applyMixins(DuplexSocket, [SendMembers])
