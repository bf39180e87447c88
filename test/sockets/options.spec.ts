import { firstValueFrom } from 'rxjs'
import {
  InvalidEndpointError,
  InvalidOptionError,
  PullSocket,
  PushSocket,
  SubscriberSocket,
  fromSubscriber,
} from '../../src'
import { openSocketCount } from '../../src/testing'
import { tracker } from '../helpers/cleanup'

// A wrong option name or value, and an endpoint that is not one, are programming errors: the
// constructor throws them, and nothing is left open. What the host refuses at run time
// (EADDRINUSE) stays on the error channel.
describe('socket options are checked by the constructor', () => {
  const track = tracker()

  /** What `make` throws (fails the test when it returns). */
  function thrown(make: () => unknown): unknown {
    const before = openSocketCount()
    try {
      const socket = make() as { close?: () => void }
      socket.close?.()
    } catch (error) {
      expect(openSocketCount()).toBe(before)
      return error
    }
    throw new Error('expected the constructor to throw')
  }

  it.each([
    [
      'sendHighWatermark',
      'sendHighWaterMark',
      () => new PushSocket({ sendHighWatermark: 1 } as never),
    ],
    [
      'sendHighWaterMarks',
      'sendHighWaterMark',
      () => new PushSocket({ sendHighWaterMarks: 1 } as never),
    ],
    ['conect', 'connect', () => new PushSocket({ conect: 'tcp://127.0.0.1:5555' } as never)],
    ['topic', 'topics', () => new SubscriberSocket({ topic: ['a'] } as never)],
    ['bnd', 'bind', () => new PullSocket({ bnd: 'tcp://127.0.0.1:*' } as never)],
    ['lingr', 'linger', () => new PullSocket({ lingr: 0 } as never)],
  ])(
    'should throw the mistyped option %s from the constructor, meaning %s',
    (name, meant, make) => {
      const error = thrown(make)
      expect(error).toBeInstanceOf(InvalidOptionError)
      expect(error).toMatchObject({ option: name, code: 'ERR_INVALID_OPTION' })
      expect((error as Error).message).toMatch(
        new RegExp(`unknown option '${name}' \\(did you mean ${meant}[,?]`),
      )
    },
  )

  it.each([
    ['sendHighWaterMark', 'lots'],
    ['heartbeatTimeout', 2n ** 80n],
    ['linger', 1.5],
    ['linger', '0'],
    ['sendQueue', { limit: 0 }],
    ['sendQueue', { overflow: 'spill' }],
    ['sendQueue', { limt: 5 }],
    ['sendQueue', 5],
    ['monitor', 'yes'],
    ['transport', 'native'],
    ['transport', {}],
    ['bind', 5],
    ['connect', [5]],
  ])('should throw option %s = %p from the constructor', (option, value) => {
    const error = thrown(() => new PushSocket({ [option]: value } as never))
    expect(error).toBeInstanceOf(InvalidOptionError)
    expect((error as InvalidOptionError).option).toMatch(new RegExp(`^${option}`))
  })

  it('should throw a config that is not an object, or whose getters throw, as InvalidOptionError', () => {
    for (const config of [null, 5, 'tcp://127.0.0.1:5555', [], () => undefined]) {
      expect(thrown(() => new PushSocket(config as never))).toBeInstanceOf(InvalidOptionError)
    }
    const bomb = {
      get limit(): number {
        throw new Error('boom')
      },
    }
    const error = thrown(() => new PushSocket({ sendQueue: bomb } as never))
    expect(error).toBeInstanceOf(InvalidOptionError)
    expect(error).toMatchObject({ option: 'sendQueue.limit' })
    const config = Object.defineProperty({}, 'bind', {
      enumerable: true,
      get: () => {
        throw new TypeError('boom')
      },
    })
    expect(thrown(() => new PullSocket(config))).toMatchObject({
      name: 'InvalidOptionError',
      option: 'bind',
    })
  })

  it.each([
    ['connect', 'tcp://nope:xx'],
    ['connect', 'foo://x'],
    ['bind', 'no scheme'],
    ['bind', 'udp://127.0.0.1:*'],
  ])('should throw an invalid endpoint given as %s: %s', (action, endpoint) => {
    const error = thrown(() => new PullSocket({ [action]: endpoint }))
    expect(error).toBeInstanceOf(InvalidEndpointError)
    expect(error).toMatchObject({ endpoint })
  })

  it('should close what it had opened when a later endpoint of the config is invalid', async () => {
    const error = thrown(() => new PullSocket({ bind: ['tcp://127.0.0.1:*', 'foo://x'] }))
    expect(error).toBeInstanceOf(InvalidEndpointError)
  })

  it('should still end a cold Observable with the error, never throw from subscribe', async () => {
    await expect(
      firstValueFrom(fromSubscriber({ connect: 'tcp://nope:xx' })),
    ).rejects.toBeInstanceOf(InvalidEndpointError)
    await expect(
      firstValueFrom(fromSubscriber({ conect: 'tcp://127.0.0.1:5555' } as never)),
    ).rejects.toBeInstanceOf(InvalidOptionError)
  })

  it('should keep what the host refuses at run time (EADDRINUSE) on the error channel', async () => {
    const first = track(new PullSocket())
    const endpoint = await first.bind('tcp://127.0.0.1:*')
    const second = track(new PullSocket({ bind: endpoint }))
    await expect(second.ready).rejects.toMatchObject({ code: 'EADDRINUSE', endpoint })
    expect(second.isClosed).toBe(true)
  })
})
