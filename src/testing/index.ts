// rxzmq/testing: the virtual transport and marble helpers for testing code that uses sockets.

export { VirtualNetwork } from './VirtualNetwork'
export type { VirtualNetworkConfig } from './internal/VirtualNetworkCore'
export type { VirtualSocketConfig } from './VirtualSocketConfig'
export { VirtualReceiverSocket } from './VirtualReceiverSocket'
export { VirtualSenderSocket } from './VirtualSenderSocket'
export { VirtualDuplexSocket } from './VirtualDuplexSocket'
export { VirtualSubscriber } from './VirtualSubscriber'
export { VirtualRequest } from './VirtualRequest'
export type {
  SocketFactory,
  SocketLike,
  SendingSocket,
  ReceivingSocket,
  DuplexSocketLike,
} from './SocketFactory'
export { nativeSockets } from './nativeSockets'
export { feed, type Feedable } from './feed'
export { messageText } from './messageText'
export { sentText } from './sentText'
