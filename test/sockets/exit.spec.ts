import { filter, firstValueFrom, take, toArray } from 'rxjs'
import { PullSocket, PushSocket } from '../../src'
import { RECEIVE_POLL_MS } from '../../src/transport/native/NativeTransport'
import { tracker } from '../helpers/cleanup'
import { runNode, type RunResult } from '../helpers/node'

// "Never hangs at exit": a socket with no subscriber, no queued send and no pending request
// does not keep Node running. Each case runs in a fresh process (the built package), prints
// `left <ms>` when its last subscriber has gone, and must then exit by itself within 2 s.
describe('a socket nobody listens to lets the process exit', () => {
  const deadline = 2000

  async function exitsAfterLeaving(body: string): Promise<void> {
    const result = await runNode(
      `
      const rxzmq = require('rxzmq')
      const rxjs = require('rxjs')
      const left = () => console.log('left ' + Date.now())
      ;(async () => {
        ${body}
      })().catch((e) => { console.log('failed', e.code, e.message); process.exitCode = 1 })
    `,
      [],
      15000,
    )
    const exited = Date.now()
    expect(result.stderr).not.toContain('[killed')
    const match = /left (\d+)/.exec(result.stdout)
    expect(result.stdout).toMatch(/left \d+/)
    expect(result.code).toBe(0)
    expect(exited - Number(match![1])).toBeLessThan(deadline)
  }

  it('should exit after a Pull (bound) is subscribed and unsubscribed', async () => {
    await exitsAfterLeaving(`
      const pull = new rxzmq.PullSocket({ bind: 'tcp://127.0.0.1:*' })
      pull.subscribe().unsubscribe()
      left()
    `)
  })

  it('should exit after a Dealer (connected) is subscribed and unsubscribed', async () => {
    await exitsAfterLeaving(`
      const dealer = new rxzmq.DealerSocket({ connect: 'tcp://127.0.0.1:9' })
      const subscription = dealer.subscribe()
      await new Promise((resolve) => setTimeout(resolve, 50))
      subscription.unsubscribe()
      left()
    `)
  })

  it('should exit after a Subscriber topic is subscribed and unsubscribed', async () => {
    await exitsAfterLeaving(`
      const sub = new rxzmq.SubscriberSocket({ connect: 'tcp://127.0.0.1:9' })
      const subscription = sub.topic('weather').subscribe()
      await new Promise((resolve) => setTimeout(resolve, 50))
      subscription.unsubscribe()
      left()
    `)
  })

  it('should exit after events$ is subscribed and unsubscribed', async () => {
    await exitsAfterLeaving(`
      const push = new rxzmq.PushSocket({ connect: 'tcp://127.0.0.1:9' })
      const subscription = push.events$.subscribe()
      await new Promise((resolve) => setTimeout(resolve, 50))
      subscription.unsubscribe()
      left()
    `)
  })

  it('should exit after take(1) got its message', async () => {
    await exitsAfterLeaving(`
      const pull = new rxzmq.PullSocket()
      const endpoint = await pull.bind('tcp://127.0.0.1:*')
      const got = rxjs.firstValueFrom(pull)
      const push = new rxzmq.PushSocket({ connect: endpoint })
      await push.send('one')
      await got
      push.complete()
      await push.closed
      left()
    `)
  })

  it('should exit after timeout() ended a subscription that got nothing', async () => {
    await exitsAfterLeaving(`
      const pull = new rxzmq.PullSocket({ bind: 'tcp://127.0.0.1:*' })
      await rxjs.firstValueFrom(pull.pipe(rxjs.timeout(100))).catch(() => undefined)
      left()
    `)
  })

  it('should exit after takeUntil() ended a Dealer subscription', async () => {
    await exitsAfterLeaving(`
      const dealer = new rxzmq.DealerSocket({ connect: 'tcp://127.0.0.1:9' })
      dealer.pipe(rxjs.takeUntil(rxjs.timer(100))).subscribe({ complete: left })
    `)
  })
})

describe('the receive poll and the monitor behind it', () => {
  //  While subscribed, the native receive is re-armed every RECEIVE_POLL_MS: nothing of it shows.
  //  The monitor is read only while events$ has subscribers: the socket must not mind.
  const track = tracker()

  it('should keep working, and report new events, after events$ was left', async () => {
    const pull = track(new PullSocket())
    const endpoint = await pull.bind('tcp://127.0.0.1:*')
    // listen for the first connection, then leave
    const first = firstValueFrom(pull.events$.pipe(filter((e) => e.type === 'accept')))
    const a = track(new PushSocket({ connect: endpoint }))
    await first
    // events happen while nobody reads the monitor (libzmq would stall on a closed reader)
    const b = track(new PushSocket({ connect: endpoint }))
    await b.send('b')
    await a.send('a')
    const got = await firstValueFrom(pull.pipe(take(2), toArray()))
    expect(got.map(String).sort()).toEqual(['a', 'b'])
    // a new listener hears what happens from now on
    const gone = firstValueFrom(pull.events$.pipe(filter((e) => e.type === 'disconnect')))
    b.close()
    await expect(gone).resolves.toMatchObject({ type: 'disconnect' })
  })

  it('should deliver a message that comes after several idle polls', async () => {
    const pull = track(new PullSocket())
    const endpoint = await pull.bind('tcp://127.0.0.1:*')
    const got = firstValueFrom(pull)
    // let several polls expire with nothing to read
    await new Promise((resolve) => setTimeout(resolve, RECEIVE_POLL_MS * 2 + 100))
    const push = track(new PushSocket({ connect: endpoint }))
    await push.send('late')
    expect(String((await got)[0])).toBe('late')
  })

  it("should keep the user's receiveTimeout: read back as set, and an error when it runs out", async () => {
    const idle = track(new PullSocket({ bind: 'tcp://127.0.0.1:*' }))
    expect(idle.getOption('receiveTimeout')).toBe(-1)
    const pull = track(new PullSocket({ bind: 'tcp://127.0.0.1:*', receiveTimeout: 200 }))
    expect(pull.getOption('receiveTimeout')).toBe(200)
    const started = Date.now()
    await expect(firstValueFrom(pull)).rejects.toMatchObject({ code: 'EAGAIN' })
    // not at once, but after the timeout; libuv times from its cached loop clock, which a busy
    // loop leaves behind Date.now() by tens of ms, so only half the timeout is asserted
    expect(Date.now() - started).toBeGreaterThanOrEqual(100)
  })
})

// ZeroMQ's linger (a socket closed with messages still goes on delivering them for `linger` ms)
// is kept while Node still runs, not in zeromq.js's exit hook, which blocks the exit and prints
// "Waiting for queued ZeroMQ messages to be delivered. Set 'context.blocky = false'...", naming
// an option rxzmq does not have. What cannot be delivered is told in rxzmq's words.
describe('what libzmq still holds when the process ends', () => {
  const track = tracker()
  const zeromqWords = /Waiting for queued ZeroMQ messages|blocky/

  async function run(body: string): Promise<RunResult & { ms: number }> {
    const started = Date.now()
    const result = await runNode(
      `
      const rxzmq = require('rxzmq')
      ;(async () => {
        ${body}
      })().catch((e) => { console.log('failed', e.code, e.message); process.exitCode = 1 })
    `,
      [],
      15000,
    )
    expect(result.stderr).not.toMatch(zeromqWords)
    expect(result.stderr).not.toContain('[killed')
    expect(result.stdout).not.toContain('failed')
    expect(result.code).toBe(0)
    return { ...result, ms: Date.now() - started }
  }

  it('should linger while Node runs and then tell of the drop, after complete() with no peer', async () => {
    const result = await run(`
      const push = new rxzmq.PushSocket({ connect: 'tcp://127.0.0.1:9', linger: 300 })
      push.next('nobody takes this')
      push.complete()
    `)
    expect(result.stderr).toContain('ERR_LINGER_EXPIRED')
    expect(result.stderr).toContain('PushSocket: closed with messages libzmq could not deliver')
  })

  it('should complete a socket left open when nothing else keeps Node running', async () => {
    const result = await run(`
      const push = new rxzmq.PushSocket({ connect: 'tcp://127.0.0.1:9', linger: 300 })
      await push.send('nobody takes this')
      push.closed.then(() => console.log('closed'))
    `)
    expect(result.stdout).toContain('closed')
    expect(result.stderr).toContain('ERR_LINGER_EXPIRED')
  })

  it('should deliver what a socket left open still held, and exit quietly', async () => {
    const pull = track(new PullSocket())
    const endpoint = await pull.bind('tcp://127.0.0.1:*')
    const got = firstValueFrom(pull.pipe(take(3), toArray()))
    const result = await run(`
      const push = new rxzmq.PushSocket({ connect: '${endpoint}' })
      push.next('a')
      push.next('b')
      push.next('c')
    `)
    expect(result.stderr).toBe('')
    expect((await got).map(String)).toEqual(['a', 'b', 'c'])
  })

  it('should say nothing for sockets that sent nothing (a Subscriber with topics, a Pull)', async () => {
    const result = await run(`
      new rxzmq.SubscriberSocket({ connect: 'tcp://127.0.0.1:9', topics: ['a', 'b'] })
      new rxzmq.PullSocket({ bind: 'tcp://127.0.0.1:*' })
    `)
    expect(result.stderr).toBe('')
  })

  it('should have delivered everything once closed resolves, so that process.exit() loses nothing', async () => {
    const pull = track(new PullSocket({ receiveHighWaterMark: 100 }))
    const endpoint = await pull.bind('tcp://127.0.0.1:*')
    const count = 20000
    let received = 0
    const all = new Promise<void>((resolve) =>
      pull.subscribe(() => {
        if (++received === count) resolve()
      }),
    )
    const result = await run(`
      const push = new rxzmq.PushSocket({ connect: '${endpoint}', sendQueue: { limit: ${count} } })
      const kib = Buffer.alloc(1024, 1) // more than the kernel's socket buffers hold
      for (let i = 0; i < ${count}; i++) push.next(kib)
      push.complete()
      await push.closed
      process.exit(0)
    `)
    expect(result.stderr).toBe('')
    await all
    expect(received).toBe(count)
  })

  it('should warn in its own words when process.exit() comes with a socket that sent still open', async () => {
    const result = await run(`
      const push = new rxzmq.PushSocket({ connect: 'tcp://127.0.0.1:9' })
      await push.send('nobody takes this')
      process.exit(0)
    `)
    expect(result.stderr).toContain('ERR_EXIT_UNDELIVERED')
    expect(result.stderr).toContain('PushSocket: still open at process.exit()')
  })

  it('should warn when process.exit() comes while libzmq is still delivering after complete()', async () => {
    const result = await run(`
      const push = new rxzmq.PushSocket({ connect: 'tcp://127.0.0.1:9' })
      await push.send('nobody takes this')
      push.complete()
      process.exit(0)
    `)
    expect(result.stderr).toContain('PushSocket: process.exit() while libzmq was still delivering')
  })
})
