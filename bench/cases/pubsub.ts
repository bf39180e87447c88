// Case 3: one publisher fanning out to 1 and 4 subscribers, with 1 and 1,000 topics
// subscribed, all in one process over tcp. High-water marks are lifted (0 = no limit) on both
// sides so that nothing is dropped and every subscriber counts every message.
import * as zmq from 'zeromq'
import type { Subscription } from 'rxjs'
import { PublisherSocket, SubscriberSocket } from '../lib/rxzmq'
import { threadCpuNs } from '../lib/cpu'
import { now, sleep } from '../lib/stats'
import { via, type JsImpl } from '../lib/roles'
import type { Measured } from '../lib/results'
import { addFigures, interleave, logRatio, sizeName, type Context } from './context'
import { SIZES } from './throughput'

function topicNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `t${String(i).padStart(4, '0')}/`)
}

/** Messages: a topic prefix, padded to `size`; the n-th message goes to topic n mod count. */
function messages(topics: string[], size: number): Buffer[] {
  return topics.map((topic) => {
    const message = Buffer.alloc(size, 0x2e)
    message.write(topic, 0, 'latin1')
    return message
  })
}

interface Side {
  publish(message: Buffer): Promise<void>
  /** Resolves once every subscriber has counted `count` full-size messages. */
  received: Promise<void>
  /** Resolves once every subscriber has seen a probe (shorter than a message). */
  joined: Promise<void>
  start(): void
  close(): void
}

async function makeSide(
  impl: JsImpl,
  subscribers: number,
  topics: string[],
  size: number,
  count: number,
): Promise<Side> {
  let first = 0
  let joinedCount = 0
  let doneCount = 0
  let joinedResolve!: () => void
  let doneResolve!: () => void
  const joined = new Promise<void>((resolve) => (joinedResolve = resolve))
  const received = new Promise<void>((resolve) => (doneResolve = resolve))
  const counter = (): ((length: number) => void) => {
    let seen = false
    let n = 0
    return (length) => {
      if (length !== size) {
        if (!seen && ++joinedCount === subscribers) joinedResolve()
        seen = true
        return
      }
      if (first === 0) first = now()
      if (++n === count && ++doneCount === subscribers) doneResolve()
    }
  }
  if (impl === 'zeromq.js') {
    const pub = new zmq.Publisher({ sendHighWaterMark: 0 })
    await pub.bind('tcp://127.0.0.1:*')
    const subs = Array.from({ length: subscribers }, () => {
      const sub = new zmq.Subscriber({ receiveHighWaterMark: 0 })
      sub.connect(pub.lastEndpoint!)
      for (const topic of topics) sub.subscribe(topic)
      const count = counter()
      void (async () => {
        try {
          for await (const [message] of sub) count(message!.length)
        } catch {
          // closed
        }
      })()
      return sub
    })
    return {
      publish: (message) => pub.send(message),
      received,
      joined,
      start: () => undefined,
      close: () => {
        for (const sub of subs) sub.close()
        pub.close()
      },
    }
  }
  const pub = new PublisherSocket({ sendHighWaterMark: 0, ...via(impl) })
  const endpoint = await pub.bind('tcp://127.0.0.1:*')
  const subs = Array.from(
    { length: subscribers },
    () =>
      new SubscriberSocket({ connect: endpoint, topics, receiveHighWaterMark: 0, ...via(impl) }),
  )
  const subscriptions: Subscription[] = subs.map((sub) => {
    const count = counter()
    return sub.subscribe((message) => count(message[0]!.length))
  })
  return {
    publish: (message) => pub.send(message),
    received,
    joined,
    start: () => undefined,
    close: () => {
      for (const s of subscriptions) s.unsubscribe()
      for (const sub of subs) sub.close()
      pub.close()
    },
  }
}

/** Messages per second through the publisher, every one delivered to every subscriber. */
export async function fanOut(
  impl: JsImpl,
  subscribers: number,
  topicCount: number,
  size: number,
  count: number,
): Promise<Measured> {
  const topics = topicNames(topicCount)
  const side = await makeSide(impl, subscribers, topics, size, count)
  // Subscriptions reach the publisher asynchronously: probe on the last topic until all see it.
  const probe = Buffer.from(topics[topics.length - 1]!, 'latin1')
  let joined = false
  void side.joined.then(() => (joined = true))
  while (!joined) {
    await side.publish(probe)
    await Promise.race([side.joined, sleep(5)])
  }
  const payloads = messages(topics, size)
  const cpu0 = threadCpuNs()
  const t0 = now()
  for (let i = 0; i < count; i++) await side.publish(payloads[i % payloads.length]!)
  await side.received
  const seconds = now() - t0
  const cpuNs = (threadCpuNs() - cpu0) / count
  side.close()
  return { value: count / seconds, cpuNs }
}

export async function runPubSub(ctx: Context): Promise<void> {
  let first = true
  for (const size of SIZES) {
    for (const subscribers of [1, 4]) {
      for (const topics of [1, 1000]) {
        const count = ctx.quick
          ? Math.round((size > 100 ? 6000 : 8000) / subscribers)
          : Math.round((size > 100 ? 20000 : 30000) / subscribers)
        const name = `3 pub→sub tcp, ${subscribers} sub${subscribers > 1 ? 's' : ''}, ${topics} topic${topics > 1 ? 's' : ''}, ${sizeName(size)}`
        const figures = await interleave(
          ctx.rounds,
          [
            { impl: 'rxzmq', run: () => fanOut('rxzmq', subscribers, topics, size, count) },
            {
              impl: 'zeromq.js',
              run: () => fanOut('zeromq.js', subscribers, topics, size, count),
            },
          ],
          { warmUp: first },
        )
        first = false
        addFigures(
          ctx,
          {
            case: name,
            group: '3 pub/sub',
            unit: 'msg/s',
            better: 'higher',
            note: () =>
              'published messages per second, each delivered to every subscriber (one process)',
          },
          figures,
        )
        logRatio(ctx, name)
      }
    }
  }
}
