// The rxzmq/web SUB behind the harness's handler interface (see ./raw.js): what an app writes,
// a SubscriberSocket and a subscription. test/browser/helpers/rxzmqHandler.ts bundles it with
// rxjs into ./rxzmq.js (generated, not committed), from the built entry (dist/web/web), which
// is what apps get; the import below names the source so that the type check needs no build.
import { SubscriberSocket, type SocketEvent } from '../../../../src/web/index'

interface Connection {
  /** Resolves once the routing ids were exchanged (the subscription is on its way). */
  readonly opened: Promise<void>
  stop(): void
}

const handler = {
  start(url: string, topics: string[], onMessage: (frames: Uint8Array[]) => void): Connection {
    // monitor: true keeps the events of the first connection for the events$ subscriber below.
    const socket = new SubscriberSocket({ connect: url, topics, monitor: true })
    let stopped = false
    const opened = new Promise<void>((resolve, reject) => {
      const events = socket.events$.subscribe((event: SocketEvent) => {
        if (event.type === 'handshake') {
          resolve()
          events.unsubscribe()
        } else if (event.type === 'error' || event.type === 'connect:retry') {
          // The first failure before the handshake (connect:retry says why it will try again).
          const { error } = event as { error?: unknown }
          reject(
            error instanceof Error
              ? error
              : new Error(`rxzmq: ${url}: ${event.type} before the handshake`),
          )
          events.unsubscribe()
        }
      })
    })
    const messages = socket.subscribe({
      next: onMessage,
      error: (error: unknown) => {
        if (!stopped) console.error(`rxzmq handler: ${String(error)}`)
      },
    })
    return {
      opened,
      stop() {
        stopped = true
        messages.unsubscribe()
        socket.close()
      },
    }
  },
}

export default handler
