import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { repoRoot } from '../../helpers/node'
import { testWebSocketName } from './helpers/pipes'

/*
 * The Node suites dial with Node's built-in WebSocket when the process has it, else with the
 * test-only client (Jest starts Node 20 without --experimental-websocket, and the flag cannot be
 * turned on later). In that case this spec runs the suites that open real WebSockets again, in
 * a child Jest with the flag, so the built-in (undici, what Node users get) is always covered.
 */

const builtin = typeof (globalThis as { WebSocket?: unknown }).WebSocket === 'function'
const suites = ['libzmq.spec.ts', 'faults.spec.ts']

interface JestJson {
  numPassedTests: number
  numFailedTests: number
  numRuntimeErrorTestSuites: number
  testResults: {
    name: string
    message: string
    assertionResults: { ancestorTitles: string[]; status: string; fullName: string }[]
  }[]
}

function childJest(): Promise<{ json: JestJson | undefined; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        join(repoRoot, 'node_modules', 'jest', 'bin', 'jest.js'),
        '--runInBand',
        '--json',
        ...suites.map((suite) => join(__dirname, suite)),
      ],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-websocket`.trim(),
        },
      },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('close', () => {
      let json: JestJson | undefined
      try {
        json = JSON.parse(stdout) as JestJson
      } catch {
        json = undefined
      }
      resolve({ json, stderr })
    })
  })
}

describe("Node's built-in WebSocket", () => {
  if (builtin) {
    it('is what the suites dial with in this process', () => {
      expect(testWebSocketName).toBe('built-in WebSocket')
    })
    return
  }

  it(`passes ${suites.join(' and ')}, run in a child Jest with --experimental-websocket`, async () => {
    const { json, stderr } = await childJest()
    if (json === undefined) throw new Error(`the child Jest printed no results:\n${stderr}`)
    const failures = json.testResults
      .filter((suite) => suite.message !== '')
      .map((suite) => suite.message)
      .join('\n')
    expect(failures).toBe('')
    expect(json.numFailedTests).toBe(0)
    expect(json.numRuntimeErrorTestSuites).toBe(0)
    const titles = json.testResults.flatMap((suite) =>
      suite.assertionResults.map((result) => result.ancestorTitles[0]),
    )
    expect(titles.length).toBeGreaterThan(30)
    for (const title of titles) expect(title).toContain('(built-in WebSocket)')
  }, 120000)
})
