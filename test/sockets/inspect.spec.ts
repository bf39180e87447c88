import { inspect } from 'node:util'
import { DealerSocket, PullSocket, PushSocket, SubscriberSocket } from '../../src'
import { CORE } from '../../src/core/members'
import { tracker } from '../helpers/cleanup'
import { runNode } from '../helpers/node'

// util.inspect(socket, { getters: true, showHidden: true }) used to walk into zeromq.js's
// getters: its `events` getter moves the socket's monitor, its Observer's `emitter` getter
// starts a second reader, which crashed the process (EBUSY, "Observer is busy reading").
describe('inspecting a socket', () => {
  const track = tracker()
  const oneLine = { breakLength: Infinity }

  it('should not crash the process, getters and hidden properties included', async () => {
    const result = await runNode(`
      const util = require('node:util')
      const { PushSocket, SubscriberSocket, RouterSocket, fromPull } = require('rxzmq')
      const push = new PushSocket({ connect: 'tcp://127.0.0.1:9' })
      push.events$.subscribe()
      const sub = new SubscriberSocket({ connect: 'tcp://127.0.0.1:9', topics: ['a'] })
      sub.subscribe()
      sub.events$.subscribe()
      const router = new RouterSocket({ bind: 'tcp://127.0.0.1:*', mandatory: true })
      router.events$.subscribe()
      for (const socket of [push, sub, router]) {
        const options = { getters: true, showHidden: true, depth: 10 }
        console.log(util.inspect(socket, options))
        console.log(util.inspect(socket[Object.getOwnPropertySymbols(socket)[0]], options))
      }
      setTimeout(() => {
        push.close(); sub.close(); router.close()
        console.log('still alive')
      }, 300)
    `)
    expect(result.stderr).not.toMatch(/EBUSY|busy reading|Error/)
    expect(result.stdout).toContain('PushSocket {')
    expect(result.stdout).toContain('SubscriberSocket {')
    expect(result.stdout).toContain('RouterSocket {')
    expect(result.stdout).toContain('still alive')
    expect(result.code).toBe(0)
  })

  it('should show the type, state, endpoints and queue, and nothing native', async () => {
    const pull = track(new PullSocket())
    const endpoint = await pull.bind('tcp://127.0.0.1:*')
    pull.subscribe()
    const push = track(new PushSocket({ connect: endpoint, sendQueue: { limit: 5 } }))
    expect(inspect(pull, oneLine)).toBe(
      `PullSocket { type: 'PULL', state: 'open', bound: [ '${endpoint}' ], connected: [], subscribers: 1 }`,
    )
    expect(inspect(push, oneLine)).toBe(
      `PushSocket { type: 'PUSH', state: 'open', bound: [], connected: [ '${endpoint}' ], queueDepth: 0, dropped: 0 }`,
    )
    await pull.unbind(endpoint)
    expect(inspect(pull)).toContain('bound: []')
    push.close()
    expect(inspect(push)).toContain("state: 'closed'")
    // the core, one level down, is just as safe
    expect(inspect(push[CORE], { getters: true, showHidden: true })).toMatch(/^SocketCore \{/)
  })

  it('should show a socket nested in an object, and a Dealer and a Subscriber too', () => {
    const dealer = track(new DealerSocket())
    const sub = track(new SubscriberSocket())
    expect(inspect({ dealer, sub }, oneLine)).toBe(
      "{ dealer: DealerSocket { type: 'DEALER', state: 'open', bound: [], connected: [], subscribers: 0, queueDepth: 0, dropped: 0 }, sub: SubscriberSocket { type: 'SUB', state: 'open', bound: [], connected: [], subscribers: 0 } }",
    )
  })
})
