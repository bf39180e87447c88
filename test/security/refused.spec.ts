// A REQ client whose server refuses its credentials: request() used to wait for ever (or,
// with retries, end in "the server seems to be offline"), and events$ could not tell
// "refused" from "down". Now the request fails at once with a HandshakeError that says so.
import { firstValueFrom } from 'rxjs'
import {
  HandshakeError,
  ReplySocket,
  RequestSocket,
  ZmqError,
  curveClient,
  curveKeyPair,
  curveServer,
  plainClient,
  plainServer,
  allowPlain,
  allowPublicKeys,
  type SocketEvent,
} from '../../src'
import { tracker } from '../helpers/cleanup'
import { attempt, record, startHandler, type RunningHandler } from './support'

describe('a request the server refuses', () => {
  const track = tracker()
  const server = curveKeyPair()
  const alice = curveKeyPair()
  const mallory = curveKeyPair()
  let handler: RunningHandler | undefined

  afterEach(async () => {
    await handler?.stop()
    handler = undefined
  })

  async function curveRep(): Promise<string> {
    handler = await startHandler(allowPublicKeys([alice.publicKey]))
    const rep = track(new ReplySocket(curveServer(server, { zapDomain: 'refused' })))
    rep.serve(() => 'World')
    return rep.bind('tcp://127.0.0.1:*')
  }

  it('should fail at once with a HandshakeError saying the server refused this client, not retried', async () => {
    const endpoint = await curveRep()
    const req = track(
      new RequestSocket({
        connect: endpoint,
        requestTimeout: 5000,
        retries: 3,
        ...curveClient({ serverKey: server.publicKey, keys: mallory }),
      }),
    )
    const events = record(req)
    const started = Date.now()
    const error = await firstValueFrom(req.request('Hello')).then(
      () => new Error('answered'),
      (e: unknown) => e,
    )
    expect(Date.now() - started).toBeLessThan(4000) // well before the first timeout
    expect(error).toBeInstanceOf(HandshakeError)
    expect(error).toMatchObject({ status: 400, socketType: 'RequestSocket', endpoint })
    expect((error as Error).message).toMatch(
      /^RequestSocket: request 1 refused: the server at tcp:\/\/127\.0\.0\.1:\d+ refused this client's credentials \(ZAP status 400\); not retried$/,
    )
    const types = events.map((e) => e.type)
    expect(types).not.toContain('request:retry')
    expect(events).toContainEqual({ type: 'request:failed', request: 1, error })
  })

  it('should still answer a client the server lets in', async () => {
    const endpoint = await curveRep()
    const req = track(
      new RequestSocket({
        connect: endpoint,
        requestTimeout: 5000,
        ...curveClient({ serverKey: server.publicKey, keys: alice }),
      }),
    )
    expect((await firstValueFrom(req.request('Hello'))).map(String)).toEqual(['World'])
  })

  it('should fail a PLAIN request with a wrong password the same way', async () => {
    handler = await startHandler(allowPlain({ admin: 'correct horse' }))
    const rep = track(new ReplySocket(plainServer({ zapDomain: 'refused' })))
    rep.serve(() => 'World')
    const endpoint = await rep.bind('tcp://127.0.0.1:*')
    const req = track(
      new RequestSocket({
        connect: endpoint,
        ...plainClient({ username: 'admin', password: 'wrong horse' }),
      }),
    )
    await expect(firstValueFrom(req.request('Hello'))).rejects.toMatchObject({
      name: 'HandshakeError',
      status: 400,
    })
  })
})

describe('events$ errors', () => {
  const track = tracker()

  // zeromq.js gives plain Errors in its events (handshake failures, close and accept errors):
  // the native transport makes every one a ZmqError.
  it('should be ZmqErrors on both sides of refused, mismatched and wrong-key handshakes', async () => {
    const server = curveKeyPair()
    const handler = await startHandler(allowPublicKeys([]))
    try {
      const runs = [
        await attempt(
          curveServer(server, { zapDomain: 'events' }),
          curveClient({ serverKey: server.publicKey }),
          track,
          /^handshake:error/,
        ),
        await attempt(curveServer(server), {}, track, /^handshake:error/),
        await attempt(
          curveServer(server),
          curveClient({ serverKey: curveKeyPair().publicKey }),
          track,
          /^(handshake:error|disconnect)/,
        ),
      ]
      const withErrors = runs
        .flatMap((run) => [...run.server, ...run.client])
        .filter((e): e is SocketEvent & { error: unknown } => 'error' in e)
      expect(withErrors.length).toBeGreaterThanOrEqual(4)
      for (const event of withErrors) {
        expect([event.type, event.error]).toEqual([event.type, expect.any(ZmqError)])
      }
    } finally {
      await handler.stop()
    }
  })
})
