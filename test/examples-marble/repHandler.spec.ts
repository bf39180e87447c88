// How a user marble-tests (c) a REP handler: the hello-world server, which answers each
// request with 'World' after a second of work.
//
//   client (REQ) ──'Hello'──> server (REP): concatMap(1 s of work) ──'World'──> client
import { concatMap, map, type Observable, type SchedulerLike, Subject, timer } from 'rxjs'
import type { Message } from '../../src/message'
import { text } from '../../src/operators/text'
import { ReplySocket, RequestSocket } from '../../src'
import { feed, messageText, sentText, VirtualNetwork } from '../../src/testing'
import { testScheduler } from '../helpers/marbles'

// ---- the user's code ----

/** The server's logic: a function of the request stream. */
function helloHandler(scheduler?: SchedulerLike) {
  return (requests: Observable<Message>): Observable<string> =>
    requests.pipe(
      text(),
      concatMap(() => timer(1000, scheduler).pipe(map(() => 'World'))),
    )
}

// ---- the tests ----

describe('REP handler (marble-tested)', () => {
  it('should answer each request after a second, one at a time', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const requests = cold('a 500ms b', { a: 'Hello', b: 'Hello' }).pipe(
        map((s) => [Buffer.from(s)]),
      )
      expectObservable(helloHandler()(requests)).toBe('1000ms w 999ms w', { w: 'World' })
    })
  })

  it('should reply through a virtual REP socket to the client that asked', () => {
    testScheduler().run(({ expectObservable }) => {
      const net = new VirtualNetwork()
      const rep = new ReplySocket({ transport: net, bind: 'tcp://*:5555' })
      rep.pipe(helloHandler()).subscribe(rep)
      const client = new RequestSocket({ transport: net, connect: 'tcp://localhost:5555' })

      // what the server sent, as a marble
      expectObservable(sentText(rep)).toBe('1000ms w 999ms w', { w: 'World' })

      // what the client got: two requests in a row, each waiting for the previous reply
      const replies = new Subject<string>()
      expectObservable(replies).toBe('1000ms w 999ms w', { w: 'World' })
      feed(
        {
          next: () =>
            client
              .request('Hello')
              .pipe(map(messageText))
              .subscribe((r) => replies.next(r)),
        },
        '(ab)',
      )
    })
  })
})
