// A socket type a transport does not have is refused by the constructor, typed and named.
import {
  InvalidOptionError,
  RadioSocket,
  StreamSocket,
  wsTransport,
  zmtpTransport,
} from '../../src'
import { openSocketCount } from '../../src/testing'
import { VirtualNetwork } from '../../src/testing'

describe('a socket type the transport lacks', () => {
  it.each([
    ['zmtp', () => new StreamSocket({ transport: zmtpTransport() }), 'STREAM'],
    [
      'ws',
      // a WebSocket class is needed to make the transport (Node 20 has no global one); none is
      // opened, since the socket type is refused first
      () => new RadioSocket({ transport: wsTransport({ WebSocket: class {} as never }) }),
      'RADIO',
    ],
    ['virtual', () => new StreamSocket({ transport: new VirtualNetwork() }), 'STREAM'],
  ])('should throw an InvalidOptionError naming the %s transport', (name, make, type) => {
    const before = openSocketCount()
    let thrown: unknown
    try {
      make()
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(InvalidOptionError)
    expect(thrown).toMatchObject({ option: 'transport', code: 'EPROTONOSUPPORT' })
    expect((thrown as Error).message).toContain(`the ${name} transport has no ${type} socket`)
    expect(openSocketCount()).toBe(before)
  })
})
