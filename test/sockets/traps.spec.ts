import { runNode } from '../helpers/node'

// Each trap of zeromq.js (documented in the README: "Known limits" and the socket sections) that rxzmq owns, shown in a fresh Node process
// running the built package, because the traps are about process exit, GC and crashes.
describe('zeromq.js traps rxzmq owns', () => {
  it('should not segfault at exit after a bad option (zeromq.js constructors do)', async () => {
    const result = await runNode(`
      const { PushSocket } = require('rxzmq')
      try {
        new PushSocket({ sendHighWaterMark: 'lots' })
      } catch (e) {
        console.log('refused:', e.name, e.option)
      }
    `)
    expect(result.stdout).toContain('refused: InvalidOptionError sendHighWaterMark')
    expect(result.signal).toBeNull()
    expect(result.code).toBe(0)
  })

  it('should never throw EBUSY however many messages next() is given at once', async () => {
    const result = await runNode(`
      const { PushSocket, PullSocket } = require('rxzmq')
      const { take, lastValueFrom, count } = require('rxjs')
      ;(async () => {
        const pull = new PullSocket()
        const endpoint = await pull.bind('tcp://127.0.0.1:*')
        const push = new PushSocket({ connect: endpoint, sendQueue: { limit: 5000 } })
        const got = lastValueFrom(pull.pipe(take(5000), count()))
        for (let i = 0; i < 5000; i++) push.next(String(i))
        console.log('received', await got)
        push.complete(); pull.close()
      })().catch((e) => { console.log('failed', e.code, e.message); process.exitCode = 1 })
    `)
    expect(result.stdout).toContain('received 5000')
    expect(result.stderr).not.toMatch(/EBUSY/)
    expect(result.code).toBe(0)
  })

  it('should let the process exit on its own after complete() with undeliverable messages', async () => {
    // zeromq.js's default linger -1 hangs the process at exit here; rxzmq lingers 1000 ms
    const started = Date.now()
    const result = await runNode(`
      const { PushSocket } = require('rxzmq')
      const push = new PushSocket({ connect: 'tcp://127.0.0.1:9' })
      for (let i = 0; i < 10; i++) push.next('nobody listens')
      push.complete()
      push.closed.then(() => console.log('closed'))
    `)
    expect(result.stderr).not.toContain('[killed')
    expect(result.stdout).toContain('closed')
    expect(result.code).toBe(0)
    expect(Date.now() - started).toBeLessThan(15000)
  })

  it('should keep a subscribed socket alive through garbage collection', async () => {
    // zeromq.js closes an unreferenced socket on GC even with a receive pending
    const result = await runNode(
      `
      const { PullSocket, PushSocket } = require('rxzmq')
      const { firstValueFrom } = require('rxjs')
      ;(async () => {
        const endpoint = 'inproc://gc-' + process.pid
        const got = (() => { const pull = new PullSocket({ bind: endpoint }); return firstValueFrom(pull) })()
        await new Promise((r) => setImmediate(r))
        for (let i = 0; i < 5; i++) { global.gc(); await new Promise((r) => setImmediate(r)) }
        const push = new PushSocket({ connect: endpoint })
        push.next('survived gc')
        console.log('got', String((await got)[0]))
        push.close()
        process.exit(0)
      })()
    `,
      ['--expose-gc'],
    )
    expect(result.stdout).toContain('got survived gc')
  })

  it('should settle every call: REQ sent twice and REP sent first are refused, not left pending', async () => {
    const result = await runNode(`
      const { RequestSocket, ReplySocket } = require('rxzmq')
      ;(async () => {
        const rep = new ReplySocket()
        const endpoint = await rep.bind('tcp://127.0.0.1:*')
        const req = new RequestSocket({ connect: endpoint })
        await req.send('one')
        await req.send('two').catch((e) => console.log('req:', e.code))
        const lone = new ReplySocket()
        await lone.send('unasked').catch((e) => console.log('rep:', e.code))
        req.close(); rep.close(); lone.close()
      })()
    `)
    expect(result.stdout).toContain('req: EFSM')
    expect(result.stdout).toContain('rep: EFSM')
    expect(result.code).toBe(0)
  })

  it('should load the same API from import and require', async () => {
    const result = await runNode(`
      import('rxzmq').then((esm) => {
        const cjs = require('rxzmq')
        const a = Object.keys(cjs).sort().join(','), b = Object.keys(esm).filter((k) => k !== 'default').sort().join(',')
        console.log(a === b ? 'same' : 'different', Object.keys(cjs).length, esm.PublisherSocket === cjs.PublisherSocket)
        console.log('version', cjs.versions().rxzmq)
      })
    `)
    expect(result.stdout).toMatch(/same \d+ true/)
    expect(result.stdout).toMatch(/version \d+\.\d+\.\d+/)
  })
})
