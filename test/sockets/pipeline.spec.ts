import { filter, firstValueFrom, map, take, toArray } from 'rxjs'
import { PairSocket, PullSocket, PushSocket, fromPull, text } from '../../src'
import { bindEndpoint, transports } from '../helpers/endpoints'
import { tracker } from '../helpers/cleanup'
import { openSocketCount } from '../../src/testing'

describe.each(transports)('PUSH/PULL and PAIR over %s', (transport) => {
  //  Push ──▶ Pull (bind); Push ──▶ Pull ×2 round-robin; Pair ◀──▶ Pair
  const track = tracker()

  it('should carry multipart messages whole and in order', async () => {
    const sink = track(new PullSocket())
    const endpoint = await sink.bind(bindEndpoint(transport))
    const source = track(new PushSocket({ connect: endpoint }))
    const got = firstValueFrom(sink.pipe(take(3), toArray()))
    source.next(['a', 'b', 'c'])
    source.next('d')
    source.next([Buffer.alloc(0), Buffer.alloc(300, 7)])
    const messages = await got
    expect(messages.map((m) => m.length)).toEqual([3, 1, 2])
    expect(messages[0].map(String)).toEqual(['a', 'b', 'c'])
    expect(messages[2][1].equals(Buffer.alloc(300, 7))).toBe(true)
  })

  it('should distribute round-robin between connected pullers', async () => {
    const source = track(new PushSocket())
    const handshakes = firstValueFrom(
      source.events$.pipe(
        filter((e) => e.type === 'handshake'),
        take(2),
        toArray(),
      ),
    )
    const endpoint = await source.bind(bindEndpoint(transport))
    const a = track(new PullSocket({ connect: endpoint }))
    const b = track(new PullSocket({ connect: endpoint }))
    const gotA = firstValueFrom(a.pipe(take(51), toArray()))
    const gotB = firstValueFrom(b.pipe(take(51), toArray()))
    // inproc peers attach at connect(); tcp/ipc peers once their ZMTP handshake completes
    if (transport !== 'inproc') await handshakes
    for (let i = 0; i < 102; i++) source.next(String(i))
    const [ra, rb] = [await gotA, await gotB]
    expect(ra.length + rb.length).toBe(102)
    const numbers = (ms: Buffer[][]): number[] => ms.map((m) => Number(String(m[0])))
    // strict alternation: each puller got every other message
    expect(new Set(numbers(ra).map((n) => n % 2)).size).toBe(1)
    expect(new Set(numbers(rb).map((n) => n % 2)).size).toBe(1)
  })

  it('should let a cold fromPull() own its socket: opened on subscribe, closed when done', async () => {
    const source = track(new PushSocket())
    const endpoint = await source.bind(bindEndpoint(transport))
    const before = openSocketCount()
    const got = firstValueFrom(fromPull({ connect: endpoint }).pipe(text(), take(2), toArray()))
    expect(openSocketCount()).toBe(before + 1)
    source.next('one')
    source.next('two')
    expect(await got).toEqual(['one', 'two'])
    expect(openSocketCount()).toBe(before)
  })

  it('should talk both ways over PAIR', async () => {
    const left = track(new PairSocket())
    const endpoint = await left.bind(bindEndpoint(transport))
    const right = track(new PairSocket({ connect: endpoint }))
    left.pipe(map((m) => ['pong', ...m])).subscribe(left)
    const got = firstValueFrom(
      right.pipe(
        take(2),
        map((m) => m.map(String).join(' ')),
        toArray(),
      ),
    )
    right.next('ping 1')
    right.next(['ping', '2'])
    expect(await got).toEqual(['pong ping 1', 'pong ping 2'])
  })
})

describe('events$ with monitor: true', () => {
  //  Push (connect, monitor: true) ──▶ Pull (bind tcp): events before the first subscriber are kept
  const track = tracker()

  it('should keep the first events for a late events$ subscriber with monitor: true', async () => {
    const sink = track(new PullSocket())
    const endpoint = await sink.bind('tcp://127.0.0.1:*')
    const source = track(new PushSocket({ connect: endpoint, monitor: true }))
    // round-trip one message: by then the connection's events have happened
    const got = firstValueFrom(sink)
    source.next('x')
    await got
    const events = await firstValueFrom(source.events$.pipe(take(1)))
    expect(events.type).toMatch(/^(connect|connect:delay|handshake)$/)
  })
})

describe('endpoints changed while an unbind runs', () => {
  //  zeromq.js refuses everything with EBUSY while its unbind runs on a worker thread: the
  //  native transport queues bind/connect/unbind/disconnect behind it instead.
  const track = tracker()

  it('should bind, connect and unbind behind the unbind in progress, never EBUSY', async () => {
    const pull = track(new PullSocket())
    const first = await pull.bind('tcp://127.0.0.1:*')
    const second = await pull.bind('tcp://127.0.0.1:*')
    const pusher = track(new PushSocket())
    const pusherEndpoint = await pusher.bind('tcp://127.0.0.1:*')
    const unbinding = pull.unbind(first)
    const bound = pull.bind('tcp://127.0.0.1:*')
    pull.connect(pusherEndpoint)
    const unbindingToo = pull.unbind(second)
    await unbinding
    await unbindingToo
    const third = await bound
    expect(third).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/)
    // the new endpoint and the connection both carry messages
    const got = firstValueFrom(pull.pipe(take(2), map(String), toArray()))
    const direct = track(new PushSocket({ connect: third }))
    direct.next('to the new endpoint')
    pusher.next('over the connection')
    expect((await got).sort()).toEqual(['over the connection', 'to the new endpoint'])
  })
})
