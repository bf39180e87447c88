// The topic filter's cost per message against the number of subscriptions.
// Run: npx tsx test/operators/topicsCost.bench.ts
import { performance } from 'node:perf_hooks'
import { from } from 'rxjs'
import { topics } from '../../src/operators/topics'

const MESSAGES = 200_000
const line = (zip: number): Buffer[] => [
  Buffer.from(`${String(zip).padStart(6, '0')} ${zip % 97} ${zip % 61}`),
]

function measure(subscriptions: number): { perMessageNs: number; passed: number } {
  // Topics: '000000 ', '000002 ', ... (every other zip code), so half the messages match.
  const topicList = Array.from(
    { length: subscriptions },
    (_, i) => `${String(i * 2).padStart(6, '0')} `,
  )
  const messages = Array.from({ length: MESSAGES }, (_, i) => line(i % (subscriptions * 2)))
  const filter = topics(topicList)
  let passed = 0
  // warm up, then measure
  from(messages.slice(0, 20_000))
    .pipe(filter)
    .subscribe(() => undefined)
  const start = performance.now()
  from(messages)
    .pipe(filter)
    .subscribe(() => passed++)
  const elapsed = performance.now() - start
  return { perMessageNs: (elapsed * 1e6) / MESSAGES, passed }
}

for (const n of [1, 1_000, 100_000]) {
  const runs = [measure(n), measure(n), measure(n)]
  const best = Math.min(...runs.map((r) => r.perMessageNs))
  console.log(
    `${String(n).padStart(7)} subscriptions: ${best.toFixed(0)} ns/message ` +
      `(best of 3 runs of ${MESSAGES} messages through topics(), ${runs[0].passed} passed)`,
  )
}
