import { mergeMap, NEVER, Observable, of, Subject, take, tap } from 'rxjs'
import { InvalidOptionError } from '../../src/errors/InvalidOptionError'
import { QueueFullError } from '../../src/errors/QueueFullError'
import type { QueueEvent } from '../../src/events'
import type { DispatchEvent } from '../../src/operators/DispatchEvent'
import { reliableDispatch } from '../../src/operators/reliableDispatch'
import type { WorkerSignal } from '../../src/operators/WorkerSignal'
import { testScheduler } from '../helpers/marbles'

type Signal = WorkerSignal<string, string>
type Event = DispatchEvent<string, string, string>

const ready = (worker: string, credit = 1): Signal => ({ type: 'ready', worker, credit })
const ack = (worker: string, id: string): Signal => ({ type: 'ack', worker, id })
const beat = (worker: string): Signal => ({ type: 'heartbeat', worker })
const gone = (worker: string): Signal => ({ type: 'gone', worker })
const dispatch = (worker: string, task: string, attempt = 1): Event => ({
  type: 'dispatch',
  worker,
  task,
  id: task,
  attempt,
})
const acked = (worker: string, task: string): Event => ({ type: 'acked', worker, id: task, task })
const lost = (worker: string, ...requeued: string[]): Event => ({ type: 'lost', worker, requeued })

const byItself = { id: (task: string) => task, timeout: 5 }

describe('reliableDispatch', () => {
  it('should give tasks to workers with credit in turn and complete once all are acknowledged', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const signals = hot('-A-B--x-----y-z', {
        A: ready('A'),
        B: ready('B'),
        x: ack('A', '1'),
        y: ack('B', '2'),
        z: ack('A', '3'),
      })
      const source = cold('(123|)')
      const config = { ...byItself, timeout: 100, scheduler: undefined }
      expectObservable(source.pipe(reliableDispatch(signals, config))).toBe('-p-q--(ar)--b-(c|)', {
        p: dispatch('A', '1'),
        q: dispatch('B', '2'),
        a: acked('A', '1'),
        r: dispatch('A', '3'),
        b: acked('B', '2'),
        c: acked('A', '3'),
      })
      expectSubscriptions(source.subscriptions).toBe('(^!)')
      expectSubscriptions(signals.subscriptions).toBe('^-------------!')
    })
  })

  it('should dispatch again, first, the tasks of a worker silent for the timeout', () => {
    testScheduler().run(({ hot, cold, expectObservable }) => {
      const signals = hot('-A------B-b---c', {
        A: ready('A', 2),
        B: ready('B'),
        b: ack('B', '1'),
        c: ack('B', '2'),
      })
      const source = cold('(12|)')
      expectObservable(source.pipe(reliableDispatch(signals, byItself))).toBe(
        '-(pq)-L-r-(as)(t|)',
        {
          p: dispatch('A', '1'),
          q: dispatch('A', '2'),
          L: lost('A', '1', '2'),
          r: dispatch('B', '1', 2),
          a: acked('B', '1'),
          s: dispatch('B', '2', 2),
          t: acked('B', '2'),
        },
      )
    })
  })

  it('should keep a worker that sends heartbeats', () => {
    testScheduler().run(({ hot, cold, expectObservable }) => {
      const signals = hot('-A--h--h--h--h--x', { A: ready('A'), h: beat('A'), x: ack('A', '1') })
      const source = cold('1|')
      expectObservable(source.pipe(reliableDispatch(signals, byItself))).toBe(
        '-p--------------(a|)',
        { p: dispatch('A', '1'), a: acked('A', '1') },
      )
    })
  })

  it('should dispatch again at once the tasks of a worker that is gone', () => {
    testScheduler().run(({ hot, cold, expectObservable }) => {
      const signals = hot('-AB-g---y', {
        A: ready('A'),
        B: ready('B', 2),
        g: gone('A'),
        y: ack('B', '1'),
      })
      const source = cold('1|')
      const config = { ...byItself, timeout: 100 }
      expectObservable(source.pipe(reliableDispatch(signals, config))).toBe('-p--(Lr)(a|)', {
        p: dispatch('A', '1'),
        L: lost('A', '1'),
        r: dispatch('B', '1', 2),
        a: acked('B', '1'),
      })
    })
  })

  it('should count an acknowledgement that comes after its worker was thought lost', () => {
    testScheduler().run(({ hot, cold, expectObservable }) => {
      // A is slow, not dead: it acknowledges task 1 after the timeout, before anyone else took it.
      const signals = hot('-A--------x', { A: ready('A'), x: ack('A', '1') })
      const source = cold('(12|)')
      expectObservable(source.pipe(reliableDispatch(signals, byItself))).toBe('-p----L---(aq)-M', {
        p: dispatch('A', '1'),
        L: lost('A', '1'),
        a: acked('A', '1'),
        // the acknowledgement gave A its credit back: it takes the next task...
        q: dispatch('A', '2'),
        // ...and, silent again, is lost again
        M: lost('A', '2'),
      })
    })
  })

  it('should ignore an acknowledgement for a task already done, but give the credit back', () => {
    testScheduler().run(({ hot, cold, expectObservable }) => {
      const signals = hot('-A-x-x-', { A: ready('A'), x: ack('A', '1') })
      const source = cold('(12)-|')
      const result = source.pipe(reliableDispatch(signals, { ...byItself, timeout: 100 }))
      expectObservable(result, '^---------!').toBe('-p-(aq)', {
        p: dispatch('A', '1'),
        a: acked('A', '1'),
        q: dispatch('A', '2'),
      })
    })
  })

  // A worker that said ['READY', 'lots'] made the ventilator's reliableDispatch error, and the
  // reliable ventilator exited 1 with the whole batch: one peer stopped everything.
  it('should report a signal it cannot take, ignore it and go on', () => {
    const bad = [
      { type: 'ready', worker: 'B', credit: NaN },
      { type: 'ready', worker: 'B', credit: -1 },
      { type: 'ready', worker: 'B', credit: 1.5 },
      { type: 'ready', worker: 'B', credit: 'lots' },
      { type: 'shout', worker: 'B' },
      null,
    ] as unknown as Signal[]
    const events: Event[] = []
    let completed = false
    const signals = new Subject<Signal>()
    of('1', '2')
      .pipe(reliableDispatch(signals, { ...byItself, timeout: 1000 }))
      .subscribe({ next: (e) => events.push(e), complete: () => (completed = true) })
    for (const signal of bad) signals.next(signal)
    signals.next(ready('A', 2))
    signals.next(ack('A', '1'))
    signals.next(ack('A', '2'))
    expect(events.filter((e) => e.type === 'signal:invalid')).toEqual(
      bad.map((signal) => ({
        type: 'signal:invalid',
        signal,
        error: expect.objectContaining({
          code: 'EINVAL',
          message: expect.stringMatching(/^reliableDispatch: ignored a signal: /),
        }),
      })),
    )
    expect(events.filter((e) => e.type !== 'signal:invalid')).toEqual([
      dispatch('A', '1'),
      dispatch('A', '2'),
      acked('A', '1'),
      acked('A', '2'),
    ])
    expect(completed).toBe(true)
  })

  it('should tell workers apart by the bytes of a Uint8Array name', () => {
    const signals = new Subject<WorkerSignal<Buffer, number>>()
    const events: string[] = []
    of(7)
      .pipe(reliableDispatch(signals, { id: (n: number) => n, timeout: 1000 }))
      .subscribe({
        next: (e) => events.push(`${e.type}:${'worker' in e ? String(e.worker) : ''}`),
        complete: () => events.push('complete'),
      })
    signals.next({ type: 'ready', worker: Buffer.from('w1') })
    signals.next({ type: 'ack', worker: Buffer.from('w1'), id: 7 })
    expect(events).toEqual(['dispatch:w1', 'acked:w1', 'complete'])
  })

  it('should raise the source error', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const signals = hot('A-----', { A: ready('A') })
      const source = cold('-1-#')
      expectObservable(source.pipe(reliableDispatch(signals, byItself))).toBe('-p-#', {
        p: dispatch('A', '1'),
      })
      expectSubscriptions(source.subscriptions).toBe('^--!')
      expectSubscriptions(signals.subscriptions).toBe('^--!')
    })
  })

  it('should raise the signals error', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const signals = hot<Signal>('---#')
      const source = cold('-1---')
      expectObservable(source.pipe(reliableDispatch(signals, byItself))).toBe('---#')
      expectSubscriptions(source.subscriptions).toBe('^--!')
    })
  })

  it('should send an error thrown by the id function down the error channel', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-1-2-|')
      const id = (task: string): string => {
        if (task === '2') throw new Error('no id')
        return task
      }
      const config = { id, timeout: 5 }
      expectObservable(source.pipe(reliableDispatch(hot<Signal>('-'), config))).toBe(
        '---#',
        undefined,
        new Error('no id'),
      )
      expectSubscriptions(source.subscriptions).toBe('^--!')
    })
  })

  it('should refuse a task whose id is already waiting for its acknowledgement', () => {
    testScheduler().run(({ hot, cold, expectObservable }) => {
      const source = cold('-1-1-|')
      const result = source.pipe(reliableDispatch(hot<Signal>('-'), byItself))
      expectObservable(result).toBe(
        '---#',
        undefined,
        expect.objectContaining({ code: 'EINVAL', message: expect.stringMatching(/already/) }),
      )
    })
  })

  it('should error with a QueueFullError when too many tasks wait for credit', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-1-2-3-|')
      const config = { ...byItself, queue: { limit: 2 } }
      expectObservable(source.pipe(reliableDispatch(hot<Signal>('-'), config))).toBe(
        '-----#',
        undefined,
        new QueueFullError('reliableDispatch', 2, 'queue'),
      )
      expectSubscriptions(source.subscriptions).toBe('^----!')
    })
  })

  it('should forget a dropped task under a drop policy, report it on events, and complete without it', () => {
    testScheduler().run(({ hot, cold, expectObservable }) => {
      const signals = hot('-------A-x-----y', {
        A: ready('A'),
        x: ack('A', '2'),
        y: ack('A', '3'),
      })
      const source = cold('-1-2-3|')
      const events = new Subject<QueueEvent<string>>()
      const queue = { limit: 2, overflow: 'drop-oldest' } as const
      expectObservable(
        source.pipe(reliableDispatch(signals, { ...byItself, timeout: 100, queue, events })),
      ).toBe('-------p-(aq)--(b|)', {
        p: dispatch('A', '2'),
        a: acked('A', '2'),
        q: dispatch('A', '3'),
        b: acked('A', '3'),
      })
      expectObservable(events).toBe('-----(fd)r', {
        f: { type: 'queue:full', depth: 2 },
        d: { type: 'queue:drop', item: '1', dropped: 1, policy: 'drop-oldest' },
        r: { type: 'queue:drain' },
      })
    })
  })

  it("should put a lost worker's tasks back at the front whatever the limit", () => {
    testScheduler().run(({ hot, cold, expectObservable }) => {
      const signals = hot('-A-----------B', { A: ready('A', 2), B: ready('B', 4) })
      const source = cold('-(123)|')
      const queue = { limit: 1, overflow: 'drop-newest' } as const
      expectObservable(source.pipe(reliableDispatch(signals, { ...byItself, queue }))).toBe(
        '-(pq)-L------(rst)M',
        {
          p: dispatch('A', '1'),
          q: dispatch('A', '2'),
          L: lost('A', '1', '2'),
          r: dispatch('B', '1', 2),
          s: dispatch('B', '2', 2),
          t: dispatch('B', '3'),
          M: lost('B', '1', '2', '3'), // silent for the timeout too
        },
      )
    })
  })

  it('should complete at once on an empty source and never on a silent one', () => {
    testScheduler().run(({ hot, cold, expectObservable }) => {
      expectObservable(cold<string>('|').pipe(reliableDispatch(hot<Signal>('-'), byItself))).toBe(
        '|',
      )
      expectObservable(cold<string>('-').pipe(reliableDispatch(hot<Signal>('-'), byItself))).toBe(
        '-',
      )
      expectObservable(NEVER.pipe(reliableDispatch(NEVER, byItself))).toBe('-')
    })
  })

  it('should allow early unsubscription and stop its timers', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const signals = hot('-A-------', { A: ready('A') })
      const source = cold('1---')
      // A would be declared lost at 6: unsubscribed at 3, nothing is emitted after.
      expectObservable(source.pipe(reliableDispatch(signals, byItself)), '^--!').toBe('-p-', {
        p: dispatch('A', '1'),
      })
      expectSubscriptions(source.subscriptions).toBe('^--!')
      expectSubscriptions(signals.subscriptions).toBe('^--!')
    })
  })

  it('should not break the unsubscription chain', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const signals = hot('-A-------', { A: ready('A') })
      const source = cold('1---')
      const result = source.pipe(
        mergeMap((x) => of(x)),
        reliableDispatch(signals, byItself),
        mergeMap((x) => of(x)),
      )
      expectObservable(result, '^--!').toBe('-p-', { p: dispatch('A', '1') })
      expectSubscriptions(source.subscriptions).toBe('^--!')
    })
  })

  it('should stop listening to a synchronous source when unsubscribed', () => {
    const seen: number[] = []
    const signals = of<WorkerSignal<string, number>>({ type: 'ready', worker: 'A', credit: 100 })
    new Observable<number>((subscriber) => {
      for (let i = 0; !subscriber.closed && i < 100; i++) subscriber.next(i)
    })
      .pipe(
        tap((x) => seen.push(x)),
        reliableDispatch(signals, { id: (n: number) => n, timeout: 1000 }),
        take(3),
      )
      .subscribe()
    expect(seen).toEqual([0, 1, 2])
  })

  it('should cope with a worker that acknowledges synchronously, inside the dispatch', () => {
    const signals = new Subject<WorkerSignal<string, number>>()
    const done: number[] = []
    let completed = false
    of(1, 2, 3, 4, 5)
      .pipe(reliableDispatch(signals, { id: (n: number) => n, timeout: 1000 }))
      .subscribe({
        next: (e) => {
          if (e.type === 'dispatch') signals.next({ type: 'ack', worker: e.worker, id: e.id })
          if (e.type === 'acked') done.push(e.id)
        },
        complete: () => (completed = true),
      })
    signals.next({ type: 'ready', worker: 'A' })
    expect(done).toEqual([1, 2, 3, 4, 5])
    expect(completed).toBe(true)
  })

  it.each([
    [{ id: (x: string) => x, timeout: 0 }, 'timeout'],
    [{ id: (x: string) => x, timeout: Infinity }, 'timeout'],
    [{ id: 'id' as never, timeout: 5 }, 'id'],
    [{ id: (x: string) => x, timeout: 5, queue: { limit: -1 } }, 'queue.limit'],
    [{ id: (x: string) => x, timeout: 5, queueLimit: 10 } as never, 'queueLimit'],
  ])('should refuse bad options with an InvalidOptionError (%#)', (config, option) => {
    expect(() => reliableDispatch(NEVER, config)).toThrow(InvalidOptionError)
    expect(() => reliableDispatch(NEVER, config)).toThrow(new RegExp(option))
  })
})
