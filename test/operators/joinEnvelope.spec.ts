import { joinEnvelope } from '../../src/operators/joinEnvelope'
import { msg } from '../helpers/marbles'

describe('joinEnvelope', () => {
  const [A, R] = msg('A', 'R')

  it('should put the route and an empty delimiter in front of the body', () => {
    expect(joinEnvelope({ route: [A] }, 'y')).toEqual([A, Buffer.alloc(0), 'y'])
    expect(joinEnvelope({ route: [R, A] }, ['y', 'z'])).toEqual([R, A, Buffer.alloc(0), 'y', 'z'])
  })

  it('should not modify the envelope it answers', () => {
    const route = [A]
    joinEnvelope({ route }, 'y')
    expect(route).toEqual([A])
  })
})
