import '../transport/native/register'
import { DealerSocket } from '../sockets/DealerSocket'
import { PairSocket } from '../sockets/PairSocket'
import { PublisherSocket } from '../sockets/PublisherSocket'
import { PullSocket } from '../sockets/PullSocket'
import { PushSocket } from '../sockets/PushSocket'
import { ReplySocket } from '../sockets/ReplySocket'
import { RequestSocket } from '../sockets/RequestSocket'
import { RouterSocket } from '../sockets/RouterSocket'
import { SubscriberSocket } from '../sockets/SubscriberSocket'
import { XPublisherSocket } from '../sockets/XPublisherSocket'
import { XSubscriberSocket } from '../sockets/XSubscriberSocket'
import type { SocketFactory } from './SocketFactory'

type AnyConfig = Record<string, unknown>
const plain = (config: object | undefined): AnyConfig => ({ ...(config as AnyConfig) })

/**
 * The {@link SocketFactory} of the native transport (libzmq through zeromq.js): the same calls
 * as a {@link VirtualNetwork}, so one piece of code runs over either.
 */
export const nativeSockets: SocketFactory = {
  publisher: (config) => new PublisherSocket(plain(config)),
  subscriber: (config) => new SubscriberSocket(plain(config)),
  xpublisher: (config) => new XPublisherSocket(plain(config)),
  xsubscriber: (config) => new XSubscriberSocket(plain(config)),
  push: (config) => new PushSocket(plain(config)),
  pull: (config) => new PullSocket(plain(config)),
  request: (config) => new RequestSocket(plain(config)),
  reply: (config) => new ReplySocket(plain(config)),
  dealer: (config) => new DealerSocket(plain(config)),
  router: (config) => new RouterSocket(plain(config)),
  pair: (config) => new PairSocket(plain(config)),
}
