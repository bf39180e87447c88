import { curveKeyPair } from '../../src/security/curveKeyPair'
import { example, killAll, outputs, type Proc } from '../examples/processes'

// The security examples as a user runs them, each in its own process:
//
//   examples/security/curve-server.ts  ◀──CURVE── examples/security/curve-client.ts
//   examples/security/zap.ts           (one process: handler, two servers, five clients)

afterEach(killAll)

/** Starts the CURVE server on a free port; resolves with its public key and endpoint. */
async function server(...args: string[]): Promise<[Proc, string, string]> {
  const proc = example('security/curve-server', '--endpoint', 'tcp://127.0.0.1:*', ...args)
  const [keyLine] = await proc.waitFor(/^Server public key: \S{40}$/m)
  const [listening] = await proc.waitFor(/^Listening on tcp:\/\/127\.0\.0\.1:\d+/m)
  return [proc, keyLine.slice(-40), listening.split(' ')[2]]
}

/** Runs the CURVE client to the end, with a client secret key in its environment if given. */
async function client(serverKey: string, endpoint: string, secretKey?: string): Promise<Proc> {
  const saved = process.env.RXZMQ_CLIENT_SECRET
  if (secretKey !== undefined) process.env.RXZMQ_CLIENT_SECRET = secretKey
  try {
    const proc = example('security/curve-client', serverKey, '--endpoint', endpoint)
    await proc.waitForExit(20000)
    return proc
  } finally {
    if (saved === undefined) delete process.env.RXZMQ_CLIENT_SECRET
    else process.env.RXZMQ_CLIENT_SECRET = saved
  }
}

describe('security examples', () => {
  it('should talk over CURVE with the right server key, and stop on SIGTERM', async () => {
    const [srv, key, endpoint] = await server()
    const cli = await client(key, endpoint)
    expect({ code: (await cli.exited).code, out: outputs(srv, cli) }).toMatchObject({ code: 0 })
    expect(cli.stdout).toMatch(/Received reply 2 \[ World \]/)
    await srv.waitFor(/^Received request: Hello$/m, { count: 3 })
    srv.signal('SIGTERM')
    expect((await srv.waitForExit(10000)).code).toBe(0)
  }, 40000)

  it('should make a client with the wrong server key exit 1 without hanging', async () => {
    const [srv, , endpoint] = await server()
    const cli = await client(curveKeyPair().publicKey, endpoint)
    expect({ code: (await cli.exited).code, out: outputs(srv, cli) }).toMatchObject({ code: 1 })
    expect(cli.stderr).toMatch(/the handshake failed \(is this the right server key\?\)/)
    await srv.waitFor(/^handshake:error:protocol/m)
    expect(srv.stdout).not.toMatch(/Received request/)
  }, 40000)

  it('should admit only the client keys given with --allow', async () => {
    const alice = curveKeyPair()
    const [srv, key, endpoint] = await server('--allow', alice.publicKey)
    const mallory = await client(key, endpoint)
    expect({ code: (await mallory.exited).code, out: outputs(srv, mallory) }).toMatchObject({
      code: 1,
    })
    expect(mallory.stderr).toMatch(/the server refused this client/)
    const aliceRun = await client(key, endpoint, alice.secretKey)
    expect({ code: (await aliceRun.exited).code, out: outputs(srv, aliceRun) }).toMatchObject({
      code: 0,
    })
    expect(aliceRun.stdout).toContain(`Client public key: ${alice.publicKey}`)
    await srv.waitFor(/^ZAP: 127\.0\.0\.1 allowed$/m)
    expect(srv.stdout).toMatch(/^ZAP: 127\.0\.0\.1 refused \(Public key not allowed\)$/m)
    // the secret key given in the environment never shows in any output
    expect(outputs(srv, mallory, aliceRun)).not.toContain(alice.secretKey)
  }, 40000)

  it('should refuse a bad key on the command line without printing it', async () => {
    const bad = curveKeyPair().publicKey.slice(0, 39) + '~'
    const cli = await client(bad, 'tcp://127.0.0.1:1')
    expect((await cli.exited).code).toBe(2)
    expect(cli.stderr).toMatch(
      /curveServerKey: not a Z85-encoded CURVE key: the character at position 39/,
    )
    expect(cli.stderr).not.toContain(bad.slice(0, 20))
  }, 30000)

  it('should run the ZAP demo: every client gets the answer it should', async () => {
    const demo = example('security/zap')
    const exit = await demo.waitForExit(30000)
    expect({ exit, out: demo.describe() }).toMatchObject({ exit: { code: 0 } })
    expect(demo.stdout).toContain('Every client got the answer it should.')
    expect(demo.stdout.match(/-> in:/g)).toHaveLength(2)
    expect(demo.stdout.match(/-> refused/g)).toHaveLength(3)
  }, 40000)
})
