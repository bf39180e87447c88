// Case 5: the pattern operators without I/O, in operations (messages) per second: the topic
// filter against a naive linear scan of the prefixes, fairQueue merging 8 sources against
// RxJS merge, roundRobin over 8 outputs against a hand-written modulo dispatch.
import { merge, Observable, Subject } from 'rxjs'
import { fairQueue, roundRobin, topics } from '../lib/rxzmq'
import type { Message } from '../../src/message'
import { now } from '../lib/stats'
import { split, type Impl, type Measured } from '../lib/results'
import { interleave, type Context, type Contender } from './context'

function topicName(i: number): string {
  return `sensor/${String(i).padStart(6, '0')}/`
}

/** Messages whose first frame starts with one of the subscribed topics (every one matches). */
function topicMessages(subscriptions: number, count: number): Message[] {
  const distinct = Math.min(count, 4096)
  return Array.from({ length: distinct }, (_, i) => [
    Buffer.from(`${topicName((i * 7919) % subscriptions)}temperature 21.5`, 'latin1'),
  ])
}

/** Runs `count` messages through `filter`; messages per second. */
function filterRate(
  filter: (source: Observable<Message>) => Observable<Message>,
  messages: Message[],
  count: number,
): number {
  const source = new Subject<Message>()
  let passed = 0
  filter(source).subscribe(() => passed++)
  const t0 = now()
  for (let i = 0; i < count; i++) source.next(messages[i % messages.length]!)
  const seconds = now() - t0
  if (passed !== count) throw new Error(`topic filter passed ${passed} of ${count}`)
  return count / seconds
}

/** What a filter without a trie does: compare the first frame with every prefix in turn. */
function linearScan(prefixes: Buffer[]): (source: Observable<Message>) => Observable<Message> {
  return (source) =>
    new Observable<Message>((subscriber) =>
      source.subscribe({
        next: (message) => {
          const first = message[0]!
          for (const prefix of prefixes) {
            if (
              first.length >= prefix.length &&
              first.compare(prefix, 0, prefix.length, 0, prefix.length) === 0
            ) {
              subscriber.next(message)
              return
            }
          }
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => subscriber.complete(),
      }),
    )
}

function fanInRate(impl: Impl, count: number): number {
  const sources = Array.from({ length: 8 }, () => new Subject<number>())
  let seen = 0
  const merged = impl === 'rxzmq' ? fairQueue(...sources) : merge(...sources)
  const subscription = merged.subscribe(() => seen++)
  const t0 = now()
  for (let i = 0; i < count; i++) sources[i & 7]!.next(i)
  const seconds = now() - t0
  subscription.unsubscribe()
  if (seen !== count) throw new Error(`fan-in delivered ${seen} of ${count}`)
  return count / seconds
}

function fanOutRate(impl: Impl, count: number): number {
  const source = new Subject<number>()
  let seen = 0
  const count1 = (): void => {
    seen++
  }
  if (impl === 'rxzmq') {
    for (const output of roundRobin<number>(8)(source)) output.subscribe(count1)
  } else {
    const outputs = Array.from({ length: 8 }, () => new Subject<number>())
    for (const output of outputs) output.subscribe(count1)
    let turn = 0
    source.subscribe((value) => {
      outputs[turn]!.next(value)
      turn = (turn + 1) & 7
    })
  }
  const t0 = now()
  for (let i = 0; i < count; i++) source.next(i)
  const seconds = now() - t0
  source.complete()
  if (seen !== count) throw new Error(`round-robin delivered ${seen} of ${count}`)
  return count / seconds
}

function add(ctx: Context, name: string, figures: Map<Impl, Measured[]>, note: string): void {
  for (const [impl, runs] of figures) {
    ctx.results.add({
      case: name,
      group: '5 operators',
      impl,
      unit: 'ops/s',
      better: 'higher',
      rounds: split(runs).rounds,
      baseline: impl === 'rxzmq' ? { case: name, impl: 'naive' } : undefined,
      ratioLabel: impl === 'rxzmq' ? 'vs naive' : undefined,
      note,
    })
  }
}

export async function runOperators(ctx: Context): Promise<void> {
  // No I/O and a plain-code baseline: fewer rounds than the I/O cases need.
  const rounds = Math.min(ctx.rounds, ctx.quick ? 3 : 5)
  const count = ctx.quick ? 100000 : 1000000
  for (const subscriptions of [1, 1000, 100000]) {
    const messages = topicMessages(subscriptions, count)
    const names = Array.from({ length: subscriptions }, (_, i) => topicName(i))
    const prefixes = names.map((n) => Buffer.from(n, 'latin1'))
    // The scan costs O(subscriptions) per message: give it fewer messages, not fewer rounds.
    const scanCount = Math.max(
      ctx.quick ? 200 : 1000,
      Math.min(count, Math.floor((count * 20) / subscriptions)),
    )
    const contenders: Contender[] = [
      { impl: 'rxzmq', run: async () => filterRate(topics(names), messages, count) },
      { impl: 'naive', run: async () => filterRate(linearScan(prefixes), messages, scanCount) },
    ]
    add(
      ctx,
      `5 topic filter, ${subscriptions} subscription${subscriptions > 1 ? 's' : ''}`,
      await interleave(rounds, contenders),
      'naive = linear scan of the prefixes',
    )
  }
  add(
    ctx,
    '5 fairQueue, 8 sources',
    await interleave(rounds, [
      { impl: 'rxzmq', run: async () => fanInRate('rxzmq', count) },
      { impl: 'naive', run: async () => fanInRate('naive', count) },
    ]),
    'naive = RxJS merge (no fairness)',
  )
  add(
    ctx,
    '5 roundRobin, 8 outputs',
    await interleave(rounds, [
      { impl: 'rxzmq', run: async () => fanOutRate('rxzmq', count) },
      { impl: 'naive', run: async () => fanOutRate('naive', count) },
    ]),
    'naive = a modulo counter over 8 Subjects',
  )
  for (const r of ctx.results.records.filter(
    (x) => x.group === '5 operators' && x.impl === 'rxzmq',
  )) {
    ctx.log(`${r.case}: ${Math.round(r.value)} ops/s`)
  }
}
