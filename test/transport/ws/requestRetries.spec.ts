// A RequestSocket over the WebSocket transport (what rxzmq/web gives a page) against a native
// REP bound on ws://: requestTimeout and retries (the Lazy Pirate) work as on the native
// transport — a request made while no server listens is sent again on a fresh connection and
// answered once a server comes up; with none, it fails typed. Run it in a private network
// namespace: unshare -n bash -c 'ip link set lo up; npx jest test/transport/ws'
import { filter, firstValueFrom } from 'rxjs'
import * as zmq from 'zeromq'
import {
  RequestRetriesExhaustedError,
  RequestSocket,
  wsTransport,
  type SocketEvent,
} from '../../../src'
import { freePort } from '../../helpers/ports'
import { TestWebSocket } from './helpers/pipes'

const opened: { close(): void }[] = []
afterEach(() => {
  for (const socket of opened.splice(0)) socket.close()
})

function client(endpoint: string, retries: number): RequestSocket {
  const req = new RequestSocket({
    transport: wsTransport({ WebSocket: TestWebSocket }),
    connect: endpoint,
    requestTimeout: 300,
    retries,
    linger: 0,
  })
  opened.push(req)
  return req
}

describe('RequestSocket over the WebSocket transport', () => {
  it('should retry on a fresh connection until a native REP comes up, then get its reply', async () => {
    const port = await freePort()
    const endpoint = `ws://127.0.0.1:${port}`
    const req = client(endpoint, 20)
    const retried = firstValueFrom(
      req.events$.pipe(filter((event: SocketEvent) => event.type === 'request:retry')),
    )
    const reply = firstValueFrom(req.request('Hello'))
    // the first attempt found nobody; the server comes up now
    await retried
    const rep = new zmq.Reply({ linger: 0 })
    opened.push(rep)
    await rep.bind(endpoint)
    const [request] = await rep.receive()
    expect(request.toString()).toBe('Hello')
    await rep.send('World')
    expect(Buffer.from((await reply)[0]).toString()).toBe('World')
  })

  it('should fail with RequestRetriesExhaustedError when no server ever answers', async () => {
    const port = await freePort()
    const req = client(`ws://127.0.0.1:${port}`, 1)
    const error = await firstValueFrom(req.request('Hello')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RequestRetriesExhaustedError)
    expect(error).toMatchObject({ code: 'ETIMEDOUT' })
  })
})
