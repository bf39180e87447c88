// How a user marble-tests (d) a load-balanced worker pool: the zguide's load-balancing broker.
// Each worker (REQ) says READY, then answers tasks; the broker (ROUTER backend) gives each task
// to a worker that is ready (loadBalance), so fast workers get more work than slow ones.
//
//   tasks ──> broker: loadBalance(ready) ──[worker, '', task]──> backend (ROUTER)
//                                                                 ├── worker A (REQ, 2 ms/task)
//                                                                 └── worker B (REQ, 5 ms/task)
import { concatMap, filter, map, type Observable, share, timer } from 'rxjs'
import type { Message } from '../../src/message'
import { loadBalance } from '../../src/operators/loadBalance'
import { splitEnvelope } from '../../src/operators/splitEnvelope'
import { RequestSocket, RouterSocket, type Transport } from '../../src'
import { messageText, VirtualNetwork } from '../../src/testing'
import { testScheduler } from '../helpers/marbles'

// ---- the user's code ----

/** A worker: says READY, then answers each task with `name:task` after `ms` of work. */
function startWorker(transport: Transport, endpoint: string, name: string, ms: number): void {
  const req = new RequestSocket({ connect: endpoint, routingId: name, transport })
  req
    .pipe(concatMap((task) => timer(ms).pipe(map(() => `${name}:${messageText(task)}`))))
    .subscribe(req)
  req.next('READY')
}

/** The broker: sends each task to a ready worker; emits the results. */
function broker(backend: RouterSocket, tasks: Observable<string>): Observable<string> {
  const fromWorkers = backend.pipe(splitEnvelope(), share())
  const ready = fromWorkers.pipe(map((envelope) => envelope.route[0]))
  tasks
    .pipe(loadBalance<string, Buffer>(ready))
    .subscribe(({ worker, message }) => backend.next([worker, '', message]))
  return fromWorkers.pipe(
    map((envelope) => messageText(envelope.body as Message)),
    filter((body) => body !== 'READY'),
  )
}

// ---- the tests ----

describe('load-balanced worker pool (marble-tested)', () => {
  it('should give each task to a worker that is ready, so the fast one does more', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const net = new VirtualNetwork()
      const backend = new RouterSocket({ transport: net, bind: 'inproc://backend' })
      const tasks = hot('-abcd---e', { a: 't1', b: 't2', c: 't3', d: 't4', e: 't5' })
      const results = broker(backend, tasks)
      // Both workers say READY at 0 (A first). t1 → A, t2 → B; t3 and t4 wait for a worker.
      // A is back at 3 and takes t3, back at 5 and takes t4; B is back at 7 (before A's
      // second reply lands) and so takes t5 at 8, done at 13. The fast worker did three tasks.
      expectObservable(results).toBe('---a-b-(cd)--e', {
        a: 'A:t1',
        b: 'A:t3',
        c: 'B:t2',
        d: 'A:t4',
        e: 'B:t5',
      })
      startWorker(net, 'inproc://backend', 'A', 2)
      startWorker(net, 'inproc://backend', 'B', 5)
    })
  })
})
