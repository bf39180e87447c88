import { Observable } from 'rxjs'
import { applyMixins } from '../core/members'
import type { Message } from '../message'
import type { VirtualCore } from './internal/VirtualCore'
import { VCORE, VirtualMembers } from './internal/virtualMembers'

/**
 * A virtual socket that receives (PULL, SUB): an Observable of its messages with the native
 * socket's members. Reading stops while nobody is subscribed, so pipes fill up to their
 * high-water mark and push back on the senders.
 */
export class VirtualReceiverSocket extends Observable<Message> {
  /** @internal */
  readonly [VCORE]: VirtualCore

  /** @internal */
  constructor(core: VirtualCore) {
    super((subscriber) => core.messages.subscribe(subscriber))
    this[VCORE] = core
  }
}

export interface VirtualReceiverSocket extends VirtualMembers {}
applyMixins(VirtualReceiverSocket, [VirtualMembers])
