import { filter, firstValueFrom, map } from 'rxjs'
import { XPublisherSocket, XSubscriberSocket, text } from '../../src'
import { bindEndpoint, transports } from '../helpers/endpoints'
import { tracker } from '../helpers/cleanup'

describe.each(transports)('XPUB/XSUB over %s', (transport) => {
  //  XSubscriber (connect) ── [0x01 topic] ──▶ XPublisher (bind) ── data ──▶ XSubscriber
  const track = tracker()

  it('should carry subscriptions upstream as messages and matching data downstream', async () => {
    const xpub = track(new XPublisherSocket())
    const endpoint = await xpub.bind(bindEndpoint(transport))
    const xsub = track(new XSubscriberSocket({ connect: endpoint }))
    const subscription = firstValueFrom(xpub)
    xsub.next(Buffer.concat([Buffer.from([1]), Buffer.from('news')]))
    const seen = await subscription
    expect(seen[0][0]).toBe(1)
    expect(seen[0].subarray(1).toString()).toBe('news')
    const got = firstValueFrom(xsub.pipe(text()))
    xpub.next('sport: ignored')
    xpub.next('news: delivered')
    expect(await got).toBe('news: delivered')
  })

  it('should report an unsubscription as 0x00 + topic', async () => {
    const xpub = track(new XPublisherSocket())
    const endpoint = await xpub.bind(bindEndpoint(transport))
    const xsub = track(new XSubscriberSocket({ connect: endpoint }))
    const unsubscribed = firstValueFrom(
      xpub.pipe(
        filter((m) => m[0][0] === 0),
        map((m) => m[0].subarray(1).toString()),
      ),
    )
    xsub.next(Buffer.from('\x01abc', 'latin1'))
    xsub.next(Buffer.from('\x00abc', 'latin1'))
    expect(await unsubscribed).toBe('abc')
  })
})
