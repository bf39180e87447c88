import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The transports the throughput cases run over. */
export type Transport = 'tcp' | 'ipc' | 'inproc'

let counter = 0

/** A fresh endpoint to bind on `transport` (tcp picks a free port: read the bound one back). */
export function bindEndpoint(transport: Transport): string {
  counter++
  switch (transport) {
    case 'tcp':
      return 'tcp://127.0.0.1:*'
    case 'ipc':
      return `ipc://${join(tmpdir(), `rxzmq-bench-${process.pid}-${counter}.ipc`)}`
    case 'inproc':
      return `inproc://rxzmq-bench-${process.pid}-${counter}`
  }
}
