import {
  firstValueFrom,
  map,
  filter,
  take,
  toArray,
  lastValueFrom,
  timer,
  of,
  throwError,
} from 'rxjs'
import { DecodeError, ReplySocket, RequestSocket, text, type SocketEvent } from '../../src'
import { tracker } from '../helpers/cleanup'

/** Collects RxZmqWarnings emitted while a test runs. */
function watchWarnings(): { messages: string[]; restore: () => void } {
  const messages: string[] = []
  const spy = jest.spyOn(process, 'emitWarning').mockImplementation(((
    warning: string | Error,
    options?: { type?: string },
  ) => {
    if (options?.type === 'RxZmqWarning') messages.push(String(warning))
  }) as typeof process.emitWarning)
  return { messages, restore: () => spy.mockRestore() }
}

const NOT_UTF8 = Buffer.from([0xc3, 0x28])

describe('an error that reaches a socket is never silent', () => {
  const track = tracker()

  // The README's hello world server, `rep.pipe(text(), ...).subscribe(rep)`: one request that
  // is not UTF-8 made text() error, the error reached rep.error(), the socket closed and the
  // process went on (or exited 0) without a word: the failing chain counted as a listener.
  it('should warn, naming the socket and the cause, when error() closes a socket', async () => {
    const warnings = watchWarnings()
    try {
      const rep = track(new ReplySocket())
      const endpoint = await rep.bind('tcp://127.0.0.1:*')
      rep
        .pipe(
          text(),
          map(() => 'World'),
        )
        .subscribe(rep)
      const req = track(new RequestSocket({ connect: endpoint }))
      await req.send(NOT_UTF8)
      await rep.closed
      expect(warnings.messages).toHaveLength(1)
      expect(warnings.messages[0]).toMatch(
        /^ReplySocket: closed by error\(\): DecodeError: text codec/,
      )
    } finally {
      warnings.restore()
    }
  })

  it('should warn when error() is given something that is not an Error', () => {
    const warnings = watchWarnings()
    try {
      const rep = new ReplySocket()
      rep.error('gave up')
      expect(warnings.messages).toEqual([
        expect.stringMatching(/^ReplySocket: closed by error\(\): .*gave up/),
      ])
    } finally {
      warnings.restore()
    }
  })
})
