import { InvalidOptionError } from '../errors/InvalidOptionError'
import { toBytes } from './bytes'

/** A subscription topic as the operators and virtual sockets take it: text (UTF-8) or bytes. */
export type TopicLike = string | Uint8Array

/** The bytes of a topic; refuses anything that is not a string or a byte array. */
export function toTopic(topic: unknown, where: string): Uint8Array {
  if (typeof topic === 'string') return toBytes(topic)
  if (topic instanceof Uint8Array) return topic
  throw new InvalidOptionError(
    `${where}: a topic must be a string or a Uint8Array, got ${topic === null ? 'null' : typeof topic}`,
    { option: 'topic' },
  )
}
