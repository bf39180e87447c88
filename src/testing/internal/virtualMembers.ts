import type { Observable } from 'rxjs'
import type { SocketEvent } from '../../events'
import type { MessageLike } from '../../message'
import type { Message } from '../../message'
import type { VirtualCore } from './VirtualCore'

/** Where a virtual socket keeps its machinery. */
export const VCORE: unique symbol = Symbol('rxzmq.virtualCore')

/** The members every virtual socket has: the native sockets' common surface. */
export abstract class VirtualMembers {
  declare readonly [VCORE]: VirtualCore

  /** The socket type, e.g. `'Publisher'`. */
  get socketType(): string {
    return this[VCORE].type
  }

  /** Binds an endpoint at once; resolves with it as bound (a `*` port replaced). */
  bind(endpoint: string): Promise<string> {
    try {
      return Promise.resolve(this[VCORE].bind(endpoint))
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /** Unbinds an endpoint; connections made through it end. */
  unbind(endpoint: string): Promise<void> {
    try {
      this[VCORE].unbind(endpoint)
      return Promise.resolve()
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /** Connects to an endpoint, now or once it is bound, after the network's connect delay. */
  connect(endpoint: string): void {
    this[VCORE].connect(endpoint)
  }

  /** Disconnects from an endpoint. */
  disconnect(endpoint: string): void {
    this[VCORE].disconnect(endpoint)
  }

  /** Resolves at once: virtual binds happen when asked. */
  get ready(): Promise<void> {
    return Promise.resolve()
  }

  /** Closes at once: waiting messages are dropped, receive subscribers complete. */
  close(): void {
    this[VCORE].close()
  }

  /** True once the socket is closed or closing. */
  get isClosed(): boolean {
    return this[VCORE].isClosed
  }

  /** Resolves once the socket is closed. */
  get closed(): Promise<void> {
    return this[VCORE].closed
  }

  /** `bind`, `accept`, `connect`, `disconnect`, `queue:drop`, `error` events, in virtual time. */
  get events$(): Observable<SocketEvent> {
    return this[VCORE].events
  }

  /** The option as configured, by its native name (`sendHighWaterMark`, `routingId`...). */
  getOption(name: string): unknown {
    return (this[VCORE].config as Record<string, unknown>)[name]
  }

  /** Every message this socket was given to send, as it took it (for marble assertions). */
  get sent$(): Observable<Message> {
    return this[VCORE].sent.asObservable()
  }
}

/** The members of a virtual socket that sends: an Observer plus a Promise-returning send. */
export abstract class VirtualSendMembers {
  declare readonly [VCORE]: VirtualCore

  /**
   * Sends a message, or queues it while no peer is ready. What the pattern refuses (REQ twice,
   * REP with no request, a full queue under 'error') ends the socket with that error.
   */
  next(value: MessageLike): void {
    const core = this[VCORE]
    if (core.isClosed) return
    try {
      core.accept(value)
    } catch (error) {
      core.error(error)
    }
  }

  /** Closes at once with an error. */
  error(error: unknown): void {
    this[VCORE].error(error)
  }

  /** Closes gracefully: waiting messages may go for up to `linger` virtual ms. */
  complete(): void {
    this[VCORE].complete()
  }

  /** Sends one message; resolves once the socket took it, rejects with what it refused. */
  send(value: MessageLike): Promise<void> {
    try {
      this[VCORE].accept(value)
      return Promise.resolve()
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /** Messages waiting for a ready peer now. */
  get queueDepth(): number {
    return this[VCORE].queueDepth
  }

  /** Messages dropped so far: at a pipe's high-water mark, unroutable, or by the queue policy. */
  get dropped(): number {
    return this[VCORE].dropped
  }
}
