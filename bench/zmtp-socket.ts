// Socket-level push → pull on rxzmq's ZMTP transport between two processes, with the CPU time
// each side spends per message: a figure a busy machine disturbs much less than a rate (a
// process that gets a fraction of a core moves fewer messages a second, but spends about the
// same CPU time on each).
//
//   npx tsx bench/zmtp-socket.ts [--count=2000000] [--rounds=3] [--size=16] [--transport=tcp]
//
// The receiver (a PullSocket, subscribed) runs in a child process; the sender (a PushSocket) in
// this one, once with `await send()` per message and once with `next()` (filling the send queue,
// `send()` as the backpressure point), alternating from round to round. Rates are messages per
// second at the receiver, first message to last; CPU is user + system time over the count, from
// the first message (receiver) or the first send (sender). Run it in a network namespace of its
// own on a shared machine:
//   unshare -n bash -c 'ip link set lo up; npx tsx bench/zmtp-socket.ts'
import { fork } from 'node:child_process'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { PullSocket, PushSocket, zmtpTransport } from '../src/index'
import { median } from './lib/stats'

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=')
    return [k, v ?? 'true'] as const
  }),
)
const COUNT = Number(args.get('count') ?? 2_000_000)
const ROUNDS = Number(args.get('rounds') ?? 3)
const SIZE = Number(args.get('size') ?? 16)
const TRANSPORT = args.get('transport') ?? 'tcp'

type Style = 'send' | 'next'

function cpuNs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since)
  return (used.user + used.system) * 1000
}

/** The child: binds a PULL, counts `count` messages, reports rate and CPU per message. */
async function receiver(bindTo: string, count: number): Promise<void> {
  const pull = new PullSocket({ transport: zmtpTransport() })
  const endpoint = await pull.bind(bindTo)
  let n = 0
  let first = 0
  let cpu0 = process.cpuUsage()
  const subscription = pull.subscribe(() => {
    if (n === 0) {
      first = performance.now()
      cpu0 = process.cpuUsage()
    }
    if (++n === count) {
      const seconds = (performance.now() - first) / 1000
      process.send!({ rate: (count - 1) / seconds, cpu: cpuNs(cpu0) / count })
      subscription.unsubscribe()
      pull.close()
    }
  })
  process.send!({ endpoint })
}

async function sender(endpoint: string, style: Style, count: number): Promise<number> {
  const push = new PushSocket({ transport: zmtpTransport(), connect: endpoint })
  const payload = Buffer.alloc(SIZE, 1)
  const cpu0 = process.cpuUsage()
  if (style === 'send') {
    for (let i = 0; i < count; i++) await push.send(payload)
  } else {
    let sent = 0
    while (sent < count) {
      const room = Math.min(999 - push.queueDepth, count - sent - 1)
      for (let i = 0; i < room; i++) push.next(payload)
      sent += Math.max(0, room)
      await push.send(payload)
      sent++
    }
  }
  const cpu = cpuNs(cpu0) / count
  push.complete()
  return cpu
}

interface Figures {
  rate: number
  receiverCpu: number
  senderCpu: number
}

let run = 0

async function once(style: Style): Promise<Figures> {
  run++
  const bindTo =
    TRANSPORT === 'ipc'
      ? `ipc://${join(tmpdir(), `rxzmq-zmtp-socket-${process.pid}-${run}.ipc`)}`
      : 'tcp://127.0.0.1:*'
  const child = fork(__filename, ['--child', bindTo, String(COUNT)], {
    execArgv: process.execArgv.length > 0 ? process.execArgv : ['--import', 'tsx'],
  })
  const messages: Record<string, unknown>[] = []
  let wake: (() => void) | undefined
  child.on('message', (m: Record<string, unknown>) => {
    messages.push(m)
    wake?.()
  })
  const next = async (): Promise<Record<string, unknown>> => {
    while (messages.length === 0) await new Promise<void>((resolve) => (wake = resolve))
    return messages.shift()!
  }
  const { endpoint } = (await next()) as { endpoint: string }
  const senderCpu = await sender(endpoint, style, COUNT)
  const { rate, cpu } = (await next()) as { rate: number; cpu: number }
  child.kill()
  return { rate, receiverCpu: cpu, senderCpu }
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') {
    await receiver(process.argv[3]!, Number(process.argv[4]))
    return
  }
  console.log(
    `zmtp push → pull, ${TRANSPORT}, two processes, ${COUNT} × ${SIZE} B, ${ROUNDS} rounds; load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  )
  const results: Record<Style, Figures[]> = { send: [], next: [] }
  for (let round = 0; round < ROUNDS; round++) {
    for (const style of round % 2 === 0
      ? (['send', 'next'] as const)
      : (['next', 'send'] as const)) {
      const figures = await once(style)
      results[style].push(figures)
      console.log(
        `  round ${round + 1} ${style}: ${Math.round(figures.rate)} msg/s, receiver ${Math.round(figures.receiverCpu)} ns/msg, sender ${Math.round(figures.senderCpu)} ns/msg CPU`,
      )
    }
  }
  for (const style of ['send', 'next'] as const) {
    const list = results[style]
    const m = (pick: (f: Figures) => number): number => median(list.map(pick))
    console.log(
      `${style === 'send' ? 'await send()' : 'next()'}: median ${Math.round(m((f) => f.rate))} msg/s; CPU per message: receiver ${Math.round(m((f) => f.receiverCpu))} ns, sender ${Math.round(m((f) => f.senderCpu))} ns (a side alone on a core: ${(
        1e3 /
        Math.max(
          m((f) => f.receiverCpu),
          m((f) => f.senderCpu),
        )
      ).toFixed(2)} M msg/s)`,
    )
  }
  console.log(
    `load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  )
}

main().then(
  () => {
    if (process.argv[2] !== '--child') process.exit(0)
  },
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
