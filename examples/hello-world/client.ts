// Hello World client: connects a REQ socket to tcp://localhost:5555, sends "Hello" ten times
// and prints each reply. The rxzmq counterpart of the seed's hello_world_client.py:
// `request()` sends one request when the socket's turn comes and emits its reply.
//
//   npm run example -- hello-world/client
import { concatMap, map, range } from 'rxjs'
import { request, text } from '../../src'

console.log('Connecting to hello world server...')
const req = request({ connect: 'tcp://localhost:5555' })

// Do 10 requests, waiting each time for a response.
range(10)
  .pipe(
    concatMap((n) => {
      console.log(`Sending request ${n} ...`)
      return req.request('Hello').pipe(
        text(),
        map((message) => ({ n, message })),
      )
    }),
  )
  .subscribe({
    next: ({ n, message }) => console.log(`Received reply ${n} [ ${message} ]`),
    error: (error: Error) => {
      console.error(`hello-world/client: ${error.message}`)
      process.exitCode = 1
      req.close()
    },
    complete: () => req.complete(),
  })
