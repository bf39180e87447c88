import { Dealer } from '../sockets/Dealer'
import { Pair } from '../sockets/Pair'
import { Publisher } from '../sockets/Publisher'
import { Pull } from '../sockets/Pull'
import { Push } from '../sockets/Push'
import { Reply } from '../sockets/Reply'
import { Request } from '../sockets/Request'
import { Router } from '../sockets/Router'
import { Subscriber } from '../sockets/Subscriber'
import { XPublisher } from '../sockets/XPublisher'
import { XSubscriber } from '../sockets/XSubscriber'
import type { SocketFactory } from './SocketFactory'

type AnyConfig = Record<string, unknown>
const plain = (config: object | undefined): AnyConfig => ({ ...(config as AnyConfig) })

/**
 * The {@link SocketFactory} of the native transport (libzmq through zeromq.js): the same calls
 * as a {@link VirtualNetwork}, so one piece of code runs over either.
 */
export const nativeSockets: SocketFactory = {
  publisher: (config) => new Publisher(plain(config)),
  subscriber: (config) => new Subscriber(plain(config)),
  xpublisher: (config) => new XPublisher(plain(config)),
  xsubscriber: (config) => new XSubscriber(plain(config)),
  push: (config) => new Push(plain(config)),
  pull: (config) => new Pull(plain(config)),
  request: (config) => new Request(plain(config)),
  reply: (config) => new Reply(plain(config)),
  dealer: (config) => new Dealer(plain(config)),
  router: (config) => new Router(plain(config)),
  pair: (config) => new Pair(plain(config)),
}
