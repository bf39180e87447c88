// How a user marble-tests (b) a pipeline worker: PULL tasks, sleep, PUSH a result.
//
//   ventilator (PUSH) ──ms──> worker (PULL … PUSH) ──''──> sink (PULL)
import { concatMap, map, type Observable, type SchedulerLike, timer } from 'rxjs'
import type { Message } from '../../src/message'
import { text } from '../../src/operators/text'
import { PullSocket, PushSocket } from '../../src'
import { feed, messageText, VirtualNetwork } from '../../src/testing'
import { testScheduler } from '../helpers/marbles'

// ---- the user's code ----

/** Does each task (a number of ms to sleep) in turn and emits an empty result for each. */
function work(scheduler?: SchedulerLike) {
  return (tasks: Observable<Message>): Observable<string> =>
    tasks.pipe(
      text(),
      concatMap((ms) => timer(Number(ms), scheduler).pipe(map(() => ''))),
    )
}

// ---- the tests ----

describe('pipeline worker (marble-tested)', () => {
  it('should do tasks one after the other and report each when done', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const tasks = cold('a-b----|', { a: '3', b: '2' }).pipe(map((ms) => [Buffer.from(ms)]))
      expectObservable(tasks.pipe(work())).toBe('---r-r-|', { r: '' })
    })
  })

  it('should take tasks from a PULL socket and push results to the sink', () => {
    testScheduler().run(({ expectObservable }) => {
      const net = new VirtualNetwork()
      const ventilator = new PushSocket({ transport: net, bind: 'inproc://tasks' })
      const sink = new PullSocket({ transport: net, bind: 'inproc://results' })
      const worker = {
        tasks: new PullSocket({ transport: net, connect: 'inproc://tasks' }),
        results: new PushSocket({ transport: net, connect: 'inproc://results' }),
      }
      worker.tasks.pipe(work()).subscribe(worker.results)
      expectObservable(sink.pipe(map(messageText))).toBe('-----r--r---r', { r: '' })
      feed(ventilator, 'a-b-c', { a: '5', b: '3', c: '4' })
    })
  })

  it('should share tasks round-robin between two workers', () => {
    testScheduler().run(({ expectObservable }) => {
      const net = new VirtualNetwork()
      const ventilator = new PushSocket({ transport: net, bind: 'inproc://tasks' })
      const sink = new PullSocket({ transport: net, bind: 'inproc://results' })
      for (const name of ['w1', 'w2']) {
        const results = new PushSocket({ transport: net, connect: 'inproc://results' })
        new PullSocket({ transport: net, connect: 'inproc://tasks' })
          .pipe(
            work(),
            map(() => name),
          )
          .subscribe(results)
      }
      expectObservable(sink.pipe(map(messageText))).toBe('----(12)-12', { 1: 'w1', 2: 'w2' })
      // w1 gets the 1st and 3rd task (4 + 5 ms), w2 the 2nd and 4th (4 + 6 ms)
      feed(ventilator, '(abcd)', { a: '4', b: '4', c: '5', d: '6' })
    })
  })
})
