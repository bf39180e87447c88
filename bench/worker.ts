// The second process of the two-process cases: bench/lib/child.ts forks it and sends it jobs.
import { threadCpuNs } from './lib/cpu'
import { echoServer, pullReceiver, type JsImpl, type ReceiveStyle } from './lib/roles'
import { runMemoryScenario, type MemoryScenario } from './cases/memoryScenarios'

type Emit = (event: string, data?: object) => void
type Job = { id: number; op: string; args: Record<string, unknown> }

const stops = new Map<number, () => void>()

const handlers: Record<
  string,
  (args: Record<string, unknown>, emit: Emit, id: number) => Promise<void>
> = {
  async pull(args, emit) {
    const receiver = await pullReceiver(
      args.impl as JsImpl,
      args.bindTo as string,
      args.count as number,
      (args.style as ReceiveStyle | undefined) ?? 'plain',
    )
    // The receiver's main-thread CPU from ready to the last message (idle waiting is free).
    const cpu0 = threadCpuNs()
    emit('ready', { endpoint: receiver.endpoint })
    const rate = await receiver.done
    const cpuNs = threadCpuNs() - cpu0
    receiver.close()
    emit('done', { rate, cpuNs })
  },
  async cpu(_args, emit) {
    emit('done', { ns: threadCpuNs() })
  },
  async serve(args, emit, id) {
    const server = await echoServer(
      args.impl as JsImpl,
      args.kind as 'rep' | 'router',
      args.bindTo as string,
    )
    await new Promise<void>((resolve) => {
      stops.set(id, resolve)
      emit('ready', { endpoint: server.endpoint })
    })
    server.close()
    emit('done')
  },
  async memory(args, emit) {
    const result = await runMemoryScenario(args.scenario as MemoryScenario, args.count as number)
    emit('done', result)
  },
}

process.on('message', (job: Job) => {
  if (job.op === 'stop') {
    stops.get(job.id)?.()
    stops.delete(job.id)
    return
  }
  const emit: Emit = (event, data = {}) => process.send!({ id: job.id, event, data })
  const handler = handlers[job.op]
  if (handler === undefined) {
    emit('error', { message: `unknown job ${job.op}` })
    return
  }
  handler(job.args, emit, job.id).catch((error: unknown) =>
    emit('error', { message: error instanceof Error ? error.stack : String(error) }),
  )
})
process.on('disconnect', () => process.exit(0))
process.send!({ id: 0, event: 'up', data: {} })
