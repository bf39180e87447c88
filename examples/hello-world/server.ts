// Hello World server: binds a REP socket to tcp://*:5555, expects "Hello", replies "World".
// The rxzmq counterpart of the seed's hello_world_server.py: the server is a function of the
// request stream, and the socket is both where requests come from and where replies go.
//
//   npm run example -- hello-world/server
import { concatMap, map, tap, timer } from 'rxjs'
import { ReplySocket, text } from '../../src'

const rep = new ReplySocket({ bind: 'tcp://*:5555' })

rep
  .pipe(
    text(),
    tap((message) => console.log(`Received request: ${message}`)),
    // Do some 'work' (one second), then answer.
    concatMap(() => timer(1000).pipe(map(() => 'World'))),
  )
  .subscribe(rep)

// A failed bind (the port in use...) closes the socket; say why.
rep.ready.catch((error: Error) => {
  console.error(`hello-world/server: ${error.message}`)
  process.exitCode = 1
})

// The seed loops forever; here Ctrl-C (or a SIGTERM) closes the socket and the program ends.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => rep.close())
}
