/*
 * Run as `node --experimental-websocket --import tsx` (by libzmq-limits.spec.ts): a native PUSH
 * bound on ws:// with heartbeats on, one ZWS2.0 pipe connected to it, and messages flowing.
 * libzmq 4.3.5 aborts the process once it sends after a heartbeat over a connection without a
 * mechanism (stream_engine_base asserts `_mechanism != NULL`). Prints "handshake" once
 * connected, "received" for the first message; "alive" and exit 0 if the process outlives 3 s
 * of heartbeats and messages. `--no-heartbeat`: the same without heartbeats (the control).
 */
import { Push } from 'zeromq'
import { wsNetwork } from '../../../../src/transport/ws'

async function main(): Promise<void> {
  const heartbeats = !process.argv.includes('--no-heartbeat')
  const push = new Push(heartbeats ? { heartbeatInterval: 20, heartbeatTimeout: 5000 } : {})
  await push.bind('ws://127.0.0.1:*')
  let received = 0
  wsNetwork().dial(
    push.lastEndpoint as string,
    { type: 'PULL', identity: undefined, options: {} },
    {
      pipe: (pipe) => {
        pipe.handler = {
          readable: () => {
            while (pipe.read() !== undefined) if (received++ === 0) console.log('received')
          },
          writable: () => undefined,
          closed: (_pipe, error) => console.log(`closed: ${error?.message ?? 'no error'}`),
        }
        console.log('handshake')
        setInterval(() => void push.send('tick'), 10)
        setTimeout(() => {
          console.log(`alive after ${received} messages`)
          process.exit(0)
        }, 3000)
      },
      event: () => undefined,
      failed: (error) => {
        console.log(`failed: ${error.message}`)
        process.exit(2)
      },
    },
  )
}

void main()
