import { connect as tcpConnect } from 'node:net'
import { filter, firstValueFrom } from 'rxjs'
import { StreamSocket } from '../../src'
import { tracker } from '../helpers/cleanup'

describe('STREAM with a raw TCP client', () => {
  //  net.Socket (raw TCP) ──▶ Stream (bind tcp://127.0.0.1:*): [connectionId, bytes]
  const track = tracker()

  it('should receive raw bytes with a connection id and write back to that connection', async () => {
    const stream = track(new StreamSocket())
    const endpoint = await stream.bind('tcp://127.0.0.1:*')
    const port = Number(endpoint.split(':').pop())
    // echo upper-cased, keyed by connection id; the empty frame marks connect/disconnect
    stream
      .pipe(filter((m) => m[1].length > 0))
      .subscribe(([id, data]) => stream.next([id, data.toString().toUpperCase()]))
    const client = tcpConnect(port, '127.0.0.1')
    try {
      const answer = new Promise<string>((resolve) =>
        client.once('data', (d) => resolve(d.toString())),
      )
      client.write('hello raw tcp')
      expect(await answer).toBe('HELLO RAW TCP')
    } finally {
      client.destroy()
    }
  })

  it('should announce a new connection with an empty frame', async () => {
    const stream = track(new StreamSocket())
    const endpoint = await stream.bind('tcp://127.0.0.1:*')
    const opened = firstValueFrom(stream)
    const client = tcpConnect(Number(endpoint.split(':').pop()), '127.0.0.1')
    try {
      const [id, data] = await opened
      expect(id.length).toBeGreaterThan(0)
      expect(data.length).toBe(0)
    } finally {
      client.destroy()
    }
  })
})
