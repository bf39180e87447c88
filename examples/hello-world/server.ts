// Hello World server: binds a REP socket to tcp://*:5555, expects "Hello", replies "World".
// The rxzmq counterpart of the seed's hello_world_server.py: serve() gives each request to a
// handler that returns its reply, and handles each request on its own: a request the handler
// cannot read (not UTF-8...) is reported and answered with an empty reply, and the server goes
// on serving the others.
//
//   npm run example -- hello-world/server
import { filter, map, timer } from 'rxjs'
import { ReplySocket, textCodec } from '../../src'

const rep = new ReplySocket({ bind: 'tcp://*:5555' })
const text = textCodec()

rep.serve((request) => {
  console.log(`Received request: ${text.decode(request)}`)
  // Do some 'work' (one second), then answer.
  return timer(1000).pipe(map(() => 'World'))
})

// A request that could not be handled: say which and why (serve() also warns on stderr).
rep.events$
  .pipe(filter((event) => event.type === 'request:error'))
  .subscribe(({ error }) => console.error(`hello-world/server: bad request: ${error.message}`))

// A failed bind (the port in use...) closes the socket; say why.
rep.ready.catch((error: Error) => {
  console.error(`hello-world/server: ${error.message}`)
  process.exitCode = 1
})

// The seed loops forever; here Ctrl-C (or a SIGTERM) closes the socket and the program ends.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => rep.close())
}
