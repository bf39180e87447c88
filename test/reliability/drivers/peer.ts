// A peer process for test/reliability/reconnect.spec.ts: a ROUTER that echoes each message
// back to its sender, and a PUB that publishes 'tick <n>' every 10 ms.
//
//   node --import tsx test/reliability/drivers/peer.ts <router endpoint> <pub endpoint>
//
// Prints `peer: bound <router> <pub>` once both are bound. The test SIGKILLs it and starts
// it again on the same endpoints.
import { interval } from 'rxjs'
import { PublisherSocket, RouterSocket } from '../../../src'

const [routerEndpoint = 'tcp://127.0.0.1:*', pubEndpoint = 'tcp://127.0.0.1:*'] =
  process.argv.slice(2)

const router = new RouterSocket()
router.subscribe((message) => router.next(message))
const pub = new PublisherSocket()

Promise.all([router.bind(routerEndpoint), pub.bind(pubEndpoint)]).then(
  ([r, p]) => {
    console.log(`peer: bound ${r} ${p}`)
    interval(10).subscribe((n) => pub.next(`tick ${n}`))
  },
  (error: Error) => {
    console.error(`peer: ${error.message}`)
    process.exit(1)
  },
)
