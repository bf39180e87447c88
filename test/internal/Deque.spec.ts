import { Deque } from '../../src/internal/Deque'

describe('Deque', () => {
  it('should keep FIFO order across wrap-around and growth, from any initial capacity', () => {
    for (const capacity of [1, 2, 3, 5, 16]) {
      const deque = new Deque<number>(capacity)
      const model: number[] = []
      let next = 0
      // a pseudo-random mix of push, shift and unshift, against an array doing the same
      let seed = capacity
      for (let step = 0; step < 5000; step++) {
        seed = (seed * 1103515245 + 12345) % 2147483648
        const op = seed % 7
        if (op < 3) {
          deque.push(next)
          model.push(next++)
        } else if (op < 6) {
          expect(deque.shift()).toBe(model.shift())
        } else {
          deque.unshift(next)
          model.unshift(next++)
        }
        expect(deque.length).toBe(model.length)
        expect(deque.peek()).toBe(model[0])
      }
      expect(deque.drain()).toEqual(model)
      expect(deque.length).toBe(0)
      expect(deque.shift()).toBeUndefined()
    }
  })

  it('should keep undefined items, counted by length', () => {
    const deque = new Deque<undefined | number>(2)
    deque.push(undefined)
    deque.push(1)
    deque.unshift(undefined)
    expect(deque.length).toBe(3)
    expect(deque.drain()).toEqual([undefined, undefined, 1])
  })
})
