// Sockets closed mid-connect, mid-send, mid-receive and mid-request, 100 times each, in a
// child process (test/reliability/drivers/closeMidway.ts): no crash, every outcome a value, a
// completion or a typed ZmqError, no uncaught exception or unhandled rejection, no socket
// left open, and the process exits on its own, never by process.exit().
import { join } from 'node:path'
import { killAll, ROOT, start, TSX } from '../examples/processes'

const LOOPS = 100

describe('closing sockets in the middle of things', () => {
  afterEach(killAll)

  it.each([1, 99])(
    'should neither crash nor leak a handle, 100 times over (seed %i)',
    async (seed) => {
      const driver = start(`close-midway (seed ${seed})`, process.execPath, [
        '--import',
        TSX,
        join(ROOT, 'test', 'reliability', 'drivers', 'closeMidway.ts'),
        String(LOOPS),
        String(seed),
      ])
      // Exiting at all is the leak check: an open socket, a pending receive or a monitor
      // listener would keep the event loop, and so the process, alive.
      const exit = await driver.waitForExit(30000)
      expect({ exit, stderr: driver.stderr }).toEqual({
        exit: { code: 0, signal: null },
        stderr: '',
      })
      const stats = JSON.parse(driver.stdout.trim().split('\n').pop()!) as Record<string, number>
      console.log(`close-midway seed ${seed}: ${JSON.stringify(stats)}`)
      expect(stats).toMatchObject({
        loops: LOOPS,
        connect: LOOPS,
        send: LOOPS,
        receive: LOOPS,
        request: LOOPS,
        open: 0,
      })
      // Closes really cut operations short: sends and requests were refused with typed errors.
      expect(stats.typedErrors).toBeGreaterThan(0)
    },
    40000,
  )
})
