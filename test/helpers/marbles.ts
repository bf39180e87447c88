// Marble-test helpers shared by the specs: the TestScheduler they all use, and text messages.
import { TestScheduler } from 'rxjs/testing'

/** A TestScheduler that compares with Jest's deep equality (Buffers compare by bytes). */
export function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected))
}

/** A message of text frames, as Buffers. */
export function msg(...frames: string[]): Buffer[] {
  return frames.map((frame) => Buffer.from(frame, 'utf8'))
}
