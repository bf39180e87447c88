import { spawn } from 'node:child_process'
import { join } from 'node:path'

export const repoRoot = join(__dirname, '..', '..')

export interface RunResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/**
 * Runs a CommonJS script in a fresh Node process from the repo root, where `require('rxzmq')`
 * loads the built package (the test command builds it first). Resolves when the process exits
 * on its own; a process still running after `timeoutMs` is killed and reported as such.
 */
export function runNode(
  script: string,
  args: string[] = [],
  timeoutMs = 20000,
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...args, '-e', script], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => {
      stderr += `\n[killed: still running after ${timeoutMs} ms]`
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr })
    })
  })
}
