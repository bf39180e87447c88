import { concatMap, firstValueFrom, lastValueFrom, map, range, take, toArray } from 'rxjs'
import { Reply, Request, SocketStateError, text } from '../../src'
import { bindEndpoint, transports } from '../helpers/endpoints'
import { tracker } from '../helpers/cleanup'

describe.each(transports)('REQ/REP over %s', (transport) => {
  //  Request (connect) ──▶ Reply (bind): rep.pipe(handler).subscribe(rep)
  const track = tracker()

  async function server(): Promise<[Reply, string]> {
    const rep = track(new Reply())
    const endpoint = await rep.bind(bindEndpoint(transport))
    rep.pipe(map((m) => [Buffer.from('re:'), ...m])).subscribe(rep)
    return [rep, endpoint]
  }

  it('should answer requests in order, one reply per request', async () => {
    const [, endpoint] = await server()
    const req = track(new Request({ connect: endpoint }))
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
    const req = track(new Request({ connect: endpoint }))
    const all = await Promise.all(
      [1, 2, 3].map((i) => firstValueFrom(req.request(String(i)).pipe(text({ frame: -1 })))),
    )
    expect(all).toEqual(['1', '2', '3'])
  })

  it('should refuse a second send before the reply with SocketStateError (EFSM)', async () => {
    const rep = track(new Reply())
    const endpoint = await rep.bind(bindEndpoint(transport))
    const req = track(new Request({ connect: endpoint }))
    await req.send('first')
    await expect(req.send('second')).rejects.toBeInstanceOf(SocketStateError)
    await expect(req.send('third')).rejects.toMatchObject({ code: 'EFSM', socketType: 'Request' })
    // the socket still works: the first request gets its reply
    const reply = firstValueFrom(req.pipe(text()))
    const request = await firstValueFrom(rep.pipe(text()))
    rep.next(`answer to ${request}`)
    expect(await reply).toBe('answer to first')
  })

  it('should error the stream when next() breaks the alternation', async () => {
    const rep = track(new Reply())
    const endpoint = await rep.bind(bindEndpoint(transport))
    const req = track(new Request({ connect: endpoint }))
    const outcome = lastValueFrom(req).catch((error: unknown) => error)
    req.next('one')
    req.next('two')
    expect(await outcome).toBeInstanceOf(SocketStateError)
  })

  it('should refuse a reply with no request to answer (EFSM), keeping the socket usable', async () => {
    const rep = track(new Reply())
    const endpoint = await rep.bind(bindEndpoint(transport))
    await expect(rep.send('unasked')).rejects.toBeInstanceOf(SocketStateError)
    rep.pipe(take(1)).subscribe(() => rep.next('asked'))
    const req = track(new Request({ connect: endpoint }))
    expect(await firstValueFrom(req.request('q').pipe(text()))).toBe('asked')
  })
})
