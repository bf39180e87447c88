/**
 * The part of the browser's WebSocket API (WHATWG) the ZWS pipes use, declared here so that the
 * project needs no DOM typings: a browser's `WebSocket`, Node's built-in one (Node 22, or Node 20
 * with `--experimental-websocket`) and test doubles all fit it.
 *
 * Event handlers are typed so that a handler taking the real event type (`MessageEvent`,
 * `CloseEvent`) still fits.
 */

/** A handler property whose parameter is checked both ways, as DOM typings declare theirs. */
type EventHandler<E> = { bivarianceHack(event: E): void }['bivarianceHack'] | null

/** What a `message` event carries: `data` is an `ArrayBuffer` once `binaryType` is set. */
export interface WebSocketMessageEventLike {
  readonly data: unknown
}

/** What a `close` event carries. */
export interface WebSocketCloseEventLike {
  readonly code: number
  readonly reason: string
  readonly wasClean: boolean
}

/** One WebSocket as the pipes use it. */
export interface WebSocketLike {
  /** Set to `'arraybuffer'` by the pipes, so binary messages arrive as `ArrayBuffer`s. */
  binaryType: string
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number
  /** The sub-protocol the server chose (`''` when none). */
  readonly protocol: string
  /** Bytes given to `send` that have not reached the network yet. */
  readonly bufferedAmount: number
  /** Queues one binary message. */
  send(data: Uint8Array): void
  /** Starts the closing handshake (browsers accept only code 1000 or 3000-4999). */
  close(code?: number, reason?: string): void
  onopen: EventHandler<unknown>
  onmessage: EventHandler<WebSocketMessageEventLike>
  onclose: EventHandler<WebSocketCloseEventLike>
  onerror: EventHandler<unknown>
}

/** A `WebSocket` class: the global one or one given to `wsNetwork({ WebSocket })`. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike

/** `readyState` of an open WebSocket. */
export const OPEN = 1
