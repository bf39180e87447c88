// rxzmq/web as a browser gets it: bundled by esbuild for the browser platform, then run in a
// context that has only what a browser has (no Buffer, no process, no require, no setImmediate),
// with a fake WebSocket playing a native PUB bound on ws://.
//
//   bundle(rxzmq/web + rxjs) ──in vm, browser globals only──> SubscriberSocket ──> FakeWebSocket
import { build } from 'esbuild'
import { join } from 'node:path'
import { createContext, runInContext } from 'node:vm'

const root = join(__dirname, '..', '..')

/** The web entry bundled with rxjs into one script that leaves its exports on `globalThis.rxzmq`. */
async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [join(root, 'src', 'web', 'index.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'rxzmq',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
  })
  return result.outputFiles[0].text
}

/** A WebSocket the test drives: it records what the page sends and delivers what it is given. */
const FAKE_WEBSOCKET = `
class FakeWebSocket {
  constructor(url, protocols) {
    this.url = url
    this.protocol = 'ZWS2.0'
    this.requested = protocols
    this.readyState = 0
    this.bufferedAmount = 0
    this.binaryType = 'blob'
    this.sent = []
    FakeWebSocket.made.push(this)
  }
  send(data) { this.sent.push(Array.from(new Uint8Array(data instanceof ArrayBuffer ? data : data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)))) }
  close() { this.readyState = 3 }
  open() { this.readyState = 1; this.onopen && this.onopen({}) }
  deliver(bytes) { this.onmessage && this.onmessage({ data: new Uint8Array(bytes).buffer }) }
}
FakeWebSocket.made = []
globalThis.WebSocket = FakeWebSocket
`

describe('rxzmq/web in a browser-like context', () => {
  let script: string
  beforeAll(async () => {
    script = await bundle()
  }, 30000)

  it('should bundle for the browser with no Node module and no native code', () => {
    expect(script).not.toMatch(/require\(["'](zeromq|node:|fs|net|buffer)/)
    expect(script).not.toMatch(/(from|import)\s*["'](zeromq|node:)/)
  })

  it('should run without Node globals, dial with ZWS2.0, subscribe, and decode text', () => {
    const context = createContext({
      console,
      setTimeout,
      clearTimeout,
      setInterval,
      clearInterval,
      queueMicrotask,
      TextEncoder,
      TextDecoder,
      URL,
      Uint8Array,
      ArrayBuffer,
      DataView,
    })
    runInContext(FAKE_WEBSOCKET, context)
    runInContext(script, context)
    const received = runInContext(
      `
      const got = []
      const { SubscriberSocket, text } = rxzmq
      const sub = new SubscriberSocket({ connect: 'ws://127.0.0.1:8556', topics: ['10001 '] })
      sub.pipe(text()).subscribe((line) => got.push(line))
      const ws = FakeWebSocket.made[0]
      ws.open()
      ws.deliver([0])                                   // the server's routing id
      ws.deliver([0, ...new TextEncoder().encode('10001 72 43')])
      ws.deliver([0, ...new TextEncoder().encode('20002 10 10')]) // filtered out
      const result = { got, url: ws.url, requested: ws.requested, sent: ws.sent,
        hasBuffer: typeof Buffer !== 'undefined', hasProcess: typeof process !== 'undefined' }
      sub.close()
      result
      `,
      context,
    ) as {
      got: string[]
      url: string
      requested: string | string[]
      sent: number[][]
      hasBuffer: boolean
      hasProcess: boolean
    }
    expect(received.hasBuffer).toBe(false)
    expect(received.hasProcess).toBe(false)
    expect(received.url).toBe('ws://127.0.0.1:8556')
    expect([received.requested].flat()).toContain('ZWS2.0')
    // our routing id first, then the subscription [0x00 (last frame), 0x01, ...'10001 ']
    expect(received.sent[0]).toEqual([0])
    expect(received.sent[1]).toEqual([0, 1, ...Buffer.from('10001 ')])
    expect(received.got).toEqual(['10001 72 43'])
  })
})
