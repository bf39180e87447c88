// The examples against the seed's original Python programs (test/examples/seed/, unchanged),
// run with Debian's python3-zmq, in both directions where a pattern has two sides.
//
//   hello world   rxzmq client  --REQ/REP tcp://*:5555-->  Python server
//                 Python client --REQ/REP tcp://*:5555-->  rxzmq server
//   weather       Python server --PUB/SUB tcp://*:5556-->  rxzmq client
//                 rxzmq server  --PUB/SUB tcp://*:5556-->  Python client
//   pipeline      ventilator --PUSH tcp://*:5557--> worker(s) --PUSH tcp://*:5558--> sink
//                 (Python ventilator and sink, rxzmq worker; rxzmq ventilator and sink,
//                 Python worker; rxzmq ventilator, Python sink, one worker of each)
//
// The seed's ports are fixed, so every test using them lives in this one file, where Jest runs
// them one after the other; every process is killed after each test, pass or fail. No sleeps:
// each step waits for a line of output.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import {
  checkPortFree,
  example,
  killAll,
  outputs,
  PYTHON,
  ROOT,
  runExamplesOn,
  seed,
  start,
  TSX,
} from './processes'

const SEED_PORTS = [5555, 5556, 5557, 5558]

beforeEach(async () => {
  for (const port of SEED_PORTS) await checkPortFree(port)
})

afterEach(killAll)

// Every pattern runs twice: the examples on their default transport (libzmq through zeromq.js),
// then on rxzmq's own ZMTP (preloaded as the default transport), against the same Python.
describe.each(['native', 'zmtp'] as const)('the examples on the %s transport', (transport) => {
  beforeAll(() => runExamplesOn(transport))
  afterAll(() => runExamplesOn('native'))

  describe('hello world (REQ/REP on tcp://*:5555)', () => {
    it('should get 10 replies "World" from the Python server with the rxzmq client', async () => {
      const server = seed('hello_world_server.py')
      const client = example('hello-world/client')

      const exit = await client.waitForExit(30000)
      expect({ exit, out: client.stdout }).toMatchObject({ exit: { code: 0 } })
      const lines = client.stdout.trim().split('\n')
      expect(lines[0]).toBe('Connecting to hello world server...')
      for (let n = 0; n < 10; n++) {
        expect(lines).toContain(`Sending request ${n} ...`)
        expect(lines).toContain(`Received reply ${n} [ World ]`)
      }
      const requests = await server.waitFor(/^Received request: b'Hello'$/m, { count: 10 })
      expect(requests).toHaveLength(10)
    }, 40000)

    it('should answer the Python client 10 times with the rxzmq server, and stop on SIGTERM', async () => {
      const server = example('hello-world/server')
      const client = seed('hello_world_client.py')

      const exit = await client.waitForExit(30000)
      expect(exit.code).toBe(0)
      const lines = client.stdout.trim().split('\n')
      expect(lines[0]).toBe('Connecting to hello world server...')
      for (let n = 0; n < 10; n++) {
        expect(lines).toContain(`Sending request ${n} ...`)
        expect(lines).toContain(`Received reply ${n} [ b'World' ]`)
      }
      await server.waitFor(/^Received request: Hello$/m, { count: 10 })

      server.signal('SIGTERM')
      const serverExit = await server.waitForExit(5000)
      expect({ serverExit, out: outputs(server) }).toMatchObject({ serverExit: { code: 0 } })
      expect(server.stderr).toBe('')
    }, 40000)
    // Written as the README had it, `rep.pipe(text(), ...).subscribe(rep)`, the server closed
    // for good on a request that is not UTF-8, and exited 0 without a word.
    it('should keep serving after a request that is not UTF-8, and say what was wrong', async () => {
      const server = example('hello-world/server')
      const client = start('python bad client', PYTHON, [
        '-c',
        [
          'import zmq',
          'ctx = zmq.Context()',
          'for request in [b"\\xc3\\x28", b"Hello"]:',
          '    s = ctx.socket(zmq.REQ)',
          '    s.connect("tcp://localhost:5555")',
          '    s.send(request)',
          '    print("reply", s.recv())',
          '    s.close()',
        ].join('\n'),
      ])
      const exit = await client.waitForExit(20000)
      expect({ exit, out: outputs(client) }).toMatchObject({ exit: { code: 0 } })
      expect(client.stdout.trim().split('\n')).toEqual(["reply b''", "reply b'World'"])
      await server.waitFor(/^Received request: Hello$/m)
      expect(server.running).toBe(true)
      await server.waitFor(/hello-world\/server: bad request: text codec: cannot decode frame 0/, {
        stream: 'stderr',
      })
    }, 30000)
  })

  describe('weather (PUB/SUB on tcp://*:5556)', () => {
    const average = (zip: string): RegExp =>
      new RegExp(`^Average temperature for zipcode '${zip}' was (-?\\d+(\\.\\d+)?) F$`, 'm')

    /** The averages printed, checked as numbers a running average of -80..134 can be. */
    function averages(out: string, zip: string): number[] {
      const lines = out.trim().split('\n')
      expect(lines[0]).toBe('Collecting updates from weather server...')
      const values = lines.slice(1).map((line) => {
        const match = average(zip).exec(line)
        expect(match).not.toBeNull()
        return Number(match![1])
      })
      expect(values).toHaveLength(5)
      for (const v of values) {
        expect(v).toBeGreaterThanOrEqual(-80)
        expect(v).toBeLessThanOrEqual(134)
      }
      return values
    }

    it('should average 5 updates of the Python server with the rxzmq client (zip argument)', async () => {
      const server = seed('wuserver.py')
      const client = example('weather/client', '10001')

      const exit = await client.waitForExit(30000)
      expect({ exit, out: outputs(client, server) }).toMatchObject({ exit: { code: 0 } })
      averages(client.stdout, '10001')
      // Python prints its floats with a decimal point; so does the example.
      expect(client.stdout).toMatch(/was -?\d+\.\d+ F/)
    }, 40000)

    it('should feed the Python client from the rxzmq server, and stop on SIGINT', async () => {
      const server = example('weather/server')
      const client = seed('wuclient.py')

      const exit = await client.waitForExit(30000)
      expect({ exit, out: outputs(client, server) }).toMatchObject({ exit: { code: 0 } })
      averages(client.stdout, '10001')

      server.signal('SIGINT')
      const serverExit = await server.waitForExit(5000)
      expect({ serverExit, out: outputs(server) }).toMatchObject({ serverExit: { code: 0 } })
    }, 40000)
  })

  describe('pipeline (PUSH/PULL on tcp://*:5557 and tcp://*:5558)', () => {
    const WORKER_READY = /^worker: connected to the ventilator/m

    /** The sink's output: one ':' or '.' per result, then the elapsed time. */
    function expectSinkCounted100(out: string): number {
      const match = /^([:.]*)Total elapsed time: (\d+(\.\d+)?) msec$/m.exec(out)
      expect(match).not.toBeNull()
      const marks = match![1]!
      expect(marks).toBe(':.........'.repeat(10))
      return Number(match![2])
    }

    it("should do the Python ventilator's tasks with the rxzmq worker, collected by the Python sink", async () => {
      const sink = seed('tasksink.py')
      const worker = example('pipeline/worker')
      const ventilator = seed('taskvent.py')

      // The seed's ventilator waits for Enter; press it once the worker has connected.
      await ventilator.waitFor(/^Press Enter when the workers are ready: $/m)
      await worker.waitFor(WORKER_READY, { stream: 'stderr' })
      ventilator.write('\n')

      const [cost] = await ventilator.waitFor(/^Total expected cost: \d+ msec$/m)
      const sinkExit = await sink.waitForExit(30000)
      expect({ sinkExit, out: outputs(sink, worker, ventilator) }).toMatchObject({
        sinkExit: { code: 0 },
      })
      const elapsed = expectSinkCounted100(sink.stdout)
      expect(elapsed).toBeGreaterThan(0)
      expect(worker.stdout).toBe('.'.repeat(100))
      expect(cost).toMatch(/^Total expected cost: \d+ msec$/)
      expect((await ventilator.waitForExit(10000)).code).toBe(0)

      worker.signal('SIGTERM')
      const workerExit = await worker.waitForExit(5000)
      expect({ workerExit, out: outputs(worker) }).toMatchObject({ workerExit: { code: 0 } })
    }, 40000)

    it("should give the rxzmq ventilator's tasks to the Python worker, collected by the rxzmq sink", async () => {
      const sink = example('pipeline/sink')
      const worker = seed('taskwork.py')
      // stdin is a pipe, not a terminal: the ventilator waits for the worker's handshake itself.
      const ventilator = example('pipeline/ventilator', '--workers', '1')

      const ventilatorExit = await ventilator.waitForExit(20000)
      expect({ ventilatorExit, out: outputs(ventilator) }).toMatchObject({
        ventilatorExit: { code: 0 },
      })
      expect(ventilator.stdout).not.toMatch(/Press Enter/)
      expect(ventilator.stdout).toMatch(/^Sending tasks to workers\.\.\.$/m)
      const cost = Number(/^Total expected cost: (\d+) msec$/m.exec(ventilator.stdout)?.[1])
      expect(cost).toBeGreaterThanOrEqual(100)
      expect(cost).toBeLessThanOrEqual(10000)

      const sinkExit = await sink.waitForExit(30000)
      expect({ sinkExit, out: outputs(sink, worker, ventilator) }).toMatchObject({
        sinkExit: { code: 0 },
      })
      const elapsed = expectSinkCounted100(sink.stdout)
      // One worker does the tasks one after the other: at least the expected cost.
      expect(elapsed).toBeGreaterThanOrEqual(cost * 0.9)
      await worker.waitFor(/\./g, { count: 100 })
      expect(worker.stdout).toBe('.'.repeat(100))
    }, 40000)

    it('should share the tasks between a Python and an rxzmq worker once both connected (--workers 2)', async () => {
      const sink = seed('tasksink.py')
      const pythonWorker = seed('taskwork.py')
      const rxzmqWorker = example('pipeline/worker')
      const ventilator = example('pipeline/ventilator', '--workers', '2')

      const ventilatorExit = await ventilator.waitForExit(20000)
      expect({ ventilatorExit, out: outputs(ventilator) }).toMatchObject({
        ventilatorExit: { code: 0 },
      })
      const sinkExit = await sink.waitForExit(30000)
      expect({ sinkExit, out: outputs(sink, pythonWorker, rxzmqWorker, ventilator) }).toMatchObject(
        {
          sinkExit: { code: 0 },
        },
      )
      expectSinkCounted100(sink.stdout)
      // Both had shaken hands before the batch started, so PUSH shared the tasks between them.
      const done = pythonWorker.stdout.length + rxzmqWorker.stdout.length
      expect(done).toBe(100)
      expect(pythonWorker.stdout).toMatch(/^\.+$/)
      expect(rxzmqWorker.stdout).toMatch(/^\.+$/)
    }, 40000)

    // `script` gives the ventilator a terminal, where it asks for Enter like the seed.
    const withTerminal = existsSync('/usr/bin/script') ? it : it.skip
    withTerminal(
      'should prompt for Enter like the seed when run in a terminal',
      async () => {
        const sink = seed('tasksink.py')
        const worker = seed('taskwork.py')
        const command = [
          process.execPath,
          '--import',
          TSX,
          join(ROOT, 'examples', 'pipeline', 'ventilator.ts'),
        ]
          .map((arg) => `'${arg}'`)
          .join(' ')
        const ventilator = start('rxzmq pipeline/ventilator (terminal)', '/usr/bin/script', [
          '-qec',
          command,
          '/dev/null',
        ])

        await ventilator.waitFor(/^Press Enter when the workers are ready: \r?$/m)
        ventilator.write('\n')
        const ventilatorExit = await ventilator.waitForExit(20000)
        expect({ ventilatorExit, out: outputs(ventilator) }).toMatchObject({
          ventilatorExit: { code: 0 },
        })
        expect(ventilator.stdout).toMatch(/^Total expected cost: \d+ msec\r?$/m)
        const sinkExit = await sink.waitForExit(30000)
        expect({ sinkExit, out: outputs(sink, worker, ventilator) }).toMatchObject({
          sinkExit: { code: 0 },
        })
        expectSinkCounted100(sink.stdout)
      },
      40000,
    )
  })
})
