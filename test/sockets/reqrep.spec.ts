import { spawn } from 'node:child_process'
import { concatMap, filter, firstValueFrom, lastValueFrom, map, range, take, toArray } from 'rxjs'
import { ReplySocket, RequestSocket, SocketClosedError, SocketStateError, text } from '../../src'
import { bindEndpoint, transports } from '../helpers/endpoints'
import { tracker } from '../helpers/cleanup'
import { captureWarnings } from '../helpers/warnings'

describe.each(transports)('REQ/REP over %s', (transport) => {
  //  Request (connect) ──▶ Reply (bind): rep.pipe(handler).subscribe(rep)
  const track = tracker()

  async function server(): Promise<[ReplySocket, string]> {
    const rep = track(new ReplySocket())
    const endpoint = await rep.bind(bindEndpoint(transport))
    rep.pipe(map((m) => [Buffer.from('re:'), ...m])).subscribe(rep)
    return [rep, endpoint]
  }

  it('should answer requests in order, one reply per request', async () => {
    const [, endpoint] = await server()
    const req = track(new RequestSocket({ connect: endpoint }))
    const replies = await lastValueFrom(
      range(5).pipe(
        concatMap((i) => req.request(`hello ${i}`)),
        map((m) => m.map(String).join('|')),
        toArray(),
      ),
    )
    expect(replies).toEqual([
      're:|hello 0',
      're:|hello 1',
      're:|hello 2',
      're:|hello 3',
      're:|hello 4',
    ])
  })

  it('should queue requests made together and send them one after the other', async () => {
    const [, endpoint] = await server()
    const req = track(new RequestSocket({ connect: endpoint }))
    const all = await Promise.all(
      [1, 2, 3].map((i) => firstValueFrom(req.request(String(i)).pipe(text({ frame: -1 })))),
    )
    expect(all).toEqual(['1', '2', '3'])
  })

  it('should refuse a second send before the reply with SocketStateError (EFSM)', async () => {
    const rep = track(new ReplySocket())
    const endpoint = await rep.bind(bindEndpoint(transport))
    const req = track(new RequestSocket({ connect: endpoint }))
    await req.send('first')
    await expect(req.send('second')).rejects.toBeInstanceOf(SocketStateError)
    await expect(req.send('third')).rejects.toMatchObject({
      code: 'EFSM',
      socketType: 'RequestSocket',
    })
    // the socket still works: the first request gets its reply
    const reply = firstValueFrom(req.pipe(text()))
    const request = await firstValueFrom(rep.pipe(text()))
    rep.next(`answer to ${request}`)
    expect(await reply).toBe('answer to first')
  })

  it('should let a relaxed Request send again before the reply (ZMQ_REQ_RELAXED)', async () => {
    const [, endpoint] = await server()
    const req = track(new RequestSocket({ connect: endpoint, relaxed: true, correlate: true }))
    await req.send('first')
    await expect(req.send('second')).resolves.toBeUndefined()
    // with correlate, only the reply to the last request is delivered
    expect(String((await firstValueFrom(req))[1])).toBe('second')
  })

  it('should error a pending request() with SocketClosedError when the socket closes', async () => {
    const rep = track(new ReplySocket())
    const endpoint = await rep.bind(bindEndpoint(transport))
    const req = track(new RequestSocket({ connect: endpoint }))
    const pending = firstValueFrom(req.request('never answered')).catch((e: unknown) => e)
    await firstValueFrom(rep) // the request arrived; no reply is sent
    req.close()
    expect(await pending).toBeInstanceOf(SocketClosedError)
  })

  it('should refuse the next() that breaks the alternation, keeping the socket and the first reply', async () => {
    const [, endpoint] = await server()
    const req = track(new RequestSocket({ connect: endpoint }))
    const refused = firstValueFrom(req.events$.pipe(filter((e) => e.type === 'send:error')))
    const reply = firstValueFrom(req.pipe(map((m) => m.map(String).join('|'))))
    req.next('one')
    req.next('two') // as send('two') would be: refused alone
    expect(await refused).toMatchObject({ error: expect.any(SocketStateError) })
    expect(await reply).toBe('re:|one')
    expect(req.isClosed).toBe(false)
    const next = await firstValueFrom(req.request('three').pipe(map((m) => m.map(String))))
    expect(next).toEqual(['re:', 'three'])
  })

  it('should warn of the refused next() when nobody listens to events$', async () => {
    const [, endpoint] = await server()
    const req = track(new RequestSocket({ connect: endpoint }))
    const warnings = captureWarnings()
    try {
      const reply = firstValueFrom(req)
      req.next('one')
      req.next('two')
      expect((await reply).map(String)).toEqual(['re:', 'one'])
      await new Promise((resolve) => setImmediate(resolve))
      expect(warnings.messages).toEqual([
        expect.stringMatching(/RequestSocket: cannot send a request before the reply/),
      ])
    } finally {
      warnings.restore()
    }
  })

  it('should refuse a next() reply with no request to answer, keeping the socket', async () => {
    const rep = track(new ReplySocket())
    const endpoint = await rep.bind(bindEndpoint(transport))
    const refused = firstValueFrom(rep.events$.pipe(filter((e) => e.type === 'send:error')))
    rep.next('unasked')
    expect(await refused).toMatchObject({ error: expect.any(SocketStateError) })
    rep.pipe(take(1)).subscribe(() => rep.next('asked'))
    const req = track(new RequestSocket({ connect: endpoint }))
    expect(await firstValueFrom(req.request('q').pipe(text()))).toBe('asked')
  })

  it('should refuse a reply with no request to answer (EFSM), keeping the socket usable', async () => {
    const rep = track(new ReplySocket())
    const endpoint = await rep.bind(bindEndpoint(transport))
    await expect(rep.send('unasked')).rejects.toBeInstanceOf(SocketStateError)
    rep.pipe(take(1)).subscribe(() => rep.next('asked'))
    const req = track(new RequestSocket({ connect: endpoint }))
    expect(await firstValueFrom(req.request('q').pipe(text()))).toBe('asked')
  })
})

describe('REQ against a peer in another process', () => {
  //  Request (rxzmq) ──▶ REP echo (pyzmq, another process): the reply can arrive before the
  //  continuation of the request's send() runs. Regression: Request marked 'awaiting a reply'
  //  in that continuation, so such a reply left it stuck and the next request failed (EFSM).
  it('should stay usable over a thousand round trips', async () => {
    const python = spawn(
      '/usr/bin/python3',
      [
        '-c',
        [
          'import zmq',
          's = zmq.Context().socket(zmq.REP)',
          "print(s.bind_to_random_port('tcp://127.0.0.1'), flush=True)",
          'while True: s.send(s.recv())',
        ].join('\n'),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    const req = new RequestSocket()
    try {
      const port = await new Promise<string>((resolve, reject) => {
        python.stdout.once('data', (d: Buffer) => resolve(String(d).trim()))
        python.once('exit', (code) => reject(new Error(`python exited with ${code}`)))
      })
      req.connect(`tcp://127.0.0.1:${port}`)
      let answered = 0
      for (let i = 0; i < 1000; i++) {
        expect(String((await lastValueFrom(req.request(`ping ${i}`)))[0])).toBe(`ping ${i}`)
        answered++
      }
      expect(answered).toBe(1000)
    } finally {
      req.close()
      python.kill()
    }
  })
})
