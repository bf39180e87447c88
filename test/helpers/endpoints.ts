import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The transports every socket-pair suite runs over. */
export const transports = ['inproc', 'ipc', 'tcp'] as const
export type Transport = (typeof transports)[number]

let counter = 0
/**
 * Jest runs many test files in one worker process, each with its own module registry (so its
 * own `counter`) but one libzmq context: inproc names must differ between files too.
 */
const fileTag = Math.random().toString(36).slice(2, 8)
const ipcDir = mkdtempSync(join(tmpdir(), 'rxzmq-test-'))
process.on('exit', () => rmSync(ipcDir, { recursive: true, force: true }))

/**
 * An endpoint to bind for a transport: tcp on 127.0.0.1 with a free port chosen by the
 * kernel (read the real one back from `bind()`), a fresh ipc path, a fresh inproc name.
 */
export function bindEndpoint(transport: Transport): string {
  counter++
  switch (transport) {
    case 'tcp':
      return 'tcp://127.0.0.1:*'
    case 'ipc':
      return `ipc://${ipcDir}/s${process.pid}-${fileTag}-${counter}`
    case 'inproc':
      return `inproc://rxzmq-test-${process.pid}-${fileTag}-${counter}`
  }
}
