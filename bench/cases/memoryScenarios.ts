// Case 6's scenarios, run one per fresh worker process so that each peak is its own.
import * as zmq from 'zeromq'
import { PublisherSocket, PushSocket, SubscriberSocket } from '../lib/rxzmq'
import type { OverflowPolicy } from '../../src/events'
import { via } from '../lib/roles'
import { sleep, tick } from '../lib/stats'

export type MemoryScenario =
  | 'publish-to-stalled-rxzmq'
  | 'publish-to-stalled-zeromq.js'
  | 'publish-to-stalled-zmtp'
  | 'next-drop-newest'
  | 'next-drop-oldest'
  | 'next-error'

export interface MemoryResult {
  /** Peak resident memory over the baseline taken before sending, in MB. */
  peakGrowthMB: number
  baselineMB: number
  peakMB: number
  /** Messages the sender accepted (sent or queued) and messages it dropped. */
  accepted: number
  dropped: number
}

const SIZE = 1024

/** Samples the resident set size every few milliseconds and keeps the peak. */
function sampler(): { stop(): number } {
  let peak = process.memoryUsage.rss()
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss())
  }, 5)
  return {
    stop: () => {
      clearInterval(timer)
      return Math.max(peak, process.memoryUsage.rss())
    },
  }
}

const MB = 1024 * 1024

export async function runMemoryScenario(
  scenario: MemoryScenario,
  count: number,
): Promise<MemoryResult> {
  let accepted = 0
  let dropped = 0
  let run: () => Promise<void>
  let cleanup: () => void

  if (scenario === 'publish-to-stalled-zeromq.js') {
    // A subscriber that reads 1,000 messages and stops; the publisher goes on to `count`.
    const pub = new zmq.Publisher()
    await pub.bind('tcp://127.0.0.1:*')
    const sub = new zmq.Subscriber()
    sub.connect(pub.lastEndpoint!)
    sub.subscribe('')
    await slowJoin(
      () => pub.send('probe'),
      async () => void (await sub.receive()),
    )
    void (async () => {
      for (let i = 0; i < 1000; i++) await sub.receive()
    })()
    run = async () => {
      for (let i = 0; i < count; i++) await pub.send(Buffer.alloc(SIZE))
      accepted = count
    }
    cleanup = () => {
      sub.close()
      pub.close()
    }
  } else if (scenario === 'publish-to-stalled-rxzmq' || scenario === 'publish-to-stalled-zmtp') {
    const transport = via(scenario === 'publish-to-stalled-zmtp' ? 'zmtp' : 'rxzmq')
    const pub = new PublisherSocket(transport)
    const endpoint = await pub.bind('tcp://127.0.0.1:*')
    const sub = new SubscriberSocket({ connect: endpoint, topics: [''], ...transport })
    let seen = 0
    let joined!: () => void
    const join = new Promise<void>((resolve) => (joined = resolve))
    const subscription = sub.subscribe(() => {
      joined()
      if (++seen === 1000) subscription.unsubscribe() // stops reading
    })
    await slowJoin(
      () => pub.send('probe'),
      () => join,
    )
    run = async () => {
      for (let i = 0; i < count; i++) await pub.send(Buffer.alloc(SIZE))
      accepted = count
    }
    cleanup = () => {
      sub.close()
      pub.close()
    }
  } else {
    // A next() caller outpacing a peer that reads one message per millisecond.
    const policy = scenario.slice('next-'.length) as OverflowPolicy
    const pull = new zmq.Pull()
    await pull.bind('tcp://127.0.0.1:*')
    let reading = true
    void (async () => {
      while (reading) {
        try {
          await pull.receive()
        } catch {
          return
        }
        await sleep(1)
      }
    })()
    const push = new PushSocket({
      connect: pull.lastEndpoint!,
      sendQueue: { limit: 1000, overflow: policy },
    })
    push.events$.subscribe() // the queue:full / queue:drop events are observed, not warned
    run = async () => {
      for (let i = 0; i < count && !push.isClosed; i += 1000) {
        for (let j = 0; j < 1000 && !push.isClosed; j++) {
          push.next(Buffer.alloc(SIZE))
          accepted++
        }
        await tick()
      }
      dropped = push.dropped
      accepted -= dropped
    }
    cleanup = () => {
      reading = false
      push.close()
      pull.close()
    }
  }

  if (global.gc !== undefined) global.gc()
  const baseline = process.memoryUsage.rss()
  const peak = sampler()
  await run()
  await sleep(50)
  const top = peak.stop()
  cleanup()
  return {
    peakGrowthMB: (top - baseline) / MB,
    baselineMB: baseline / MB,
    peakMB: top / MB,
    accepted,
    dropped,
  }
}

/** Sends probes until the subscriber has one: subscriptions travel to the publisher asynchronously. */
async function slowJoin(probe: () => Promise<void>, received: () => Promise<void>): Promise<void> {
  let done = false
  const got = received().then(() => (done = true))
  while (!done) {
    await probe()
    await Promise.race([got, sleep(5)])
  }
}
