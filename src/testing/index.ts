/**
 * rxzmq/testing: the virtual transport and marble helpers for testing code that uses sockets.
 *
 * @module rxzmq/testing
 */

export { VirtualNetwork, type VirtualNetworkConfig } from '../transport/virtual/VirtualNetwork'
export { feed, type Feedable } from './feed'
export { messageText } from './messageText'
export { sent, sentText } from './sentText'
export { openSocketCount } from '../core/SocketCore'
