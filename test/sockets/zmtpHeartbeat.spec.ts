// libzmq's own heartbeats (ZMTP 3.1 PING/PONG), set with the socket options
// heartbeatInterval / heartbeatTimeout / heartbeatTimeToLive: a peer that stops answering
// is disconnected, and events$ says so, while its process is still there (frozen, not dead,
// so no TCP reset tells libzmq anything).
//
//   Python DEALER (connect, then SIGSTOP) ──tcp──▶ Router (bind, heartbeats every 100 ms)
import { filter, firstValueFrom } from 'rxjs'
import { RouterSocket } from '../../src'
import { killAll, PYTHON, start } from '../examples/processes'
import { tracker } from '../helpers/cleanup'

const DEALER = `
import signal, sys, zmq
s = zmq.Context().socket(zmq.DEALER)
s.connect(sys.argv[1])
s.send(b"hello")
print("sent", flush=True)
signal.pause()
`

describe('ZMTP heartbeat options', () => {
  const track = tracker()
  afterEach(killAll)

  it('should disconnect a peer that stops answering heartbeats, seen as a disconnect event', async () => {
    const router = track(new RouterSocket({ heartbeatInterval: 100, heartbeatTimeout: 300 }))
    const events: string[] = []
    router.events$.subscribe((e) => events.push(e.type))
    const disconnected = firstValueFrom(router.events$.pipe(filter((e) => e.type === 'disconnect')))
    const endpoint = await router.bind('tcp://127.0.0.1:*')
    const peer = start('python dealer', PYTHON, ['-c', DEALER, endpoint])
    const [, hello] = await firstValueFrom(router)
    expect(String(hello)).toBe('hello')

    peer.signal('SIGSTOP') // frozen: its libzmq answers no PING any more
    const started = Date.now()
    await disconnected
    const took = Date.now() - started
    expect(peer.running).toBe(true) // the process did not die: the heartbeat found it out
    expect(events).toEqual(expect.arrayContaining(['accept', 'handshake', 'disconnect']))
    // heartbeatTimeout is 300 ms: well before TCP would notice anything (it never would).
    expect(took).toBeLessThan(5000)
  })

  it('should take and read back the three heartbeat options', () => {
    const router = track(
      new RouterSocket({
        heartbeatInterval: 1000,
        heartbeatTimeout: 3000,
        heartbeatTimeToLive: 5000,
      }),
    )
    expect(router.getOption('heartbeatInterval')).toBe(1000)
    expect(router.getOption('heartbeatTimeout')).toBe(3000)
    expect(router.getOption('heartbeatTimeToLive')).toBe(5000)
  })
})
