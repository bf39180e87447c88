/** Anything a test opens that must be closed after it. */
interface Closable {
  close(): void
}

/**
 * Collects sockets a test opens and closes them all in afterEach, even when the test failed.
 * Use as `const track = tracker()` at the top of a describe block; `track(socket)` returns it.
 */
export function tracker(): <T extends Closable>(socket: T) => T {
  const open: Closable[] = []
  afterEach(() => {
    for (const socket of open.splice(0)) socket.close()
  })
  return (socket) => {
    open.push(socket)
    return socket
  }
}
