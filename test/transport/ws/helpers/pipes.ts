import type { ZmqError } from '../../../../src/errors/ZmqError'
import type {
  LocalSocket,
  Pipe,
  PipeEvent,
  PipeHandler,
  PipeNetwork,
} from '../../../../src/transport/pipes/Pipe'
import type { SocketType } from '../../../../src/transport/SocketType'
import type { Bytes } from '../../../../src/transport/Transport'
import type { WebSocketConstructor } from '../../../../src/transport/ws'
import { NodeWebSocket } from './NodeWebSocket'

const builtin = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket

/**
 * The WebSocket class the Node tests dial with: Node's built-in one where the process has it
 * (Node 22; Node 20 with `NODE_OPTIONS=--experimental-websocket`), else the test-only
 * {@link NodeWebSocket} (Jest starts Node 20 without the flag, and it cannot be turned on later).
 * `builtin-websocket.spec.ts` runs the built-in one in a child process in that case.
 */
export const TestWebSocket: WebSocketConstructor = builtin ?? NodeWebSocket

/** Which one {@link TestWebSocket} is, for test names. */
export const testWebSocketName = builtin ? 'built-in WebSocket' : 'test WebSocket client'

/** A local socket description for a dial. */
export function local(
  type: SocketType,
  options: Record<string, unknown> = {},
  identity?: string,
): LocalSocket {
  return {
    type,
    identity: identity === undefined ? undefined : new TextEncoder().encode(identity),
    options,
  }
}

const decoder = new TextDecoder()

/** A message's frames as strings. */
export function text(message: readonly Bytes[] | undefined): string[] | undefined {
  return message?.map((frame) => decoder.decode(frame))
}

/**
 * A pipe handler that reads everything as it comes and lets the test wait for what it expects.
 */
export class Inbox implements PipeHandler {
  readonly messages: Bytes[][] = []
  writableCalls = 0
  readableCalls = 0
  closedCalls: { error: ZmqError | undefined }[] = []
  private waiters: (() => void)[] = []

  /** Reads on `readable` unless false (then the test reads). */
  constructor(private readonly autoRead = true) {}

  readable(pipe: Pipe): void {
    this.readableCalls++
    if (this.autoRead)
      for (let m = pipe.read(); m !== undefined; m = pipe.read()) this.messages.push(m)
    this.wake()
  }

  writable(): void {
    this.writableCalls++
    this.wake()
  }

  closed(_pipe: Pipe, error?: ZmqError): void {
    this.closedCalls.push({ error })
    this.wake()
  }

  /** Resolves once `predicate` holds (checked now and after every call). */
  until(predicate: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (predicate()) resolve()
        else this.waiters.push(check)
      }
      check()
    })
  }

  /** Resolves with the `n`th message (1-based) once it came. */
  async message(n: number): Promise<Bytes[]> {
    await this.until(() => this.messages.length >= n)
    return this.messages[n - 1]
  }

  /** Resolves with the close error (undefined for a close without one) once the pipe closed. */
  async closedWith(): Promise<ZmqError | undefined> {
    await this.until(() => this.closedCalls.length > 0)
    return this.closedCalls[0].error
  }

  private wake(): void {
    for (const check of this.waiters.splice(0)) check()
  }
}

/** The outcome of a dial, with the events it reported. */
export interface Dialled {
  pipe: Pipe
  inbox: Inbox
  events: PipeEvent[]
}

const live = new Set<Pipe>()

/**
 * Closes every pipe {@link dialPipe} made that is still open (a blocked pipe polls
 * `bufferedAmount` until closed). Use as `afterEach(closePipes)`.
 */
export function closePipes(): void {
  for (const pipe of live) pipe.close()
  live.clear()
}

/**
 * Dials and resolves with the pipe (its handler an {@link Inbox}), or rejects with the error.
 * The pipe is closed by {@link closePipes}.
 */
export function dialPipe(
  network: PipeNetwork,
  endpoint: string,
  localSocket: LocalSocket,
  inbox = new Inbox(),
): Promise<Dialled> {
  const events: PipeEvent[] = []
  return new Promise((resolve, reject) => {
    network.dial(endpoint, localSocket, {
      pipe(pipe) {
        live.add(pipe)
        pipe.handler = inbox
        resolve({ pipe, inbox, events })
      },
      event: (event) => events.push(event),
      failed: reject,
    })
  })
}

/** Dials and resolves with the error and events of a dial that must fail. */
export function dialFailure(
  network: PipeNetwork,
  endpoint: string,
  localSocket: LocalSocket,
): Promise<{ error: ZmqError; events: PipeEvent[] }> {
  const events: PipeEvent[] = []
  return new Promise((resolve, reject) => {
    network.dial(endpoint, localSocket, {
      pipe(pipe) {
        pipe.close()
        reject(new Error(`${endpoint}: the dial made a pipe; it should have failed`))
      },
      event: (event) => events.push(event),
      failed: (error) => resolve({ error, events }),
    })
  })
}
