// What the fuzzers found, kept as regression tests: each failed before its fix.
import { firstValueFrom, map, take, toArray } from 'rxjs'
import { jsonCodec } from '../../src/codecs/jsonCodec'
import { InvalidOptionError } from '../../src/errors/InvalidOptionError'
import { ZmqError } from '../../src/errors/ZmqError'
import { PullSocket, PublisherSocket, PushSocket } from '../../src'
import { bindEndpoint } from '../helpers/endpoints'
import { freePort } from '../helpers/ports'

describe('findings of the fuzzers', () => {
  // SocketCore's constructor started every bind of a bind list at once (Promise.all), and
  // zeromq.js refuses a bind while another is under way (EBUSY). Binds now go in turn.
  it('should bind every endpoint of a bind list given in the config', async () => {
    const endpoints = [`tcp://127.0.0.1:${await freePort()}`, bindEndpoint('ipc')]
    const pull = new PullSocket({ bind: endpoints })
    const pushes = endpoints.map((endpoint) => new PushSocket({ connect: endpoint }))
    try {
      await pull.ready
      // one message through each endpoint: both are bound
      const got = firstValueFrom(
        pull.pipe(
          map((m) => String(m[0])),
          take(2),
          toArray(),
        ),
      )
      pushes.forEach((push, i) => push.next(`through ${endpoints[i]}`))
      expect((await got).sort()).toEqual(endpoints.map((e) => `through ${e}`).sort())
    } finally {
      pull.close()
      for (const push of pushes) push.close()
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
