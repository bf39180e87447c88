// One path of rxzmq or raw zeromq.js, alone, for profilers: `node --cpu-prof` and valgrind's
// callgrind (bench/profile/callgrind.sh runs it with N and 2N messages and divides the
// difference of the main thread's instruction counts by N). The other end is the libzmq C
// program (bench/native/zmqbench.c) in its own process, so that only this side is measured.
//
//   node --import tsx bench/profile/probe.ts <path> <N> [warm-up messages, default 2000]
//
// Paths: send:raw send:send send:next send:sendTo send:subscribe
//        recv:raw recv:rx recv:raw-chain recv:rx-chain
//        req:raw req:rx          (the client; a C REP echoes)
//        rep:raw rep:rx          (the server; a C REQ client drives it)
//        dealer:raw:K dealer:rx:K (the client, K in flight, rxzmq through correlate; a C ROUTER echoes)
//        router:raw:K router:rx:K (the server; a C DEALER with K in flight drives it)
//        pubsub:raw pubsub:rx    (publisher and one subscriber in this process, 1 topic)
//
// Prints one JSON line: the path, N, and the main thread's CPU ns and wall ns per message of
// the measured part (after the warm-up), for the native figures next to the instruction counts.
import { getPriority, hostname } from 'node:os'
import { lastValueFrom } from 'rxjs'
import * as zmq from 'zeromq'
import {
  correlate,
  DealerSocket,
  PublisherSocket,
  ReplySocket,
  RequestSocket,
  RouterSocket,
  SubscriberSocket,
} from '../lib/rxzmq'
import { threadCpuNs } from '../lib/cpu'
import { buildC, NativeProcess } from '../lib/external'
import { pullReceiver, pushSender, type ReceiveStyle, type SendStyle } from '../lib/roles'
import { now } from '../lib/stats'

const [path = '', nArg = '20000', warmArg = '2000'] = process.argv.slice(2)
const N = Number(nArg)
const W = Number(warmArg)
const payload = Buffer.alloc(16, 0x61)

function c(args: string[]): NativeProcess {
  const { binary, reason } = buildC()
  if (binary === undefined) throw new Error(`needs the libzmq C program: ${reason}`)
  return new NativeProcess(binary, args)
}

/**
 * Runs `phase(W)` then `phase(N)`, timing the second. `phase(count)` sets up (sockets, the C
 * peer) and returns the part to time, which moves `count` messages.
 */
type Phase = (count: number) => Promise<() => Promise<void>>

async function measure(phase: Phase): Promise<void> {
  if (W > 0) await (await phase(W))()
  const timed = await phase(N)
  // Markers for callgrind.ts: --zero-before=uv_os_getpriority --dump-before=uv_os_gethostname
  // count the timed part alone (nothing else here calls either).
  getPriority()
  const cpu0 = threadCpuNs()
  const t0 = now()
  await timed()
  const wall = now() - t0
  const cpu = threadCpuNs() - cpu0
  hostname()
  console.log(JSON.stringify({ path, n: N, cpuNsPerMsg: cpu / N, wallNsPerMsg: (wall * 1e9) / N }))
}

async function send(style: SendStyle | 'raw'): Promise<void> {
  await measure(async (count) => {
    const peer = c(['recv', 'tcp://127.0.0.1:*', '16', String(count)])
    const { endpoint } = await peer.wait('ready')
    const sender =
      style === 'raw'
        ? pushSender('zeromq.js', endpoint!)
        : pushSender('rxzmq', endpoint!, style, count)
    return async () => {
      await sender.run(payload, count)
      await peer.wait('done')
      sender.close()
    }
  })
}

async function receive(impl: 'rxzmq' | 'zeromq.js', style: ReceiveStyle): Promise<void> {
  await measure(async (count) => {
    const receiver = await pullReceiver(impl, 'tcp://127.0.0.1:*', count, style)
    // Timed from the C sender's start (a spawn costs the main thread a little, both sides).
    return async () => {
      const peer = c(['send', receiver.endpoint, '16', String(count + 1000)])
      await receiver.done
      receiver.close()
      peer.kill()
    }
  })
}

async function requestClient(impl: 'raw' | 'rx'): Promise<void> {
  const server = c(['rep', 'tcp://127.0.0.1:*', '16', '0'])
  const { endpoint } = await server.wait('ready')
  if (impl === 'raw') {
    const req = new zmq.Request()
    req.connect(endpoint!)
    await measure(async (count) => async () => {
      for (let i = 0; i < count; i++) {
        await req.send(payload)
        await req.receive()
      }
    })
    req.close()
  } else {
    const req = new RequestSocket({ connect: endpoint! })
    await measure(async (count) => async () => {
      for (let i = 0; i < count; i++) await lastValueFrom(req.request(payload))
    })
    req.close()
  }
  server.kill()
}

async function echoServer(kind: 'rep' | 'router', impl: 'raw' | 'rx', inFlight: number) {
  await measure(async (count) => {
    let endpoint: string
    let done: Promise<void>
    let close: () => void
    if (impl === 'raw') {
      const socket = kind === 'rep' ? new zmq.Reply() : new zmq.Router()
      socket.bindSync('tcp://127.0.0.1:*')
      endpoint = socket.lastEndpoint!
      done = (async () => {
        let n = 0
        for await (const message of socket) {
          await socket.send(message)
          if (++n === count) break
        }
      })()
      close = () => socket.close()
    } else {
      const socket = kind === 'rep' ? new ReplySocket() : new RouterSocket()
      endpoint = await socket.bind('tcp://127.0.0.1:*')
      done = new Promise<void>((resolve) => {
        let n = 0
        socket.subscribe((message) => {
          socket.next(message)
          if (++n === count) resolve()
        })
      })
      close = () => socket.close()
    }
    return async () => {
      const client = c([
        kind === 'rep' ? 'req' : 'dealer',
        endpoint,
        '16',
        String(count),
        String(inFlight),
      ])
      await done
      await client.wait('done')
      close()
    }
  })
}

async function dealerClient(impl: 'raw' | 'rx', inFlight: number): Promise<void> {
  const server = c(['router', 'tcp://127.0.0.1:*', '16', '0'])
  const { endpoint } = await server.wait('ready')
  if (impl === 'raw') {
    // As bench/cases/reqrep.ts: one task sends and receives, a map of pending ids.
    const dealer = new zmq.Dealer()
    dealer.connect(endpoint!)
    const empty = Buffer.alloc(0)
    let nextId = 0
    const started = new Map<number, number>()
    await measure(async (count) => async () => {
      const sendOne = async (): Promise<void> => {
        const id = nextId++
        const frame = Buffer.alloc(4)
        frame.writeUInt32BE(id)
        started.set(id, now())
        await dealer.send([frame, empty, payload])
      }
      const limit = nextId + count
      for (let i = 0; i < inFlight; i++) await sendOne()
      let done = 0
      for await (const [id] of dealer) {
        started.delete(id!.readUInt32BE(0))
        if (++done === count) break
        if (nextId < limit) await sendOne()
      }
    })
    dealer.close()
  } else {
    const dealer = new DealerSocket({ connect: endpoint! })
    const rpc = correlate(dealer, (message) => dealer.next(message))
    await measure(async (count) => async () => {
      let issued = 0
      const lane = async (): Promise<void> => {
        while (issued < count) {
          issued++
          await lastValueFrom(rpc.request(payload))
        }
      }
      await Promise.all(Array.from({ length: inFlight }, lane))
    })
    rpc.close()
    dealer.close()
  }
  server.kill()
}

async function pubsub(impl: 'raw' | 'rx'): Promise<void> {
  await measure(async (count) => {
    let received = 0
    let resolve!: () => void
    const all = new Promise<void>((r) => (resolve = r))
    let publish: (m: Buffer) => Promise<void>
    let close: () => void
    const probe = Buffer.from('t/')
    const message = Buffer.alloc(16, 0x2e)
    message.write('t/')
    const count1 = (length: number): void => {
      if (length === message.length && ++received === count) resolve()
    }
    let joined = false
    if (impl === 'raw') {
      const pub = new zmq.Publisher({ sendHighWaterMark: 0 })
      pub.bindSync('tcp://127.0.0.1:*')
      const sub = new zmq.Subscriber({ receiveHighWaterMark: 0 })
      sub.connect(pub.lastEndpoint!)
      sub.subscribe('t/')
      void (async () => {
        try {
          for await (const [m] of sub) {
            if (m!.length !== message.length) joined = true
            count1(m!.length)
          }
        } catch {
          // closed
        }
      })()
      publish = (m) => pub.send(m)
      close = () => {
        sub.close()
        pub.close()
      }
    } else {
      const pub = new PublisherSocket({ bind: 'tcp://127.0.0.1:*', sendHighWaterMark: 0 })
      const sub = new SubscriberSocket({
        connect: pub.getOption('lastEndpoint') as string,
        topics: ['t/'],
        receiveHighWaterMark: 0,
      })
      const subscription = sub.subscribe((m) => {
        if (m[0]!.length !== message.length) joined = true
        count1(m[0]!.length)
      })
      publish = (m) => pub.send(m)
      close = () => {
        subscription.unsubscribe()
        sub.close()
        pub.close()
      }
    }
    while (!joined) {
      await publish(probe)
      await new Promise((r) => setTimeout(r, 5))
    }
    return async () => {
      for (let i = 0; i < count; i++) await publish(message)
      await all
      close()
    }
  })
}

async function main(): Promise<void> {
  const [kind, impl = '', k = '1'] = path.split(':')
  const inFlight = Number(k)
  switch (kind) {
    case 'send':
      return send(impl as SendStyle | 'raw')
    case 'recv':
      return receive(
        impl.startsWith('raw') ? 'zeromq.js' : 'rxzmq',
        impl.endsWith('chain') ? 'chain' : 'plain',
      )
    case 'req':
      return requestClient(impl as 'raw' | 'rx')
    case 'rep':
      return echoServer('rep', impl as 'raw' | 'rx', 1)
    case 'router':
      return echoServer('router', impl as 'raw' | 'rx', inFlight)
    case 'dealer':
      return dealerClient(impl as 'raw' | 'rx', inFlight)
    case 'pubsub':
      return pubsub(impl as 'raw' | 'rx')
    default:
      throw new Error(`unknown path ${path}`)
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
