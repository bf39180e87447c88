/**
 * An output of a round-robin distribution ({@link roundRobinTo}): a peer that takes messages,
 * like a PUSH socket's connection to one PULL peer.
 */
export interface Peer<T> {
  /** Takes one message. A peer that throws errors the distribution. */
  next(value: T): void
  /**
   * False while the peer cannot take a message (it is at its high-water mark); the
   * distribution skips it, as libzmq skips a full pipe. Omitted: always ready. When a peer
   * becomes ready again, say so with a `ready` {@link PeerChange} so that waiting messages go.
   */
  isReady?(): boolean
}

/** A peer joining or leaving a round-robin distribution, or becoming ready again. */
export type PeerChange<T> =
  | { readonly type: 'join'; readonly peer: Peer<T> }
  | { readonly type: 'leave'; readonly peer: Peer<T> }
  | { readonly type: 'ready'; readonly peer: Peer<T> }
