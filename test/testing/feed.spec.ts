import type { TestScheduler } from 'rxjs/testing'
import type { MessageLike } from '../../src/message'
import { feed } from '../../src/testing/feed'
import { messageText } from '../../src/testing/messageText'
import { testScheduler } from '../helpers/marbles'

function recorder(scheduler: TestScheduler) {
  const log: string[] = []
  return {
    log,
    next: (m: MessageLike) =>
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- the marbles' frames are strings
      log.push(`${scheduler.now()}:${Array.isArray(m) ? m.join('+') : String(m)}`),
    complete: () => log.push(`${scheduler.now()}:|`),
    error: (e: unknown) => log.push(`${scheduler.now()}:#${String(e)}`),
  }
}

describe('feed', () => {
  it('should send each value at its frame, letters without a value as themselves', () => {
    const scheduler = testScheduler()
    const socket = recorder(scheduler)
    scheduler.run(() => {
      feed(socket, '-a-(bc) 5ms d|', { a: 'alpha', b: ['multi', 'part'] })
    })
    expect(socket.log).toEqual(['1:alpha', '3:multi+part', '3:c', '12:d', '13:|'])
  })

  it('should error the socket on # and not complete it without |', () => {
    const scheduler = testScheduler()
    const socket = recorder(scheduler)
    scheduler.run(() => {
      feed(socket, '-a-#', {}, { error: 'boom' })
      feed(recorder(scheduler), 'x')
    })
    expect(socket.log).toEqual(['1:a', '3:#boom'])
  })

  it('should stop sending when its subscription is unsubscribed', () => {
    const scheduler = testScheduler()
    const socket = recorder(scheduler)
    scheduler.run(() => {
      const subscription = feed(socket, '-a---b')
      scheduler.schedule(() => subscription.unsubscribe(), 3)
    })
    expect(socket.log).toEqual(['1:a'])
  })
})

describe('messageText', () => {
  it('should join frames as UTF-8 with bars', () => {
    expect(messageText([Buffer.from('a'), Buffer.alloc(0), Buffer.from('é')])).toBe('a||é')
  })
})
