// Hello World server: binds a REP socket to tcp://*:5555, expects "Hello", replies "World".
// The rxzmq counterpart of the seed's hello_world_server.py: the server is a function of the
// request stream, and the socket is both where requests come from and where replies go.
//
//   npm run example -- hello-world/server
import { concatMap, map, tap, timer } from 'rxjs'
import { reply, text } from '../../src'

const rep = reply({ bind: 'tcp://*:5555' })

// Start receiving once the bind is done: rxzmq 0.1.0 fails a receive that starts while the
// bind is still in progress (EBUSY).
rep.ready.then(
  () =>
    rep
      .pipe(
        text(),
        tap((message) => console.log(`Received request: ${message}`)),
        // Do some 'work' (one second), then answer.
        concatMap(() => timer(1000).pipe(map(() => 'World'))),
      )
      .subscribe(rep),
  (error: Error) => {
    console.error(`hello-world/server: ${error.message}`)
    process.exitCode = 1
  },
)

// The seed loops forever; here Ctrl-C (or a SIGTERM) closes the socket and the program ends.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => rep.close())
}
