import { CORE } from './members'
import { SEND_WITH } from './sendWith'
import type { SocketCore } from './SocketCore'

// A module of its own, not members.ts: the symbol-keyed SEND_WITH method keeps a bundler from
// dropping the class when unused, and a socket that only receives must not carry it.

/** The members of a socket that sends: an RxJS Observer plus a Promise-returning send. */
export abstract class SendMembers<Out> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  declare readonly [CORE]: SocketCore<any, any>

  /**
   * Queues a message for sending and returns at once. Never throws and never reorders; what
   * cannot be sent ends the socket with an error (invalid frame, full queue under 'error') or
   * is refused alone and reported as a `send:error` event (a libzmq timeout, an unroutable
   * peer, a REQ/REP turn broken: `SocketStateError`), or a warning when nobody listens.
   */
  next(value: Out): void {
    this[CORE].next(value)
  }

  /** Closes at once with an error: queued messages are discarded, subscribers get the error. */
  error(error: unknown): void {
    this[CORE].out!.error(error)
  }

  /**
   * Closes gracefully: sends everything queued for as long as the peer keeps taking messages,
   * lingers, then closes. What is still queued once no message has been taken for `linger` ms
   * is dropped, counted in `dropped` and reported (`queue:expired` event, or a warning).
   */
  complete(): void {
    this[CORE].complete()
  }

  /** Sends one message; resolves once libzmq has queued it, rejects with a typed error. */
  send(value: Out): Promise<void> {
    return this[CORE].send(value)
  }

  /** @internal `send()` with callbacks, for `sendTo` (see {@link SEND_WITH}). */
  [SEND_WITH](value: Out, sent: () => void, failed: (error: unknown) => void): boolean {
    // a subclass (or an instance) with a send() of its own has it called: sendTo uses send()
    return this.send === SendMembers.prototype.send && this[CORE].out!.sendWith(value, sent, failed)
  }

  /** Messages in the send queue now. */
  get queueDepth(): number {
    return this[CORE].out!.queueDepth
  }

  /**
   * Messages dropped so far: under a drop overflow policy, and those `complete()` gave up on
   * after `linger` ms without progress.
   */
  get dropped(): number {
    return this[CORE].out!.dropped
  }
}
