import { Observable, isObservable } from 'rxjs'
import {
  PublisherSocket,
  PullSocket,
  PushSocket,
  ReplySocket,
  SubscriberSocket,
  type Message,
} from '../../src'

// Type-level checks: `npm test` type-checks this file, so each @ts-expect-error below fails
// the build if the type ever allows what the socket cannot do.
function typeChecks(
  pub: PublisherSocket,
  sub: SubscriberSocket,
  push: PushSocket,
  pull: PullSocket,
  rep: ReplySocket,
): void {
  // @ts-expect-error a Publisher cannot be subscribed to
  pub.subscribe()
  // @ts-expect-error a Publisher has no pipe
  pub.pipe()
  // @ts-expect-error a Subscriber cannot send
  sub.next('x')
  // @ts-expect-error a Subscriber has no send()
  void sub.send('x')
  // @ts-expect-error a Push cannot be subscribed to
  push.subscribe()
  // @ts-expect-error a Pull cannot send
  pull.next('x')
  // @ts-expect-error a number is not a frame
  rep.next(42)
  // what sockets can do type-checks
  const received: Observable<Message> = rep
  rep.next(['a', Buffer.from('b')])
  pub.next('topic body')
  void received
}

describe('socket types', () => {
  it('should make receiving sockets real Observables and sending-only sockets not', () => {
    void typeChecks
    const pub = new PublisherSocket()
    const sub = new SubscriberSocket()
    try {
      expect(isObservable(sub)).toBe(true)
      expect(sub).toBeInstanceOf(Observable)
      expect(isObservable(pub)).toBe(false)
      expect((pub as unknown as { subscribe?: unknown }).subscribe).toBeUndefined()
      expect((sub as unknown as { next?: unknown }).next).toBeUndefined()
    } finally {
      pub.close()
      sub.close()
    }
  })
})
