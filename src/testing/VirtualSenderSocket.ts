import { applyMixins } from '../core/members'
import type { VirtualCore } from './internal/VirtualCore'
import { VCORE, VirtualMembers, VirtualSendMembers } from './internal/virtualMembers'

/** A virtual socket that only sends (PUB, PUSH): an Observer with the native socket's members. */
export class VirtualSenderSocket {
  /** @internal */
  readonly [VCORE]: VirtualCore

  /** @internal */
  constructor(core: VirtualCore) {
    this[VCORE] = core
  }
}

export interface VirtualSenderSocket extends VirtualMembers, VirtualSendMembers {}
applyMixins(VirtualSenderSocket, [VirtualMembers, VirtualSendMembers])
