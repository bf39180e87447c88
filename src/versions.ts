import { zmq } from './internal/native'

/** The versions in use: libzmq (bundled with zeromq.js), zeromq.js, and rxzmq. */
export function versions(): { libzmq: string; zeromq: string; rxzmq: string } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const zeromq = (require('zeromq/package.json') as { version: string }).version
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const rxzmq = (require('../package.json') as { version: string }).version
  return { libzmq: zmq.version, zeromq, rxzmq }
}
