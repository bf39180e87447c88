// The rxzmq command's socket commands as subprocesses, against the seed's Python programs
// (Debian's pyzmq) and against each other: stdout, stderr and exit codes, bad input included.
// Ports are free ones chosen per test; every process is killed after each test; each step waits
// for output or an exit, never on a timer.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { killAll, outputs, start } from '../examples/processes'
import { freePort } from '../helpers/ports'
import { expectOneLine, lines, requireBuild, result, run, rxzmq, seedOnPort } from './cli'

requireBuild()
afterEach(killAll)

describe('rxzmq sub|pub|req|rep with the seed (pyzmq)', () => {
  it("should print the seed weather server's updates for one zip code (rxzmq sub)", async () => {
    const port = await freePort()
    const server = seedOnPort('wuserver.py', 5556, port)
    const sub = await run(
      ['sub', `tcp://localhost:${port}`, '--topic', '10001', '--count', '5', '--timeout', '20000'],
      '',
      { timeout: 30000 },
    )
    expect({ code: sub.code, out: outputs(server) + sub.out }).toMatchObject({ code: 0 })
    const updates = lines(sub.stdout)
    expect(updates).toHaveLength(5)
    for (const update of updates) expect(update).toMatch(/^10001 -?\d+ \d+$/)
    // piped: no progress line, nothing on stderr
    expect(sub.stderr).toBe('')
  }, 40000)

  it("should answer the seed's hello world client 10 times (rxzmq rep --reply)", async () => {
    const port = await freePort()
    const rep = rxzmq(['rep', '--bind', `tcp://*:${port}`, '--reply', 'World', '--count', '10'])
    const client = seedOnPort('hello_world_client.py', 5555, port)
    const clientExit = await result(client, 30000)
    expect({ code: clientExit.code, out: outputs(client, rep) }).toMatchObject({ code: 0 })
    for (let n = 0; n < 10; n++) {
      expect(clientExit.stdout).toContain(`Received reply ${n} [ b'World' ]`)
    }
    const server = await result(rep)
    expect(server.code).toBe(0)
    expect(lines(server.stdout)).toEqual(Array(10).fill('Hello'))
    expect(server.stderr).toBe('')
  }, 40000)

  it("should publish stdin to the seed's weather client, waiting for its subscription (rxzmq pub)", async () => {
    const port = await freePort()
    const client = seedOnPort('wuclient.py', 5556, port) // zip 10001
    const pub = rxzmq([
      'pub',
      '--bind',
      `tcp://*:${port}`,
      '--subscribers',
      '1',
      '--timeout',
      '20000',
    ])
    pub.end(
      ['20000 99 10', '10001 10 50', '10001 20 50', '30000 0 0', '10001 30 50', '10001 40 50']
        .concat(['10001 50 50', '10001 60 50'])
        .join('\n') + '\n',
    )
    const clientExit = await result(client, 30000)
    expect({ code: clientExit.code, out: outputs(client, pub) }).toMatchObject({ code: 0 })
    expect(lines(clientExit.stdout).slice(1)).toEqual(
      [10, 15, 20, 25, 30].map((t) => `Average temperature for zipcode '10001' was ${t}.0 F`),
    )
    const publisher = await result(pub)
    expect({ code: publisher.code, out: publisher.out }).toMatchObject({ code: 0 })
    expect(publisher.stdout).toBe('')
  }, 40000)

  it("should get the seed's hello world server's replies (rxzmq req --message --count)", async () => {
    const port = await freePort()
    const server = seedOnPort('hello_world_server.py', 5555, port)
    const req = await run(['req', `tcp://localhost:${port}`, '-m', 'Hello', '-n', '2'], '', {
      timeout: 30000,
    })
    expect({ code: req.code, out: outputs(server) + req.out }).toMatchObject({ code: 0 })
    expect(lines(req.stdout)).toEqual(['World', 'World'])
    await server.waitFor(/^Received request: b'Hello'$/m, { count: 2 })
  }, 40000)
})

describe('rxzmq with rxzmq', () => {
  it('should answer with the output of a command (rep --exec) the lines req reads', async () => {
    const port = await freePort()
    const rep = rxzmq([
      'rep',
      '--bind',
      `tcp://127.0.0.1:${port}`,
      '--exec',
      'tr a-z A-Z',
      '-n',
      '2',
      '-q',
    ])
    const req = await run(['req', `tcp://127.0.0.1:${port}`], 'hello\nworld\n')
    expect({ code: req.code, out: req.out }).toMatchObject({ code: 0 })
    expect(lines(req.stdout)).toEqual(['HELLO', 'WORLD'])
    const server = await result(rep)
    expect({ code: server.code, stdout: server.stdout }).toEqual({ code: 0, stdout: '' })
  })

  it('should echo by default', async () => {
    const port = await freePort()
    const rep = rxzmq(['rep', '--bind', `tcp://127.0.0.1:${port}`, '-n', '1'])
    const req = await run(['req', `tcp://127.0.0.1:${port}`, '-m', '["two","frames"]'])
    expect(lines(req.stdout)).toEqual(['["two","frames"]'])
    expect(lines((await result(rep)).stdout)).toEqual(['["two","frames"]'])
  })

  it('should carry one message per line: multipart as JSON arrays, or split by a separator', async () => {
    const port = await freePort()
    const pull = rxzmq(['pull', '--bind', `tcp://127.0.0.1:${port}`, '-n', '5', '--json'])
    const push = await run(
      ['push', `tcp://127.0.0.1:${port}`],
      ['plain', '["id","","body"]', '[not json', '', '["[1]"]'].join('\n') + '\n',
    )
    expect({ code: push.code, out: push.out }).toMatchObject({ code: 0 })
    const got = await result(pull)
    expect(got.code).toBe(0)
    expect(lines(got.stdout)).toEqual([
      '["plain"]',
      '["id","","body"]',
      '["[not json"]',
      '[""]',
      '["[1]"]',
    ])

    // the same messages shown without --json: one frame as itself, unless it reads as an array
    const port2 = await freePort()
    const pull2 = rxzmq(['pull', '--bind', `tcp://127.0.0.1:${port2}`, '-n', '3'])
    await run(['push', `tcp://127.0.0.1:${port2}`, '-s', '|'], 'a|b|c\nalone\n[1]\n')
    expect(lines((await result(pull2)).stdout)).toEqual(['["a","b","c"]', 'alone', '["[1]"]'])
  })

  it('should write and read frames as hex, base64 and JSON', async () => {
    const port = await freePort()
    const pull = rxzmq([
      'pull',
      '--bind',
      `tcp://127.0.0.1:${port}`,
      '-n',
      '2',
      '-e',
      'hex,base64',
      '-s',
      ' ',
    ])
    await run(
      ['push', `tcp://127.0.0.1:${port}`, '-e', 'text'],
      '["hi","there","you"]\n["\\u0000\\u00ff"]\n',
    )
    expect(lines((await result(pull)).stdout)).toEqual(['6869 dGhlcmU= eW91', '00c3bf'])

    const port2 = await freePort()
    const pull2 = rxzmq([
      'pull',
      '--bind',
      `tcp://127.0.0.1:${port2}`,
      '-n',
      '2',
      '-e',
      'json',
      '--json',
    ])
    const push = await run(
      ['push', `tcp://127.0.0.1:${port2}`, '-e', 'json'],
      '{"a": 1}\n[{"b":2},3]\n',
    )
    expect(push.code).toBe(0)
    expect(lines((await result(pull2)).stdout)).toEqual(['[{"a":1}]', '[{"b":2},3]'])
  })

  it('should talk ROUTER to DEALER both ways, the routing id in hex', async () => {
    const port = await freePort()
    const router = rxzmq(['router', '--bind', `tcp://127.0.0.1:${port}`])
    const dealer = rxzmq([
      'dealer',
      `tcp://127.0.0.1:${port}`,
      '--identity',
      'alice',
      '-m',
      'hello',
      '-n',
      '1',
    ])
    await router.waitFor(/^\["616c696365","hello"\]$/m)
    router.write('["616c696365","hi alice"]\n')
    const client = await result(dealer)
    expect({ code: client.code, out: client.out }).toMatchObject({ code: 0 })
    expect(lines(client.stdout)).toEqual(['hi alice'])
    router.signal('SIGTERM')
    const server = await result(router)
    expect(server.code).toBe(143)
    expect(server.stderr).toBe('')
  })

  it('should run a CURVE server and client with keys from rxzmq keygen, and fail on a wrong key', async () => {
    const keys = await run(['keygen'])
    expect(keys.code).toBe(0)
    const [publicLine, secretLine] = lines(keys.stdout)
    expect(publicLine).toMatch(/^public key: \S{40}$/)
    expect(secretLine).toMatch(/^secret key: \S{40}$/)
    const serverPublic = publicLine!.slice('public key: '.length)
    const dir = mkdtempSync(join(tmpdir(), 'rxzmq-cli-'))
    try {
      const keyFile = join(dir, 'server.key')
      writeFileSync(keyFile, keys.stdout, { mode: 0o600 })
      const port = await freePort()
      const rep = rxzmq([
        'rep',
        '--bind',
        `tcp://127.0.0.1:${port}`,
        '--curve-server',
        '--curve-secret-file',
        keyFile,
        '--reply',
        'secret ok',
      ])
      await rep.waitFor(new RegExp(`CURVE server public key ${escape(serverPublic)}`), {
        stream: 'stderr',
      })
      const req = await run(
        ['req', `tcp://127.0.0.1:${port}`, '-m', 'hi', '-n', '1', '-t', '10000'],
        '',
        {
          env: { RXZMQ_CURVE_SERVER_KEY: serverPublic },
        },
      )
      expect({ code: req.code, out: req.out }).toMatchObject({ code: 0 })
      expect(lines(req.stdout)).toEqual(['secret ok'])

      const other = JSON.parse((await run(['keygen', '--json'])).stdout) as { publicKey: string }
      const wrong = await run([
        'req',
        `tcp://127.0.0.1:${port}`,
        '--curve-server-key',
        other.publicKey,
        '-m',
        'hi',
        '-t',
        '1500',
      ])
      expect(wrong.code).toBe(1)
      expect(wrong.stdout).toBe('')
      expect(wrong.stderr).toMatch(/^rxzmq req: timeout: no reply within 1500 ms$/m)
      expect(wrong.stderr).not.toMatch(/^\s+at /m)
      // the server saw the wrong key fail the handshake
      await rep.waitFor(/handshake:error:protocol: .*ERR_ZMTP_CRYPTOGRAPHIC/, { stream: 'stderr' })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('should print a new key pair as JSON, the public key the one of the secret key', async () => {
    const keys = await run(['keygen', '--json'])
    const { publicKey, secretKey } = JSON.parse(keys.stdout) as {
      publicKey: string
      secretKey: string
    }
    // a server given the secret key in the environment shows the public key that goes with it
    const server = rxzmq(['rep', '--bind', 'tcp://127.0.0.1:*', '--curve-server'], {
      RXZMQ_CURVE_SECRET_KEY: secretKey,
    })
    await server.waitFor(new RegExp(`CURVE server public key ${escape(publicKey)}$`, 'm'), {
      stream: 'stderr',
    })
  })
})

describe('rxzmq monitor', () => {
  it("should show a socket's events live and exit 0 once the handshake came (--until)", async () => {
    const port = await freePort()
    seedOnPort('wuserver.py', 5556, port)
    const monitor = await run(
      [
        'monitor',
        `tcp://127.0.0.1:${port}`,
        '--type',
        'sub',
        '--until',
        'handshake',
        '--timeout',
        '20000',
      ],
      '',
      { timeout: 30000 },
    )
    expect({ code: monitor.code, out: monitor.out }).toMatchObject({ code: 0 })
    const events = lines(monitor.stdout).map((line) => line.trim().split(/\s+/)[1])
    expect(events).toContain('connect')
    expect(events[events.length - 1]).toBe('handshake')
  }, 40000)

  it('should fail (exit 1) when nobody answers within --timeout, as JSON for scripts', async () => {
    const port = await freePort()
    const monitor = await run([
      'monitor',
      `tcp://127.0.0.1:${port}`,
      '--until',
      'handshake',
      '--timeout',
      '700',
      '--json',
    ])
    expect(monitor.code).toBe(1)
    expectOneLine(monitor.stderr, /^rxzmq monitor: timeout: no handshake event within 700 ms$/)
    for (const line of lines(monitor.stdout)) {
      const event = JSON.parse(line) as { type: string; address: string; time: string }
      expect(event.address).toBe(`tcp://127.0.0.1:${port}`)
      expect(event.type).toMatch(/^connect:(delay|retry)$|^close$/)
    }
  })
})

describe('exit codes and errors: one line on stderr, never a stack trace', () => {
  it('should exit 2 for usage errors', async () => {
    const cases: [string[], RegExp][] = [
      [['nope'], /^rxzmq: unknown command 'nope' \(rxzmq --help lists them\)/],
      [['sub', '--bogus'], /^rxzmq sub: unknown option '--bogus' \(rxzmq sub --help\)$/],
      [
        ['sub', 'tcp://localhost:1', '--count', 'x'],
        /^rxzmq sub: option '--count' takes an integer >= 1, got 'x'/,
      ],
      [['sub'], /^rxzmq sub: no endpoint: give one to connect to, or --bind <endpoint>/],
      [
        ['sub', 'tcp://nope:xx'],
        /^rxzmq sub: SubscriberSocket: invalid endpoint 'tcp:\/\/nope:xx': port 'xx' is not a port number/,
      ],
      [
        ['pull', '--bind', 'foo://x'],
        /^rxzmq pull: PullSocket: invalid endpoint 'foo:\/\/x': unknown transport 'foo'/,
      ],
      [
        ['sub', 'tcp://localhost:1', '-e', 'morse'],
        /^rxzmq sub: option '--encoding' takes text, hex, base64 or json/,
      ],
      [
        ['req', 'tcp://localhost:1', '--curve-server-key', 'short'],
        /^rxzmq req: curveServerKey: a CURVE key is 40 Z85 characters/,
      ],
      [
        ['rep', '--bind', 'tcp://127.0.0.1:1', '--curve-server'],
        /^rxzmq rep: --curve-server needs a secret key/,
      ],
      [
        ['sub', 'tcp://localhost:1', '-o', 'receiveHighWaterMark=lots'],
        /^rxzmq sub: SubscriberSocket: option 'receiveHighWaterMark' refused value "lots"/,
      ],
      [['proxy', 'bogus'], /^rxzmq proxy: unknown proxy 'bogus': forwarder, queue or streamer/],
    ]
    for (const [args, pattern] of cases) {
      const r = await run(args)
      expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code: 2, stdout: '' })
      expectOneLine(r.stderr, pattern)
    }
  })

  it('should print the usage on stderr and exit 2 without a command, and help on stdout', async () => {
    const none = await run([])
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/^Usage: rxzmq <command>/)
    for (const name of [
      'demo',
      'sub',
      'pub',
      'req',
      'rep',
      'push',
      'pull',
      'dealer',
      'router',
      'keygen',
      'monitor',
      'proxy',
      'bench',
    ]) {
      expect(none.stderr).toMatch(new RegExp(`^ {2}${name} `, 'm'))
      const help = await run([name, '--help'])
      expect({ name, code: help.code }).toEqual({ name, code: 0 })
      expect(help.stdout).toMatch(new RegExp(`^Usage: rxzmq ${name}`))
      expect(help.stderr).toBe('')
    }
  }, 60000)

  it('should exit 1 for runtime failures: an address in use, a timeout, bad input', async () => {
    const port = await freePort()
    const holder = rxzmq(['pull', '--bind', `tcp://127.0.0.1:${port}`, '--verbose'])
    await holder.waitFor(/^rxzmq pull: bind /m, { stream: 'stderr' })
    const inUse = await run(['pull', '--bind', `tcp://127.0.0.1:${port}`])
    expect(inUse.code).toBe(1)
    expectOneLine(
      inUse.stderr,
      /^rxzmq pull: .*'tcp:\/\/127\.0\.0\.1:\d+' failed: the address is already in use \(EADDRINUSE\)$/,
    )
    holder.signal('SIGINT')
    expect((await result(holder)).code).toBe(130)

    const silent = await run(['pull', `tcp://127.0.0.1:${port}`, '--timeout', '300'])
    expect(silent.code).toBe(1)
    expectOneLine(silent.stderr, /^rxzmq pull: timeout: no message within 300 ms$/)

    const noPeer = await run(['push', `tcp://127.0.0.1:${port}`, '--timeout', '300'], 'lost\n')
    expect(noPeer.code).toBe(1)
    expectOneLine(
      noPeer.stderr,
      /^rxzmq push: timeout: could not send within 300 ms \(no peer took the message\)$/,
    )

    const badLine = await run(
      ['pub', '--bind', 'tcp://127.0.0.1:*', '--json'],
      '["ok"]\n{"no": 1}\n',
    )
    expect(badLine.code).toBe(1)
    expectOneLine(badLine.stderr, /^rxzmq pub: stdin line 2: not a JSON array of frames$/)

    const badHex = await run(['pub', '--bind', 'tcp://127.0.0.1:*', '-e', 'hex'], 'abc\n')
    expect(badHex.code).toBe(1)
    expectOneLine(badHex.stderr, /^rxzmq pub: stdin line 1: frame 1 is not hex: "abc"$/)
  }, 40000)

  it('should close cleanly on SIGINT and SIGTERM: exit 130 and 143', async () => {
    const port = await freePort()
    for (const [signal, code] of [
      ['SIGINT', 130],
      ['SIGTERM', 143],
    ] as const) {
      const sub = rxzmq(['sub', `tcp://127.0.0.1:${port}`, '-v'])
      await sub.waitFor(/connect:retry|connect:delay/, { stream: 'stderr' })
      sub.signal(signal)
      const r = await result(sub)
      expect({ signal, code: r.code, stdout: r.stdout }).toEqual({ signal, code, stdout: '' })
    }
  })
})

describe('progress', () => {
  it('should draw a progress line on a terminal (stderr), and none when piped', async () => {
    // script(1) runs the command on a pseudo-terminal
    const onTerminal = start('script rxzmq bench', 'script', [
      '-qec',
      `${process.execPath} bin/rxzmq.js bench --messages 2000`,
      '/dev/null',
    ])
    const r = await result(onTerminal, 60000)
    expect({ code: r.code, out: r.out }).toMatchObject({ code: 0 })
    // eslint-disable-next-line no-control-regex -- the progress bar's terminal escape sequence
    expect(r.stdout).toMatch(/\r\x1b\[2Krxzmq bench \[[#-]{24}\] \d\/5/)
    expect(r.stdout).toMatch(/PUSH → proxy → PULL, tcp, 16 B +native proxy/)

    const piped = await run(['bench', '--messages', '2000'], '', { timeout: 60000 })
    expect(piped.code).toBe(0)
    expect(piped.stderr).toBe('')
    // eslint-disable-next-line no-control-regex -- no terminal escape sequence when piped
    expect(piped.stdout).not.toMatch(/\x1b/)
  }, 90000)
})

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
