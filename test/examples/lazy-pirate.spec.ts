// The Lazy Pirate hello world client against the seed's Python server, tried as a new user
// would: start the server, run the client, kill the server mid-run, start it again.
//
//   rxzmq hello-world/client --REQ/REP tcp://localhost:5565-->  Python hello_world_server.py
//   (RequestSocket with requestTimeout 2500 ms, 3 retries, a fresh socket for each retry)
//
// The seed's server binds the fixed port 5555, which test/examples/seed-interop.spec.ts uses
// too, and Jest may run both files at once; so the server runs here through
// seed-on-port.py, which rewrites its bind to 5565 without touching the seed copy, and the
// client is told `--endpoint tcp://localhost:5565`. No sleeps: each step waits for a line of
// output (the kill after the 3rd reply, the restart after the client's first retry).
import { join } from 'node:path'
import { checkPortFree, example, killAll, outputs, PYTHON, start, type Proc } from './processes'

const PORT = 5565
const ENDPOINT = `tcp://localhost:${PORT}`

function pythonServer(): Proc {
  return start('python hello_world_server.py (port 5565)', PYTHON, [
    join(__dirname, 'seed-on-port.py'),
    'hello_world_server.py',
    '5555',
    String(PORT),
  ])
}

function replies(out: string): number[] {
  return [...out.matchAll(/^Received reply (\d+) \[ World \]$/gm)].map((m) => Number(m[1]))
}

const RETRY = /^W: no reply to request \d+ within \d+ ms, retrying on a new socket/m

beforeEach(() => checkPortFree(PORT))
afterEach(killAll)

describe('hello world client (Lazy Pirate) against the seed Python server', () => {
  it('should get all 10 replies across a server kill and restart', async () => {
    const started = Date.now()
    let server = pythonServer()
    const client = example('hello-world/client', '--endpoint', ENDPOINT)

    // Kill the server once the 3rd reply is in: request 3 goes to a dead server.
    await client.waitFor(/^Received reply 2 \[ World \]$/m)
    await server.kill()
    const killedAt = Date.now()

    // Restart it once the client has given up on its stuck socket.
    await client.waitFor(RETRY, { timeout: 10000 })
    const retriedAt = Date.now()
    server = pythonServer()

    const exit = await client.waitForExit(30000)
    const finished = Date.now()
    expect({ exit, out: outputs(client, server) }).toMatchObject({ exit: { code: 0 } })
    expect(replies(client.stdout)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    const retries = client.stdout.match(new RegExp(RETRY.source, 'gm')) ?? []
    expect(retries.length).toBeGreaterThanOrEqual(1)
    expect(retries.length).toBeLessThanOrEqual(3)
    expect(client.stderr).not.toMatch(/^E: /m)
    // The restarted server got request 3 again and the 6 after it.
    await server.waitFor(/^Received request: b'Hello'$/m, { count: 7 })
    console.log(
      `lazy pirate, restart: 10/10 answered, 0 failed, ${retries.length} retr${retries.length === 1 ? 'y' : 'ies'}; ` +
        `server down ${retriedAt - killedAt} ms before restart; run ${finished - started} ms`,
    )
  }, 60000)

  it('should fail the request with a clear error after its retries and exit 1 when the server is gone for good', async () => {
    const started = Date.now()
    const server = pythonServer()
    const client = example('hello-world/client', '--endpoint', ENDPOINT)

    await client.waitFor(/^Received reply 2 \[ World \]$/m)
    await server.kill()

    const exit = await client.waitForExit(30000)
    const finished = Date.now()
    expect({ exit, out: outputs(client, server) }).toMatchObject({ exit: { code: 1 } })
    expect(replies(client.stdout)).toEqual([0, 1, 2])
    expect(client.stdout.match(new RegExp(RETRY.source, 'gm'))).toHaveLength(3)
    expect(client.stderr).toContain(
      `E: request 3 failed: no reply from ${ENDPOINT} after 4 attempts of 2500 ms each (each retry on a new socket): the server seems to be offline`,
    )
    expect(client.stderr).toContain('E: abandoning: 3 answered, 1 failed, 6 not sent')
    // 4 attempts of 2.5 s, then it exits at once: no socket keeps the process alive.
    console.log(
      `lazy pirate, gone for good: 3/10 answered, 1 failed after 4 attempts, 6 not sent; run ${finished - started} ms`,
    )
  }, 60000)

  it('should fail each request on its own with --keep-going when no server ever comes, and exit 1', async () => {
    const started = Date.now()
    const client = example(
      'hello-world/client',
      '--endpoint',
      ENDPOINT,
      '--timeout',
      '200',
      '--retries',
      '1',
      '--keep-going',
    )
    const exit = await client.waitForExit(30000)
    const finished = Date.now()
    expect({ exit, out: outputs(client) }).toMatchObject({ exit: { code: 1 } })
    expect(replies(client.stdout)).toEqual([])
    const failures = client.stderr.match(
      new RegExp(
        `^E: request \\d+ failed: no reply from tcp://localhost:${PORT} after 2 attempts of 200 ms each`,
        'gm',
      ),
    )
    expect(failures).toHaveLength(10)
    expect(client.stdout.match(new RegExp(RETRY.source, 'gm'))).toHaveLength(10)
    expect(client.stderr).toMatch(/^E: 0 answered, 10 failed$/m)
    // 10 requests × 2 attempts × 200 ms: at least 4 s, and it did not hang.
    expect(finished - started).toBeGreaterThanOrEqual(4000)
    console.log(
      `lazy pirate, no server, --keep-going: 0/10 answered, 10 failed (2 attempts each); run ${finished - started} ms`,
    )
  }, 60000)
})
