import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { repoRoot } from '../../helpers/node'

/**
 * Runs a script in a Node with the built-in WebSocket and tsx; resolves with how it ended.
 */
function runWithWebSocket(
  script: string,
  args: string[] = [],
  timeoutMs = 20000,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--experimental-websocket', '--import', 'tsx', script, ...args],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NODE_OPTIONS: '' },
      },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr })
    })
  })
}

describe('libzmq 4.3.5 limits of ws:// that browsers meet', () => {
  it('heartbeats on a native ws:// socket abort the process once a ZWS2.0 peer connects', async () => {
    // libzmq turns heartbeats on for ZWS2.0 connections, and its first PING then asserts a
    // mechanism exists (there is none without one). Browsers can only connect with ZWS2.0: never
    // set heartbeatInterval on a native socket bound on ws:// for browsers. If this test fails
    // because the process survives, the bundled libzmq was fixed: update the ws docs.
    const script = join(__dirname, 'scripts', 'heartbeat-crash.ts')
    const control = await runWithWebSocket(script, ['--no-heartbeat'])
    expect(control.stdout).toContain('handshake')
    expect(control.stdout).toContain('received')
    expect(control.stdout).toContain('alive')
    expect(control.code).toBe(0)
    const run = await runWithWebSocket(script)
    expect(run.stdout).not.toContain('alive')
    expect(run.signal).toBe('SIGABRT')
    expect(run.stderr).toContain('_mechanism != NULL')
  }, 60000)
})
