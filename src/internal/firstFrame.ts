const EMPTY = new Uint8Array(0)

/** The frame a topic is matched against: the first one (an empty message counts as empty). */
export function firstFrame(message: readonly Uint8Array[]): Uint8Array {
  return message.length > 0 ? message[0] : EMPTY
}
