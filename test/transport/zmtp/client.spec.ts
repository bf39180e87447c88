// ClientSocket (draft CLIENT, RFC 41) over the ZMTP transport against a native draft Server
// (zeromq/draft) bound on tcp://127.0.0.1:*: the pipe behaviour of rxzmq/web's ClientSocket
// works over every pipe transport whose peer is a SERVER. The ZMTP handshake checks the types:
// ours says CLIENT, libzmq's SERVER accepts it. Run it in a private network namespace.
//
//   ClientSocket (zmtp) ──▶ Server (bind tcp://)
import { firstValueFrom, take, toArray } from 'rxjs'
import { ClientSocket, zmtpTransport } from '../../../src'
import { hasDraft, loadDraft } from '../../../src/transport/native/zeromq'

const opened: { close(): void }[] = []
afterEach(() => {
  for (const socket of opened.splice(0)) socket.close()
})

function track<S extends { close(): void }>(socket: S): S {
  opened.push(socket)
  return socket
}

;(hasDraft ? describe : describe.skip)(
  'ClientSocket over ZMTP against a native draft Server',
  () => {
    it('should send requests and get the replies the Server routes back by routingId', async () => {
      const native = track(new (loadDraft().Server)({ linger: 0 }))
      await native.bind('tcp://127.0.0.1:*')
      const client = track(
        new ClientSocket({ transport: zmtpTransport(), connect: native.lastEndpoint as string }),
      )
      const replies = firstValueFrom(client.pipe(take(2), toArray()))
      client.next('one')
      client.next('two')
      for (let i = 0; i < 2; i++) {
        const [request, { routingId }] = await native.receive()
        await native.send(`re: ${request.toString()}`, { routingId })
      }
      expect((await replies).map((m) => m.map((f) => f.toString()))).toEqual([
        ['re: one'],
        ['re: two'],
      ])
    })
  },
)
