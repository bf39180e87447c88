import { AuthenticationError } from '../../src/errors/AuthenticationError'
import { HandshakeError } from '../../src/errors/HandshakeError'
import { ProtocolError } from '../../src/errors/ProtocolError'
import { firstValueFrom, lastValueFrom } from 'rxjs'
import {
  InvalidEndpointError,
  InvalidFrameError,
  InvalidOptionError,
  PublisherSocket,
  PullSocket,
  PushSocket,
  ReplySocket,
  SocketClosedError,
  ZmqError,
  fromPull,
  fromSubscriber,
} from '../../src'
import { tracker } from '../helpers/cleanup'

/** The error a cold Observable ends with (or a failure if it ends otherwise). */
function errorOf(source: import('rxjs').Observable<unknown>): Promise<unknown> {
  return lastValueFrom(source).then(
    () => new Error('expected an error, the stream completed'),
    (error: unknown) => error,
  )
}

describe('bad input gets a typed error on the error channel', () => {
  const track = tracker()

  it.each([
    ['tcp://nope:xx', 'EINVAL', /port 'xx'/],
    ['foo://x', 'EPROTONOSUPPORT', /unknown transport 'foo'/],
    ['tcp://127.0.0.1', 'EINVAL', /needs host:port/],
    ['wss://127.0.0.1:5555', 'EPROTONOSUPPORT', /not supported by this build/],
    ['tcp://127.0.0.1:70000', 'EINVAL', /not a port number/],
    ['no scheme', 'EINVAL', /transport:\/\/address/],
  ])(
    'should refuse connecting to %s with InvalidEndpointError',
    async (endpoint, code, message) => {
      const error = await errorOf(fromSubscriber({ connect: endpoint, topics: [''] }))
      expect(error).toBeInstanceOf(InvalidEndpointError)
      expect(error).toMatchObject({ code, endpoint, socketType: 'SubscriberSocket' })
      expect((error as Error).message).toMatch(message)
    },
  )

  it('should refuse binding an invalid endpoint, naming it', async () => {
    const error = await errorOf(fromPull({ bind: 'tcp://nope:xx' }))
    expect(error).toMatchObject({
      name: 'InvalidEndpointError',
      code: 'EINVAL',
      endpoint: 'tcp://nope:xx',
    })
    const socket = track(new PullSocket())
    await expect(socket.bind('foo://x')).rejects.toMatchObject({
      code: 'EPROTONOSUPPORT',
      endpoint: 'foo://x',
    })
    // the socket is still usable after a refused bind
    await expect(socket.bind('tcp://127.0.0.1:*')).resolves.toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/)
  })

  it('should report an address in use with EADDRINUSE and the endpoint, keeping the process alive', async () => {
    const first = track(new PullSocket())
    const endpoint = await first.bind('tcp://127.0.0.1:*')
    const error = await errorOf(fromPull({ bind: endpoint }))
    expect(error).toBeInstanceOf(InvalidEndpointError)
    expect(error).toMatchObject({ code: 'EADDRINUSE', errno: 98, endpoint })
    expect((error as Error).cause).toBeDefined()
  })

  it('should refuse an unknown option name from the constructor, suggesting near ones', () => {
    let error: unknown
    try {
      track(new PushSocket({ sendHighWaterMarks: 5 } as never))
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(InvalidOptionError)
    expect(error).toMatchObject({ option: 'sendHighWaterMarks', code: 'ERR_INVALID_OPTION' })
    expect((error as Error).message).toMatch(/did you mean sendHighWaterMark/)
  })

  it.each([
    ['sendHighWaterMark', 'lots'],
    ['linger', 1.5],
    ['sendQueue', { limit: 0 }],
    ['sendQueue', { overflow: 'spill' }],
    ['receiveHighWaterMark', -7],
  ])('should refuse option %s = %j with InvalidOptionError', async (option, value) => {
    const error = await errorOf(fromPull({ [option]: value } as never))
    expect(error).toBeInstanceOf(InvalidOptionError)
    expect((error as InvalidOptionError).option).toMatch(new RegExp(`^${option}`))
  })

  it('should never quote a secret key in an option error', async () => {
    const secret = 'not-a-valid-z85-key-0123456789'
    const error = await errorOf(fromPull({ curveSecretKey: secret } as never))
    expect(error).toBeInstanceOf(InvalidOptionError)
    expect(JSON.stringify(error) + String((error as Error).message)).not.toContain(secret)
  })

  it('should reject send() on a closed socket with SocketClosedError', async () => {
    const socket = new PublisherSocket()
    socket.close()
    await expect(socket.send('late')).rejects.toBeInstanceOf(SocketClosedError)
    await expect(socket.send('late')).rejects.toMatchObject({ code: 'ERR_SOCKET_CLOSED' })
  })

  it('should warn once, not throw, when next() is called on a closed socket', async () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
    try {
      const socket = new PublisherSocket()
      socket.complete()
      expect(() => socket.next('late')).not.toThrow()
      expect(() => socket.next('later')).not.toThrow()
      // after the turn, counting every refusal of the turn
      await new Promise((resolve) => setImmediate(resolve))
      expect(warn).toHaveBeenCalledTimes(1)
      expect(warn.mock.calls[0][0]).toMatch(
        /PublisherSocket: cannot send 2 messages given to next\(\): the socket is closed/,
      )
      expect(warn.mock.calls[0][1]).toMatchObject({
        type: 'RxZmqWarning',
        code: 'ERR_SOCKET_CLOSED',
      })
    } finally {
      warn.mockRestore()
    }
  })

  it.each([
    ['a number', 42],
    ['null', null],
    ['a SharedArrayBuffer', new SharedArrayBuffer(4)],
    ['a DataView', new DataView(new ArrayBuffer(4))],
    ['an empty multipart message', []],
  ])('should refuse %s as a frame with InvalidFrameError', async (_, frame) => {
    const socket = track(new PushSocket())
    await expect(socket.send(frame as never)).rejects.toBeInstanceOf(InvalidFrameError)
  })

  it('should end a socket stream with InvalidFrameError when next() is given a bad frame', async () => {
    const rep = track(new ReplySocket())
    const outcome = errorOf(rep)
    rep.next({ not: 'a frame' } as never)
    expect(await outcome).toMatchObject({ name: 'InvalidFrameError', frameIndex: 0 })
  })

  it('should give every rxzmq error the ZmqError base with a code', async () => {
    const error = await errorOf(fromSubscriber({ connect: 'foo://x' }))
    expect(error).toBeInstanceOf(ZmqError)
    expect(error).toBeInstanceOf(Error)
    expect(typeof (error as ZmqError).code).toBe('string')
  })

  it('should tell a subscriber that arrives after the failure', async () => {
    const first = track(new PullSocket())
    const endpoint = await first.bind('tcp://127.0.0.1:*')
    const late = new PullSocket({ bind: endpoint })
    await late.closed
    await expect(firstValueFrom(late)).rejects.toBeInstanceOf(InvalidEndpointError)
  })
})

// The native transport reports a failed handshake as a HandshakeError; the ZMTP and ZWS engines
// report AuthenticationError and ProtocolError for the same events: one family, so that
// `instanceof HandshakeError` catches a refusal or a broken greeting over any transport.
describe('the handshake error family', () => {
  it('should make AuthenticationError a HandshakeError, keeping its status', () => {
    const refused = new AuthenticationError('refused', { status: 400 })
    expect(refused).toBeInstanceOf(HandshakeError)
    expect(refused).toBeInstanceOf(ZmqError)
    expect(refused).toMatchObject({ name: 'AuthenticationError', code: 'EACCES', status: 400 })
  })

  it('should make ProtocolError a HandshakeError, without a status', () => {
    const broken = new ProtocolError('bad greeting', {
      code: 'ERR_ZMTP_UNSPECIFIED',
      violation: 'signature',
    })
    expect(broken).toBeInstanceOf(HandshakeError)
    expect(broken).toMatchObject({ name: 'ProtocolError', violation: 'signature', errno: 71 })
    expect(broken.status).toBeUndefined()
  })
})
