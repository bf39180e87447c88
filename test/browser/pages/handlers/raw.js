// The hand-written ZWS 2.0 SUB: the browser's WebSocket and a frame assembler, nothing else.
// The baseline an rxzmq/web SUB is measured against (raw-sub.html, burst.html).
//
// ZWS 2.0 as libzmq speaks it: the WebSocket is opened with the sub-protocol "ZWS2.0"; every
// ZeroMQ frame is one binary WebSocket message whose first byte is a flags byte (0x01: more
// frames follow, 0x02: a command); the server first sends its routing id ([0x00]), and the
// client sends its own ([0x00]) first; [0x00, 0x01, ...topic] subscribes, [0x00, 0x00, ...topic]
// unsubscribes.
//
// A handler is { start(url, topics, onMessage) } returning { opened: Promise, stop() }:
// `opened` resolves when the WebSocket is open and rejects when it fails before that;
// `onMessage(frames)` is called once per ZeroMQ message (frames: Uint8Array[]).

const FLAG_MORE = 0x01
const FLAG_COMMAND = 0x02
const encoder = new TextEncoder()

/** One subscription message: [0x00 (last frame), 0x01 (subscribe) | 0x00, ...topic]. */
function subscription(subscribe, topic) {
  const bytes = encoder.encode(topic)
  const message = new Uint8Array(bytes.length + 2)
  message[1] = subscribe ? 1 : 0
  message.set(bytes, 2)
  return message
}

/** The hand-written SUB. */
export const raw = {
  start(url, topics, onMessage) {
    const ws = new WebSocket(url, 'ZWS2.0')
    ws.binaryType = 'arraybuffer'
    let routingIdSeen = false
    let frames = []
    const opened = new Promise((resolve, reject) => {
      ws.onopen = () => {
        ws.send(new Uint8Array([0x00])) // our routing id: empty, last frame
        for (const topic of topics) ws.send(subscription(true, topic))
        resolve()
      }
      ws.onerror = () => reject(new Error(`WebSocket to ${url} failed`))
      ws.onclose = (event) =>
        reject(new Error(`WebSocket to ${url} closed before it opened (code ${event.code})`))
    })
    ws.onmessage = (event) => {
      const frame = new Uint8Array(event.data)
      const flags = frame[0]
      if (!routingIdSeen) {
        routingIdSeen = true // the server's routing id
        return
      }
      if (flags & FLAG_COMMAND) return // PING/PONG and other commands: not messages
      frames.push(frame.subarray(1))
      if (!(flags & FLAG_MORE)) {
        const message = frames
        frames = []
        onMessage(message)
      }
    }
    return {
      opened,
      stop() {
        ws.onmessage = null
        ws.close()
      },
    }
  },
}

export default raw
