// The libzmq peers of the interop tests behind one shape: zeromq.js in this process (libzmq
// 4.3.5) and pyzmq in a child process (Debian's libzmq 4.3.4).
import * as zmq from 'zeromq'
import { PythonPeer, type Closable } from './helpers'

/** Options both peers understand, by what they do. */
export interface NativeOptions {
  routingId?: string
  plainUsername?: string
  plainPassword?: string
  plainServer?: boolean
  heartbeatInterval?: number
  heartbeatTimeToLive?: number
  sendHighWaterMark?: number
  receiveHighWaterMark?: number
}

/** One libzmq socket. */
export interface NativeSocket extends Closable {
  readonly endpoint: string
  send(frames: (string | Buffer)[]): Promise<void>
  receive(): Promise<Buffer[]>
  subscribe(topic: string): Promise<void>
  unsubscribe(topic: string): Promise<void>
  /**
   * Lets libzmq process its commands: a bound libzmq socket attaches a new connection's pipe
   * (and a SUB sends its subscriptions there) only when the application next calls into it.
   */
  poke(): Promise<void>
}

/** A libzmq peer that makes sockets. */
export interface NativePeer extends Closable {
  readonly name: string
  open(
    type: string,
    where: { bind?: string; connect?: string },
    options?: NativeOptions,
  ): Promise<NativeSocket>
}

const classes: Record<string, new (options?: object) => zmq.Socket> = {
  PUSH: zmq.Push,
  PULL: zmq.Pull,
  PUB: zmq.Publisher,
  SUB: zmq.Subscriber,
  XPUB: zmq.XPublisher,
  XSUB: zmq.XSubscriber,
  DEALER: zmq.Dealer,
  ROUTER: zmq.Router,
  REQ: zmq.Request,
  REP: zmq.Reply,
  PAIR: zmq.Pair,
}

/** zeromq.js, in this process. */
export function zeromqJs(): NativePeer {
  const open: zmq.Socket[] = []
  return {
    name: 'zeromq.js (libzmq 4.3.5)',
    async open(type, where, options = {}) {
      const socket = new classes[type]({ linger: 0, ...options })
      open.push(socket)
      if (where.bind !== undefined) await socket.bind(where.bind)
      if (where.connect !== undefined) socket.connect(where.connect)
      const readable = socket as unknown as zmq.Readable
      const writable = socket as unknown as zmq.Writable
      return {
        endpoint: socket.lastEndpoint ?? '',
        send: (frames) => writable.send(frames),
        receive: () => readable.receive(),
        subscribe: async (topic) => (socket as zmq.Subscriber).subscribe(topic),
        unsubscribe: async (topic) => (socket as zmq.Subscriber).unsubscribe(topic),
        poke: async () => void socket.readable,
        close: () => socket.close(),
      }
    },
    close() {
      for (const socket of open.splice(0)) socket.close()
    },
  }
}

const pythonOptions: Record<keyof NativeOptions, string> = {
  routingId: 'ROUTING_ID',
  plainUsername: 'PLAIN_USERNAME',
  plainPassword: 'PLAIN_PASSWORD',
  plainServer: 'PLAIN_SERVER',
  heartbeatInterval: 'HEARTBEAT_IVL',
  heartbeatTimeToLive: 'HEARTBEAT_TTL',
  sendHighWaterMark: 'SNDHWM',
  receiveHighWaterMark: 'RCVHWM',
}

/** pyzmq in a child process (one per call). */
export function pyzmq(existing?: PythonPeer): NativePeer & { python: PythonPeer } {
  const python = existing ?? new PythonPeer()
  return {
    name: 'pyzmq (libzmq 4.3.4)',
    python,
    async open(type, where, options = {}) {
      const native: Record<string, string | number> = {}
      for (const [name, value] of Object.entries(options)) {
        native[pythonOptions[name as keyof NativeOptions]] =
          typeof value === 'boolean' ? Number(value) : (value as string | number)
      }
      const { id, endpoint } = await python.socket(type, where, native)
      return {
        endpoint,
        send: (frames) => python.send(id, frames),
        receive: () => python.recv(id),
        subscribe: (topic) => python.subscribe(id, topic),
        unsubscribe: (topic) => python.unsubscribe(id, topic),
        poke: () => python.poke(id),
        close: () => python.closeSocket(id).catch(() => {}),
      }
    },
    close: () => python.close(),
  }
}
