import type { Observable } from 'rxjs'
import type { SocketEvent } from '../events'
import { INSPECT, inspectAs, type Inspect, type InspectOptions } from '../internal/inspect'
import type { SocketCore } from './SocketCore'

/** Where a public socket keeps its machinery. */
export const CORE: unique symbol = Symbol('rxzmq.core')

/** Anything that holds a SocketCore. */
export interface HasCore {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly [CORE]: SocketCore<any, any>
}

/** The members every rxzmq socket has, whatever it can send or receive. */
export abstract class SocketMembers {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  declare readonly [CORE]: SocketCore<any, any>

  /** The socket type, e.g. `'Publisher'`. */
  get socketType(): string {
    return this[CORE].type
  }

  /**
   * Binds an endpoint, e.g. `'tcp://127.0.0.1:*'`. Resolves with the endpoint as bound (a `*`
   * port replaced by the real one); rejects with an {@link InvalidEndpointError}.
   */
  bind(endpoint: string): Promise<string> {
    return this[CORE].bind(endpoint)
  }

  /** Unbinds an endpoint bound before. */
  unbind(endpoint: string): Promise<void> {
    return this[CORE].unbind(endpoint)
  }

  /** Connects to an endpoint; libzmq reconnects on its own. Throws an InvalidEndpointError. */
  connect(endpoint: string): void {
    this[CORE].connect(endpoint)
  }

  /** Disconnects from an endpoint connected before. */
  disconnect(endpoint: string): void {
    this[CORE].disconnect(endpoint)
  }

  /** Resolves once the binds given at creation are done; rejects with the error that failed one. */
  get ready(): Promise<void> {
    return this[CORE].ready
  }

  /** Closes at once: queued messages are discarded, receive subscribers complete. */
  close(): void {
    this[CORE].close()
  }

  /** True once the socket is closed or closing. */
  get isClosed(): boolean {
    return this[CORE].isClosed
  }

  /** Resolves once the native socket is closed. */
  get closed(): Promise<void> {
    return this[CORE].closed
  }

  /**
   * The socket's events: libzmq's monitor events (`connect`, `disconnect`, `connect:retry`,
   * `accept`, `handshake:error:auth`...) and rxzmq's own (`queue:full`, `queue:drop`, `error`).
   * Shared; the monitor starts with the first subscription. Completes when the socket closes.
   */
  get events$(): Observable<SocketEvent> {
    return this[CORE].events
  }

  /**
   * Reads a native option by its zeromq.js name, e.g. `socket.getOption('sendHighWaterMark')`.
   * A secret option (`curveSecretKey`, `plainPassword`) comes back as a {@link Secret}.
   */
  getOption(name: string): unknown {
    return this[CORE].requireSocket('read an option').getOption(name)
  }

  /**
   * What `util.inspect(socket)` (and `console.log`) shows: the class, type, state, endpoints,
   * subscribers and send queue, e.g.
   * `PushSocket { type: 'PUSH', state: 'open', bound: [], connected: [ 'tcp://...' ], ... }`.
   * Nothing native is read, so any inspect options (`getters`, `showHidden`) are safe.
   */
  [INSPECT](depth: number, options: InspectOptions, inspect?: Inspect): string {
    return inspectAs(this.constructor.name, this[CORE].summary(), depth, options, inspect)
  }
}

/**
 * Copies the members of mixin classes onto a class's prototype (TypeScript's mixin pattern),
 * symbol-keyed ones (`util.inspect`'s) included.
 */
export function applyMixins(target: { prototype: object }, mixins: { prototype: object }[]): void {
  for (const mixin of mixins) {
    for (const name of Reflect.ownKeys(mixin.prototype)) {
      if (name === 'constructor') continue
      Object.defineProperty(
        target.prototype,
        name,
        Object.getOwnPropertyDescriptor(mixin.prototype, name)!,
      )
    }
  }
}
