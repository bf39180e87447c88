// How a user marble-tests (a) the weather client's averaging, with no real socket.
//
//   publisher (virtual PUB) ──'10001 t h'──> subscriber (virtual SUB, topic '10001 ')
//                                            └─ averageTemperature: take 5, running average
import { map, type Observable, scan, take } from 'rxjs'
import type { Message } from '../../src/message'
import { text } from '../../src/operators/text'
import { topics } from '../../src/operators/topics'
import { fromSubscriber, PublisherSocket, type Transport } from '../../src'
import { feed, VirtualNetwork } from '../../src/testing'
import { testScheduler } from '../helpers/marbles'

// ---- the user's code: business logic over any Observable of messages ----

/** The running average temperature of the first `count` updates for one zip code. */
function averageTemperature(zip: string, count = 5) {
  return (updates: Observable<Message>): Observable<number> =>
    updates.pipe(
      topics([`${zip} `]),
      text(),
      take(count),
      map((line) => Number(line.split(' ')[1])),
      scan((acc, t) => ({ n: acc.n + 1, sum: acc.sum + t }), { n: 0, sum: 0 }),
      map(({ n, sum }) => sum / n),
    )
}

/**
 * The same client over a SUB socket: native in production (no `transport`), virtual in tests.
 */
function weatherClient(endpoint: string, zip: string, transport?: Transport): Observable<number> {
  return fromSubscriber({ connect: endpoint, topics: [`${zip} `], transport }).pipe(
    averageTemperature(zip),
  )
}

// ---- the tests ----

describe('weather client (marble-tested)', () => {
  const updates = {
    a: '10001 20 50',
    b: '10001 30 40',
    x: '20002 99 10',
    c: '10001 10 60',
    d: '10001 40 30',
    e: '10001 50 20',
    f: '10001 90 90',
  }

  it('should average the first five updates of its zip code, over any Observable', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const messages = cold('-a-x-b-c-d-e-f-|', updates).pipe(map((line) => [Buffer.from(line)]))
      expectObservable(messages.pipe(averageTemperature('10001'))).toBe('-1---2-3-4-(5|)', {
        1: 20,
        2: 25,
        3: 20,
        4: 25,
        5: 30,
      })
    })
  })

  it('should do the same over a virtual PUB/SUB pair, ignoring other zip codes', () => {
    testScheduler().run(({ expectObservable }) => {
      const net = new VirtualNetwork()
      const publisher = new PublisherSocket({ transport: net, bind: 'tcp://*:5556' })
      const averages = weatherClient('tcp://localhost:5556', '10001', net)
      expectObservable(averages).toBe('-1---2-3-4-(5|)', { 1: 20, 2: 25, 3: 20, 4: 25, 5: 30 })
      feed(publisher, '-a-x-b-c-d-e-f-', updates)
    })
  })

  it('should miss the updates published before it was connected (slow joiner)', () => {
    testScheduler().run(({ expectObservable }) => {
      const net = new VirtualNetwork({ connectDelay: 4 })
      const publisher = new PublisherSocket({ transport: net, bind: 'tcp://*:5556' })
      const averages = weatherClient('tcp://localhost:5556', '10001', net)
      // 'a' (frame 1) is lost: the connection is up at frame 4
      expectObservable(averages).toBe('-----2-3-4-5-(6|)', {
        2: 30,
        3: 20,
        4: 80 / 3,
        5: 32.5,
        6: 44,
      })
      feed(publisher, '-a-x-b-c-d-e-f-', updates)
    })
  })
})
