import { unlinkSync } from 'node:fs'
import { connect, createServer, type NetConnectOpts, type Server, type Socket } from 'node:net'
import { ConnectionError } from '../../errors/ConnectionError'
import type { ZmqError } from '../../errors/ZmqError'
import type { Dial, DialSink, Listener, LocalSocket, PipeNetwork, PipeSink } from '../pipes/Pipe'
import { invalid, parseEndpoint, tcpEndpoint, type ZmtpAddress } from './endpoint'
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- ZmtpAuthenticate is named by a {@link} below
import { zmtpConfig, type ZmtpAuthenticate, type ZmtpConfig } from './options'
import { ZmtpPipe } from './ZmtpPipe'

/**
 * The socket's writable buffer before `write()` says wait: large enough that a 64 KiB batch
 * does not make every write wait for `'drain'`. Memory stays bounded by the send high-water
 * mark (in messages), which counts what the kernel has not taken.
 */
const WRITE_BUFFER = 256 * 1024

/**
 * ZMTP 3.1 over Node's `net`: `tcp://` and `ipc://` (Unix domain sockets, `ipc://@name` for
 * Linux abstract ones), interoperating with libzmq (ZMTP 3.0 and 3.1 peers), NULL and PLAIN
 * security. Each connection that finishes its handshake becomes a {@link ZmtpPipe}.
 *
 * Events go to the sink under zeromq.js's names, `address` being the endpoint (as bound, for
 * a listener): `bind` once listening, `accept` for each connection taken, `connect` when a
 * dial's connection is made, `handshake` when a handshake is done, `handshake:error:protocol`
 * / `:auth` / `:other` and then `disconnect` when one fails, `disconnect` when a connection
 * ends other than by `close()`, `accept:error` when accepting fails, and `close` when a
 * listener is closed. A dial that cannot connect (refused, no such ipc path) reports only
 * `failed` (libzmq reports those through `connect:retry`, which is the pipe socket's).
 *
 * Options (`LocalSocket.options`, zeromq.js names): `sendHighWaterMark`,
 * `receiveHighWaterMark`, `maxMessageSize`, `heartbeatInterval`, `heartbeatTimeout`,
 * `heartbeatTimeToLive`, `handshakeInterval`, `plainServer`, `plainUsername`,
 * `plainPassword`, and the internal `zmtpAuthenticate` (see {@link ZmtpAuthenticate}). CURVE
 * and GSSAPI options are refused with an `InvalidOptionError`.
 */
export const zmtpNetwork: PipeNetwork = {
  name: 'zmtp',
  schemes: ['tcp', 'ipc'],
  copiesOnWrite: true,
  listen,
  dial,
}

async function listen(endpoint: string, local: LocalSocket, sink: PipeSink): Promise<Listener> {
  const config = zmtpConfig(local.options)
  const address = parseEndpoint(endpoint, 'bind')
  const server = createServer({ noDelay: true, highWaterMark: WRITE_BUFFER })
  let bound = endpoint
  // Connections still in their handshake: given up (silently) when the listener closes.
  const handshaking = new Set<ZmtpPipe>()
  // Whether the listener and the connections in their handshake keep the process alive.
  let referenced = true
  server.on('connection', (socket: Socket) => {
    if (!referenced) socket.unref()
    sink.event({ type: 'accept', address: bound })
    const pipe: ZmtpPipe = new ZmtpPipe(socket, {
      endpoint: bound,
      local,
      config,
      client: false,
      owner: {
        event: (event) => sink.event(event),
        ready: (ready) => {
          handshaking.delete(pipe)
          sink.pipe(ready)
        },
        failed: () => handshaking.delete(pipe),
      },
    })
    handshaking.add(pipe)
  })
  await listenOn(server, address, endpoint)
  if (address.scheme === 'tcp') {
    const info = server.address()
    if (info !== null && typeof info === 'object') bound = tcpEndpoint(info.address, info.port)
  }
  server.on('error', (error: NodeJS.ErrnoException) => {
    sink.event({
      type: 'accept:error',
      address: bound,
      error: connectionError(error, bound, 'accept'),
    })
  })
  sink.event({ type: 'bind', address: bound })
  let open = true
  return {
    endpoint: bound,
    close(): void {
      if (!open) return
      open = false
      server.close()
      for (const pipe of handshaking) pipe.close(0)
      handshaking.clear()
      sink.event({ type: 'close', address: bound })
    },
    ref(): void {
      referenced = true
      server.ref()
      for (const pipe of handshaking) pipe.ref()
    },
    unref(): void {
      referenced = false
      server.unref()
      for (const pipe of handshaking) pipe.unref()
    },
  }
}

/**
 * Listens, mapping Node's errors to typed ones. An ipc path left behind by a process that is
 * gone (nobody accepts on it) is removed and bound again; one still in use is `EADDRINUSE`.
 */
async function listenOn(server: Server, address: ZmtpAddress, endpoint: string): Promise<void> {
  try {
    await tryListen(server, address)
  } catch (error) {
    const e = error as NodeJS.ErrnoException
    if (
      e.code === 'EADDRINUSE' &&
      address.scheme === 'ipc' &&
      !address.path.startsWith('\0') &&
      !(await answers(address.path))
    ) {
      try {
        unlinkSync(address.path)
        await tryListen(server, address)
        return
      } catch (again) {
        throw listenError(again as NodeJS.ErrnoException, endpoint)
      }
    }
    throw listenError(e, endpoint)
  }
}

function tryListen(server: Server, address: ZmtpAddress): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => reject(error)
    server.once('error', onError)
    const onListening = (): void => {
      server.off('error', onError)
      resolve()
    }
    if (address.scheme === 'tcp') server.listen(address.port, address.host, onListening)
    else server.listen(address.path, onListening)
  })
}

/** True when something accepts connections on the ipc path. */
function answers(path: string): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const probe = connect({ path })
    probe.once('connect', () => {
      probe.destroy()
      resolve(true)
    })
    probe.once('error', () => resolve(false))
  })
}

function listenError(error: NodeJS.ErrnoException, endpoint: string): ZmqError {
  const code = error.code ?? 'EINVAL'
  const reasons: Record<string, string> = {
    EADDRINUSE: 'the address is already in use',
    EADDRNOTAVAIL: 'the address is not available on this host',
    EACCES: 'permission denied',
    ENOENT: 'the directory of the ipc path does not exist',
    ENOTFOUND: 'the host name does not resolve',
    EAI_AGAIN: 'the host name does not resolve',
  }
  const typed = code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'EINVAL' : code
  return invalid(endpoint, typed, reasons[code] ?? error.message, error)
}

function dial(endpoint: string, local: LocalSocket, sink: DialSink): Dial {
  const config: ZmtpConfig = zmtpConfig(local.options)
  const address = parseEndpoint(endpoint, 'connect')
  // net.connect hands its options to the Duplex constructor, which reads the buffer size.
  const options: NetConnectOpts & { writableHighWaterMark: number } =
    address.scheme === 'tcp'
      ? {
          host: address.host,
          port: address.port,
          noDelay: true,
          writableHighWaterMark: WRITE_BUFFER,
        }
      : { path: address.path, writableHighWaterMark: WRITE_BUFFER }
  const socket = connect(options)
  let pipe: ZmtpPipe | undefined
  let delivered = false
  let cancelled = false
  socket.once('connect', () => {
    if (cancelled) return
    sink.event({ type: 'connect', address: endpoint })
    pipe = new ZmtpPipe(socket, {
      endpoint,
      local,
      config,
      client: true,
      owner: {
        event: (event) => {
          if (!cancelled) sink.event(event)
        },
        ready: (ready) => {
          delivered = true
          if (!cancelled) sink.pipe(ready)
        },
        failed: (error) => {
          if (!cancelled) sink.failed(error)
        },
      },
    })
  })
  socket.on('error', (error: NodeJS.ErrnoException) => {
    if (cancelled || pipe !== undefined) return
    cancelled = true
    socket.destroy()
    sink.failed(connectionError(error, endpoint, 'connect'))
  })
  return {
    cancel(): void {
      if (cancelled || delivered) return
      cancelled = true
      if (pipe !== undefined) pipe.close(0)
      else socket.destroy()
    },
    ref: () => void socket.ref(),
    unref: () => void socket.unref(),
  }
}

function connectionError(
  error: NodeJS.ErrnoException,
  endpoint: string,
  action: string,
): ConnectionError {
  const code = error.code ?? 'EIO'
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOENT: 'no such ipc path',
    ECONNRESET: 'connection reset',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    ETIMEDOUT: 'timed out',
    ENOTFOUND: 'the host name does not resolve',
    EACCES: 'permission denied',
  }
  return new ConnectionError(
    `zmtp: ${action} '${endpoint}' failed: ${reasons[code] ?? error.message} (${code})`,
    {
      code,
      errno: Math.abs(error.errno ?? 5),
      endpoint,
      cause: error,
    },
  )
}
