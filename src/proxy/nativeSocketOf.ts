import type { Socket as ZmqSocket } from 'zeromq'
import { CORE, type HasCore } from '../core/members'
import { zmq } from '../transport/native/zeromq'

/**
 * The zeromq.js socket under an rxzmq socket on the native transport (the native transport
 * socket keeps it in its `native` field), or undefined for any other transport.
 */
export function nativeSocketOf(socket: HasCore): ZmqSocket | undefined {
  const core = socket[CORE]
  if (core.transport.name !== 'native') return undefined
  const native = (core.socket as { native?: unknown } | undefined)?.native
  return native instanceof zmq.Socket ? native : undefined
}
