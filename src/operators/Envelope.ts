/**
 * A message a ROUTER received, split at its empty delimiter frame: `route` is the identity
 * frames in front (the peer's routing id first, then any relaying ROUTERs' ids), `body` the
 * frames after the delimiter.
 */
export interface Envelope {
  readonly route: readonly Buffer[]
  readonly body: Buffer[]
}
