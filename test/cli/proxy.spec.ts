// rxzmq proxy as a subprocess between the seed's Python programs and rxzmq peers.
import { killAll, outputs } from '../examples/processes'
import { freePort } from '../helpers/ports'
import { expectOneLine, lines, requireBuild, result, run, rxzmq, seedOnPort } from './cli'

requireBuild()
afterEach(killAll)

describe('rxzmq proxy', () => {
  it("should forward the seed's weather updates to the seed's client (forwarder, native mode)", async () => {
    const [serverPort, proxyPort] = [await freePort(), await freePort()]
    const server = seedOnPort('wuserver.py', 5556, serverPort)
    const proxy = rxzmq([
      'proxy',
      'forwarder',
      '--frontend-connect',
      `tcp://localhost:${serverPort}`,
      '--backend-bind',
      `tcp://*:${proxyPort}`,
    ])
    await proxy.waitFor(/^rxzmq proxy: forwarder running \(native mode\)/m, { stream: 'stderr' })
    const client = seedOnPort('wuclient.py', 5556, proxyPort, '10001')
    const exit = await result(client, 30000)
    expect({ code: exit.code, out: outputs(client, proxy, server) }).toMatchObject({ code: 0 })
    expect(
      lines(exit.stdout).filter((l) => /^Average temperature for zipcode '10001' was/.test(l)),
    ).toHaveLength(5)
    proxy.signal('SIGTERM')
    const stopped = await result(proxy)
    expect(stopped.code).toBe(143)
    expect(stopped.stdout).toBe('')
  }, 40000)

  it("should broker the seed's hello world client to rxzmq workers, count exactly, and stop on TERMINATE (queue)", async () => {
    const [front, back] = [await freePort(), await freePort()]
    const proxy = rxzmq([
      'proxy',
      'queue',
      '--frontend-bind',
      `tcp://*:${front}`,
      '--backend-bind',
      `tcp://*:${back}`,
      '--stats',
      '600000',
      '--json',
      '--control',
    ])
    await proxy.waitFor(/^rxzmq proxy: queue running \(rx mode\)/m, { stream: 'stderr' })
    const workers = [1, 2].map(() =>
      rxzmq(['rep', '--connect', `tcp://localhost:${back}`, '--reply', 'World', '-q']),
    )
    const client = seedOnPort('hello_world_client.py', 5555, front)
    const exit = await result(client, 30000)
    expect({ code: exit.code, out: outputs(client, proxy, ...workers) }).toMatchObject({ code: 0 })
    for (let n = 0; n < 10; n++) expect(exit.stdout).toContain(`Received reply ${n} [ b'World' ]`)

    proxy.end('STATISTICS\nTERMINATE\n')
    const stopped = await result(proxy)
    expect({ code: stopped.code, out: stopped.out }).toMatchObject({ code: 0 })
    const reports = lines(stopped.stdout).map(
      (line) =>
        (JSON.parse(line) as { statistics: Record<string, Record<string, number>> }).statistics,
    )
    // STATISTICS, then the final report: both exact. A request crosses as [routing id (5 bytes
    // from libzmq), '', 'Hello'], a reply as [routing id, '', 'World'].
    expect(reports).toHaveLength(2)
    for (const s of reports) {
      expect(s.frontend).toEqual({
        messagesIn: 10,
        framesIn: 30,
        bytesIn: 100,
        messagesOut: 10,
        framesOut: 30,
        bytesOut: 100,
      })
      expect(s.backend).toEqual(s.frontend)
    }
  }, 40000)

  it('should show what crosses with --capture (streamer)', async () => {
    const [front, back] = [await freePort(), await freePort()]
    const proxy = rxzmq([
      'proxy',
      'streamer',
      '--frontend-bind',
      `tcp://127.0.0.1:${front}`,
      '--backend-bind',
      `tcp://127.0.0.1:${back}`,
      '--capture',
    ])
    await proxy.waitFor(/running \(rx mode\)/, { stream: 'stderr' })
    const pull = rxzmq(['pull', `tcp://127.0.0.1:${back}`, '-n', '3'])
    const push = await run(['push', `tcp://127.0.0.1:${front}`], 'a\n["b","c"]\nd\n')
    expect(push.code).toBe(0)
    expect(lines((await result(pull)).stdout)).toEqual(['a', '["b","c"]', 'd'])
    await proxy.waitFor(/^> d$/m)
    expect(lines(proxy.stdout)).toEqual(['> a', '> ["b","c"]', '> d'])
    proxy.signal('SIGINT')
    expect((await result(proxy)).code).toBe(130)
  })

  it('should refuse a bad command line with exit 2', async () => {
    const missing = await run(['proxy', 'queue', '--frontend-bind', 'tcp://*:5'])
    expect(missing.code).toBe(2)
    expectOneLine(
      missing.stderr,
      /^rxzmq proxy: no backend endpoint: give --backend-bind or --backend-connect/,
    )
    const mode = await run([
      'proxy',
      'streamer',
      '--frontend-bind',
      'tcp://127.0.0.1:*',
      '--backend-bind',
      'tcp://127.0.0.1:*',
      '--mode',
      'fast',
    ])
    expect(mode.code).toBe(2)
    expectOneLine(mode.stderr, /^rxzmq proxy: option '--mode' takes auto, native or rx, got 'fast'/)
  })
})
