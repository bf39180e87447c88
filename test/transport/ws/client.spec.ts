// ClientSocket (draft CLIENT, RFC 41) over the WebSocket transport against a native draft
// Server (zeromq/draft) bound on ws://127.0.0.1:*: libzmq 4.3.5's ws engine takes a CLIENT peer
// (ZWS2.0 carries no socket type, and SERVER asks for no routing id: it numbers its peers).
// Run it in a private network namespace:
//   unshare -n bash -c 'ip link set lo up; npx jest test/transport/ws'
//
//   ClientSocket ×2 ──▶ Server (bind ws://)
import { firstValueFrom, take, toArray } from 'rxjs'
import type { Server } from 'zeromq/draft'
import { ClientSocket, InvalidFrameError, wsTransport } from '../../../src'
import { hasDraft, loadDraft } from '../../../src/transport/native/zeromq'
import { TestWebSocket, testWebSocketName } from './helpers/pipes'

const opened: { close(): void }[] = []
afterEach(() => {
  for (const socket of opened.splice(0)) socket.close()
})

function track<S extends { close(): void }>(socket: S): S {
  opened.push(socket)
  return socket
}

/** A native draft Server bound on ws://127.0.0.1:*, and its endpoint. */
async function server(): Promise<[Server, string]> {
  const socket = track(new (loadDraft().Server)({ linger: 0 }))
  await socket.bind('ws://127.0.0.1:*')
  return [socket, socket.lastEndpoint as string]
}

const text = (frames: readonly Uint8Array[]): string[] =>
  frames.map((frame) => Buffer.from(frame).toString())

// zeromq 6.8's prebuilt libzmq has the draft API; say so rather than pass vacuously without it
;(hasDraft ? describe : describe.skip)(
  `ClientSocket over ZWS against a native draft Server (${testWebSocketName})`,
  () => {
    it('should send requests and get the replies the Server routes back by routingId', async () => {
      const [native, endpoint] = await server()
      const ws = wsTransport({ WebSocket: TestWebSocket })
      const a = track(new ClientSocket({ transport: ws, connect: endpoint }))
      const b = track(new ClientSocket({ transport: ws, connect: endpoint }))
      const toA = firstValueFrom(a.pipe(take(2), toArray()))
      const toB = firstValueFrom(b.pipe(take(1), toArray()))
      a.next('a1')
      b.next('b1')
      a.next('a2')
      const ids = new Map<string, number>()
      for (let i = 0; i < 3; i++) {
        const [request, { routingId }] = await native.receive()
        ids.set(request.toString(), routingId)
        await native.send(`re: ${request.toString()}`, { routingId })
      }
      expect((await toA).map(text)).toEqual([['re: a1'], ['re: a2']])
      expect((await toB).map(text)).toEqual([['re: b1']])
      // one routing id per connection, as the Server numbers its peers
      expect(ids.get('a1')).toBe(ids.get('a2'))
      expect(ids.get('a1')).not.toBe(ids.get('b1'))
    })

    it('should refuse a multipart message before it reaches the transport', async () => {
      const [, endpoint] = await server()
      const client = track(
        new ClientSocket({
          transport: wsTransport({ WebSocket: TestWebSocket }),
          connect: endpoint,
        }),
      )
      await expect(client.send(['a', 'b'] as never)).rejects.toBeInstanceOf(InvalidFrameError)
    })
  },
)
