// What the fuzzers found, kept as regression tests: each failed before its fix.
import { jsonCodec } from '../../src/codecs/jsonCodec'
import { InvalidOptionError } from '../../src/errors/InvalidOptionError'
import { ZmqError } from '../../src/errors/ZmqError'
import { PullSocket, PublisherSocket } from '../../src'
import { bindEndpoint } from '../helpers/endpoints'

describe('findings of the fuzzers', () => {
  // SocketCore's constructor started every bind of a bind list at once (Promise.all), and
  // zeromq.js refuses a bind while another is under way (EBUSY). Binds now go in turn.
  it('should bind every endpoint of a bind list given in the config', async () => {
    const socket = new PullSocket({ bind: ['tcp://127.0.0.1:*', bindEndpoint('ipc')] })
    try {
      await socket.ready
    } finally {
      socket.close()
    }
  })

  // applyOptions quoted a refused value with JSON.stringify, which throws on a BigInt: the
  // error became 'open failed: Do not know how to serialize a BigInt' (EUNKNOWN), without
  // the option's name.
  it('should name the option when a BigInt value is refused', () => {
    let error: unknown
    try {
      new PublisherSocket({ heartbeatTimeout: 2n ** 80n } as never).close()
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(InvalidOptionError)
    expect(error).toMatchObject({ option: 'heartbeatTimeout' })
  })

  // jsonCodec().encode threw a bare TypeError for what JSON cannot represent.
  it.each([
    ['undefined', undefined],
    ['a BigInt', 1n],
    [
      'a cycle',
      (() => {
        const o: Record<string, unknown> = {}
        o.self = o
        return o
      })(),
    ],
  ])('should refuse to JSON-encode %s with a typed ZmqError', (_, value) => {
    expect(() => jsonCodec().encode(value)).toThrow(ZmqError)
  })
})
