import type { Socket as NativeSocket } from 'zeromq'
import { ZmqError } from '../../errors/ZmqError'
import { hasDraft, loadDraft } from './zeromq'

type DraftModule = ReturnType<typeof loadDraft>
type DraftName = 'Server' | 'Client' | 'Radio' | 'Dish' | 'Scatter' | 'Gather'

/** Makes a native draft socket, or explains that this build has no draft API. */
export function createDraft<K extends DraftName>(
  name: K,
): InstanceType<DraftModule[K]> & NativeSocket {
  if (!hasDraft) {
    throw new ZmqError(
      `${name}: draft sockets need a libzmq built with the draft API (zeromq.capability.draft is false)`,
      {
        code: 'ENOTSUP',
        socketType: name,
      },
    )
  }
  const Ctor = loadDraft()[name] as unknown as new () => InstanceType<DraftModule[K]> & NativeSocket
  return new Ctor()
}
