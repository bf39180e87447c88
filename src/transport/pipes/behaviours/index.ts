import type { SocketType } from '../../SocketType'
import type { Behaviour, BehaviourHost } from './Behaviour'
import { DealerBehaviour } from './dealer'
import { PairBehaviour } from './pair'
import { PubBehaviour } from './pub'
import { PullBehaviour } from './pull'
import { PushBehaviour } from './push'
import { RepBehaviour } from './rep'
import { ReqBehaviour } from './req'
import { RouterBehaviour } from './router'
import { SubBehaviour } from './sub'
import { XPubBehaviour } from './xpub'
import { XSubBehaviour } from './xsub'

/** The socket types pipe transports have, and the behaviour of each. */
export const BEHAVIOURS: Partial<Record<SocketType, new (host: BehaviourHost) => Behaviour>> = {
  PUB: PubBehaviour,
  SUB: SubBehaviour,
  XPUB: XPubBehaviour,
  XSUB: XSubBehaviour,
  PUSH: PushBehaviour,
  PULL: PullBehaviour,
  REQ: ReqBehaviour,
  REP: RepBehaviour,
  DEALER: DealerBehaviour,
  ROUTER: RouterBehaviour,
  PAIR: PairBehaviour,
}
