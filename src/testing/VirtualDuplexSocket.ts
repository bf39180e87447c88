import { applyMixins } from '../core/members'
import { VirtualSendMembers } from './internal/virtualMembers'
import { VirtualReceiverSocket } from './VirtualReceiverSocket'

/**
 * A virtual socket that sends and receives (XPUB, XSUB, REQ, REP, DEALER, ROUTER, PAIR): an
 * Observable of what it receives and an Observer of what it sends, like the native ones.
 */
export class VirtualDuplexSocket extends VirtualReceiverSocket {}

export interface VirtualDuplexSocket extends VirtualSendMembers {}
applyMixins(VirtualDuplexSocket, [VirtualSendMembers])
