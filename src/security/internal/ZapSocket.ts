import { zmq } from '../../transport/native/zeromq'

/** Where libzmq looks for the process's ZAP handler (RFC 27). */
export const ZAP_ENDPOINT = 'inproc://zeromq.zap.01'

/**
 * The ZAP handler's ROUTER, on zeromq.js directly rather than on an rxzmq socket, because of
 * how it must stop. zeromq.js runs `unbind()` on a worker thread while a pending `receive()`
 * lets the main thread make libzmq process commands for the same socket; when server sockets
 * close meanwhile (their connections hold pipes to the ZAP socket), libzmq 4.3.5 aborted the
 * process with a pipe.cpp assertion in about one run in ten. (`unbindSync()` would avoid the
 * worker thread, but zeromq.js 6.8 maps it to `bindSync`.) So stopping first ends the receive
 * loop, by sending the socket one message over inproc, and unbinds with nothing pending.
 */
export class ZapSocket {
  private readonly native = new zmq.Router()
  private stopping = false
  private loop: Promise<void> = Promise.resolve()
  private sending: Promise<void> = Promise.resolve()

  constructor() {
    this.native.linger = 1000
  }

  /** Binds the ZAP endpoint; rejects with zeromq.js's error (EADDRINUSE when taken). */
  bind(): Promise<void> {
    return this.native.bind(ZAP_ENDPOINT)
  }

  /** Receives until stopped, handing each message to `onMessage`; `onError` if receiving fails. */
  start(onMessage: (frames: Buffer[]) => void, onError: (error: unknown) => void): void {
    this.loop = (async () => {
      while (!this.stopping) {
        let frames: Buffer[]
        try {
          frames = await this.native.receive()
        } catch (error) {
          if (!this.stopping) onError(error)
          return
        }
        if (this.stopping) return
        onMessage(frames)
      }
    })()
  }

  /** Sends one message after the ones before it (zeromq.js allows one send in flight). */
  send(frames: (Buffer | string)[]): Promise<void> {
    const sent = this.sending.then(() => this.native.send(frames))
    this.sending = sent.catch(() => undefined)
    return sent
  }

  /** Ends the receive loop, waits for the sends, unbinds and closes. Never rejects. */
  async stop(bound: boolean): Promise<void> {
    this.stopping = true
    if (bound) {
      const poke = new zmq.Dealer()
      poke.linger = 0
      try {
        poke.connect(ZAP_ENDPOINT)
        await poke.send('')
        await this.loop
      } catch {
        // the loop ended otherwise (the socket failed)
      } finally {
        poke.close()
      }
    }
    await this.sending
    if (bound) await this.native.unbind(ZAP_ENDPOINT).catch(() => undefined)
    this.native.close()
  }
}
