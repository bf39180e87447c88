// Peer processes killed (SIGKILL) and started again on the same endpoints, three times: the
// sockets here get their connections back on their own, and events$ (subscribed before
// connect()) tells the story: connect, then disconnect → connect:retry → connect per restart.
//
//   this process                      peer process (killed, restarted)
//   Dealer ──tcp──▶ Router (echo)
//   Subscriber ◀──tcp── Publisher ('tick n' every 10 ms)
import { join } from 'node:path'
import { filter, firstValueFrom, type Observable } from 'rxjs'
import { DealerSocket, SubscriberSocket, type SocketEvent } from '../../src'
import { killAll, ROOT, start, TSX, type Proc } from '../examples/processes'
import { tracker } from '../helpers/cleanup'

const RESTARTS = 3

function startPeer(routerEndpoint: string, pubEndpoint: string): Proc {
  return start('peer', process.execPath, [
    '--import',
    TSX,
    join(ROOT, 'test', 'reliability', 'drivers', 'peer.ts'),
    routerEndpoint,
    pubEndpoint,
  ])
}

async function boundEndpoints(peer: Proc): Promise<[string, string]> {
  const [line] = await peer.waitFor(/peer: bound \S+ \S+/)
  const [, , r, p] = line.split(' ')
  return [r, p]
}

/** Records the connection events of a socket, in order, as they come. */
function record(events$: Observable<SocketEvent>): string[] {
  const seen: string[] = []
  events$.subscribe((event) => seen.push(event.type))
  return seen
}

/** The connection story: connect/disconnect/connect:retry, repeated retries counted once. */
function story(types: readonly string[]): string[] {
  const out: string[] = []
  for (const type of types) {
    if (!['connect', 'disconnect', 'connect:retry'].includes(type)) continue
    if (out[out.length - 1] === type) continue
    out.push(type)
  }
  return out
}

function next(events$: Observable<SocketEvent>, type: string): Promise<SocketEvent> {
  return firstValueFrom(events$.pipe(filter((event) => event.type === type)))
}

describe('peer processes killed and restarted', () => {
  const track = tracker()
  afterEach(killAll)

  it('should get the connections back, with disconnect → connect:retry → connect on events$', async () => {
    let peer = startPeer('tcp://127.0.0.1:*', 'tcp://127.0.0.1:*')
    const [routerEndpoint, pubEndpoint] = await boundEndpoints(peer)

    const dealer = track(new DealerSocket())
    const sub = track(new SubscriberSocket({ topics: ['tick'] }))
    // Subscribed before connect(): no event of the first connection is missed.
    const dealerEvents = record(dealer.events$)
    const subEvents = record(sub.events$)
    const connected = Promise.all([next(dealer.events$, 'connect'), next(sub.events$, 'connect')])
    dealer.connect(routerEndpoint)
    sub.connect(pubEndpoint)
    await connected

    const echo = async (n: number): Promise<void> => {
      const reply = firstValueFrom(dealer)
      dealer.next(`hello ${n}`)
      expect(String((await reply)[0])).toBe(`hello ${n}`)
    }
    await echo(0)
    await firstValueFrom(sub)

    for (let round = 1; round <= RESTARTS; round++) {
      const lost = Promise.all([
        next(dealer.events$, 'disconnect'),
        next(sub.events$, 'disconnect'),
      ])
      const retrying = Promise.all([
        next(dealer.events$, 'connect:retry'),
        next(sub.events$, 'connect:retry'),
      ])
      await peer.kill() // SIGKILL: no goodbye, the kernel closes its sockets
      await lost
      await retrying
      const back = Promise.all([next(dealer.events$, 'connect'), next(sub.events$, 'connect')])
      peer = startPeer(routerEndpoint, pubEndpoint)
      await boundEndpoints(peer)
      await back
      // The same sockets talk again: the echo comes back, the subscription was sent again.
      await echo(round)
      await firstValueFrom(sub)
    }

    const expected = [
      'connect',
      ...Array.from({ length: RESTARTS }, () => ['disconnect', 'connect:retry', 'connect']).flat(),
    ]
    expect(story(dealerEvents)).toEqual(expected)
    expect(story(subEvents)).toEqual(expected)
  }, 45000)
})
