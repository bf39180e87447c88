// The CLIENT behaviour of the pipe transports (src/transport/pipes/behaviours/client.ts) over
// pipes the test drives: round-robin out, fair-queued in, as libzmq's client_t (RFC 41); a
// multipart message is refused on send and dropped whole on receive.
import { SocketClosedError } from '../../../src/errors/SocketClosedError'
import type { SocketEvent } from '../../../src/events'
import type { BehaviourHost } from '../../../src/transport/pipes/behaviours/Behaviour'
import { ClientBehaviour } from '../../../src/transport/pipes/behaviours/client'
import type { Pipe, PipeHandler } from '../../../src/transport/pipes/Pipe'
import type { Bytes } from '../../../src/transport/Transport'

/** A pipe whose inbound messages and room the test sets, keeping what is written to it. */
class TestPipe implements Pipe {
  readonly endpoint = 'test://server'
  readonly peerType = 'SERVER' as const
  readonly peerIdentity = undefined
  handler: PipeHandler | undefined = undefined
  readonly written: string[][] = []
  readonly inbound: Bytes[][] = []
  writable = true

  constructor(readonly name: string) {}

  write(message: readonly Bytes[]): boolean {
    if (!this.writable) return false
    this.written.push(message.map((frame) => Buffer.from(frame).toString()))
    return true
  }

  read(): Bytes[] | undefined {
    return this.inbound.shift()
  }

  close(): void {}

  /** A message arrives from the peer. */
  arrive(...frames: string[]): void {
    this.inbound.push(frames.map((frame) => Buffer.from(frame)))
  }
}

const host: BehaviourHost = {
  name: 'ClientSocket',
  options: {},
  readable: () => undefined,
  event: (_event: SocketEvent) => undefined,
}

const frame = (text: string): Bytes[] => [Buffer.from(text)]

/** Everything the behaviour reads now, as strings. */
function readAll(client: ClientBehaviour): string[][] {
  const out: string[][] = []
  for (let m = client.read(); m !== undefined; m = client.read())
    out.push(m.map((f) => Buffer.from(f).toString()))
  return out
}

describe('ClientBehaviour (CLIENT over pipe transports)', () => {
  it('sends round-robin over its pipes', () => {
    const client = new ClientBehaviour(host)
    const [a, b] = [new TestPipe('a'), new TestPipe('b')]
    client.attach(a)
    client.attach(b)
    const done = jest.fn()
    for (const n of ['1', '2', '3', '4']) expect(client.send(frame(n), undefined, done)).toBe(true)
    expect(a.written).toEqual([['1'], ['3']])
    expect(b.written).toEqual([['2'], ['4']])
    expect(done).not.toHaveBeenCalled()
  })

  it('skips a full pipe, and waits while none takes a message', () => {
    const client = new ClientBehaviour(host)
    const [a, b] = [new TestPipe('a'), new TestPipe('b')]
    client.attach(a)
    client.attach(b)
    a.writable = false
    expect(client.send(frame('1'), undefined, jest.fn())).toBe(true)
    expect(b.written).toEqual([['1']])
    b.writable = false
    const done = jest.fn()
    expect(client.send(frame('2'), undefined, done)).toBe(false)
    a.writable = true
    client.pipeWritable()
    expect(done).toHaveBeenCalledWith()
    expect(a.written).toEqual([['2']])
  })

  it('waits for a first pipe, and refuses the waiting message when closed', () => {
    const client = new ClientBehaviour(host)
    const sent = jest.fn()
    expect(client.send(frame('early'), undefined, sent)).toBe(false)
    const pipe = new TestPipe('a')
    client.attach(pipe)
    expect(sent).toHaveBeenCalledWith()
    expect(pipe.written).toEqual([['early']])
    pipe.writable = false
    const refused = jest.fn()
    expect(client.send(frame('never'), undefined, refused)).toBe(false)
    client.close()
    expect(refused).toHaveBeenCalledWith(expect.any(SocketClosedError))
  })

  it('reads fair-queued from its pipes', () => {
    const client = new ClientBehaviour(host)
    const [a, b] = [new TestPipe('a'), new TestPipe('b')]
    client.attach(a)
    client.attach(b)
    a.arrive('a1')
    a.arrive('a2')
    a.arrive('a3')
    b.arrive('b1')
    expect(readAll(client)).toEqual([['a1'], ['b1'], ['a2'], ['a3']])
  })

  it('drops a multipart message whole on receive, as libzmq client_t::xrecv does', () => {
    const client = new ClientBehaviour(host)
    const pipe = new TestPipe('a')
    client.attach(pipe)
    pipe.arrive('one')
    pipe.arrive('multi', 'part')
    pipe.arrive('', '', '')
    pipe.arrive('two')
    expect(readAll(client)).toEqual([['one'], ['two']])
  })

  it('refuses a multipart message on send with EINVAL, as libzmq client_t::xsend does', () => {
    const client = new ClientBehaviour(host)
    const pipe = new TestPipe('a')
    client.attach(pipe)
    const parts = [Buffer.from('a'), Buffer.from('b')]
    expect(() => client.send(parts, undefined, jest.fn())).toThrow(
      expect.objectContaining({ code: 'EINVAL' }),
    )
    expect(pipe.written).toEqual([])
  })

  it('keeps what a pipe that left had received, then forgets it', () => {
    const client = new ClientBehaviour(host)
    const [a, b] = [new TestPipe('a'), new TestPipe('b')]
    client.attach(a)
    client.attach(b)
    a.arrive('from a')
    client.detach(a)
    expect(readAll(client)).toEqual([['from a']])
    client.send(frame('after'), undefined, jest.fn())
    expect(b.written).toEqual([['after']])
    expect(a.written).toEqual([])
  })
})
