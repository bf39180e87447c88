// The ZMTP wire fuzzer (test/transport/zmtp/fuzz-driver.ts) in a child process of its own, so
// that a crash, an uncaught exception or an unhandled rejection fails the test with its output:
// 10,000 seeded cases of malformed greetings, handshakes, frames and commands from raw TCP
// clients. Every bad input must cost exactly one typed error of the class it calls for, every
// connection must end, memory must stay flat, and libzmq must still be served afterwards.
// ZMTP_FUZZ_SEED picks another seed; a failure names the seed.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const ROOT = join(__dirname, '..', '..', '..')
const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href
const SEED = Number(process.env.ZMTP_FUZZ_SEED ?? 20240611)
const CASES = 10000

interface Summary {
  seed: number
  cases: number
  expected: Record<string, number>
  badErrors: Record<string, number>
  badDetail: Record<string, number>
  randomErrors: Record<string, number>
  randomPipes: number
  accepts: number[]
  disconnects: number[]
  openPipes: number
  hung: number
  served: boolean[]
  heapGrowthMB: number
  problems: string[]
  ms: number
}

function runDriver(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--expose-gc',
        '--import',
        TSX,
        join(__dirname, 'fuzz-driver.ts'),
        String(SEED),
        String(CASES),
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('ZMTP wire fuzzer', () => {
  it(`should answer ${CASES} malformed inputs with typed errors and keep serving (seed ${SEED})`, async () => {
    const { code, stdout, stderr } = await runDriver()
    expect({ code, stderr: stderr.replace(/^.*(Warning|--trace-warnings).*\n?/gm, '') }).toEqual({
      code: 0,
      stderr: '',
    })
    const summary = JSON.parse(stdout.trim().split('\n').pop()!) as Summary
    console.log(
      `zmtp fuzz seed ${summary.seed}: ${summary.cases} cases in ${summary.ms} ms; bad inputs: ` +
        `${JSON.stringify(summary.badDetail)}; random mutations: ${JSON.stringify(summary.randomErrors)}, ` +
        `${summary.randomPipes} reached a pipe; heap +${summary.heapGrowthMB} MB`,
    )
    expect(summary.cases).toBeGreaterThanOrEqual(10000)
    expect(summary.problems).toEqual([])
    expect(summary.hung).toBe(0)
    // each bad input cost exactly one typed error, of the class it calls for
    expect(summary.badErrors).toEqual(summary.expected)
    // every connection ended and was reported; none is left open
    expect(summary.accepts).toEqual(summary.disconnects)
    expect(summary.accepts[0] + summary.accepts[1]).toBe(summary.cases + 2)
    expect(summary.openPipes).toBe(0)
    // libzmq is still served at both listeners
    expect(summary.served).toEqual([true, true])
    expect(summary.heapGrowthMB).toBeLessThan(32)
  }, 90000)
})
