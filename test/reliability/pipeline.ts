// Runs the reliable pipeline of examples/reliable-pipeline with real processes: a ventilator,
// a sink and workers, one of which is SIGKILLed once its own progress output shows it is in
// the middle of the batch. Shared by the loopback test and the network-namespace test.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { outputs, ROOT, start, TSX, type Proc } from '../examples/processes'

/** Starts a process on some host: `prefix` is put in front, e.g. `ip netns exec ns1`. */
export interface Host {
  /** Command and arguments run in front of `node`, e.g. ['ip', 'netns', 'exec', 'ns1']. */
  prefix: readonly string[]
  /** The address this host binds, e.g. '127.0.0.1' or '10.77.0.1'. */
  address: string
}

export interface PipelinePlan {
  ventilator: Host
  sink: Host
  workers: readonly Host[]
  tasks: number
  /** The victim (worker 0) is killed once it has printed this many tasks done. */
  killAfter: number
}

export interface PipelineOutcome {
  ids: string[]
  /** What the ventilator's summary said. */
  dispatches: number
  redispatched: number
  lostWorkers: number
  /** Tasks the victim had in hand when it was lost, by the ventilator's log. */
  requeuedFromVictim: number
  /** What the sink said it dropped. */
  duplicates: number
  /** Tasks the victim had acknowledged when it was killed (its last progress line). */
  victimDone: number
  ms: number
  procs: Proc[]
}

function launch(name: string, host: Host, role: string, args: readonly string[]): Proc {
  const file = join(ROOT, 'examples', 'reliable-pipeline', `${role}.ts`)
  const node = [process.execPath, '--import', TSX, file, ...args]
  const [command, ...rest] = [...host.prefix, ...node]
  return start(name, command, rest)
}

const number = (text: string, pattern: RegExp): number => {
  const match = pattern.exec(text)
  if (match === null) throw new Error(`no match for ${pattern} in:\n${text}`)
  return Number(match[1])
}

export async function runLosslessPipeline(plan: PipelinePlan): Promise<PipelineOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'rxzmq-pipeline-'))
  const out = join(dir, 'ids.txt')
  const started = performance.now()
  const procs: Proc[] = []
  try {
    const ventilator = launch('ventilator', plan.ventilator, 'ventilator', [
      '--bind',
      `tcp://${plan.ventilator.address}:*`,
      '--tasks',
      String(plan.tasks),
      '--timeout',
      '1000',
      '--workers',
      String(plan.workers.length),
    ])
    procs.push(ventilator)
    const [bound] = await ventilator.waitFor(/ventilator: bound tcp:\/\/[\d.]+:\d+/)
    const ventilatorEndpoint = /tcp:\/\/[\d.]+:\d+/.exec(bound)![0]

    const sink = launch('sink', plan.sink, 'sink', [
      '--bind',
      `tcp://${plan.sink.address}:*`,
      '--ventilator',
      ventilatorEndpoint,
      '--tasks',
      String(plan.tasks),
      '--out',
      out,
    ])
    procs.push(sink)
    const [sinkBound] = await sink.waitFor(/sink: bound tcp:\/\/[\d.]+:\d+/)
    const sinkEndpoint = /tcp:\/\/[\d.]+:\d+/.exec(sinkBound)![0]

    const workers = plan.workers.map((host, i) =>
      launch(`worker w${i + 1}`, host, 'worker', [
        '--ventilator',
        ventilatorEndpoint,
        '--sink',
        sinkEndpoint,
        '--name',
        `w${i + 1}`,
        '--credit',
        '50',
        '--heartbeat',
        '200',
        '--work-ms',
        '0',
        '--progress',
        '100',
      ]),
    )
    procs.push(...workers)

    // Kill the victim in the middle of its work, as its own output shows it.
    const victim = workers[0]
    await victim.waitFor(new RegExp(`worker w1: ${plan.killAfter} done`), { timeout: 40000 })
    await victim.kill()
    const victimDone = Math.max(
      ...[...victim.stdout.matchAll(/worker w1: (\d+) done/g)].map((m) => Number(m[1])),
    )

    const ventilatorExit = await ventilator.waitForExit(40000)
    const sinkExit = await sink.waitForExit(10000)
    const survivorExits = await Promise.all(workers.slice(1).map((w) => w.waitForExit(10000)))
    const all = outputs(...procs)
    if (
      ventilatorExit.code !== 0 ||
      sinkExit.code !== 0 ||
      survivorExits.some((e) => e.code !== 0)
    ) {
      throw new Error(`a process failed:\n${all}`)
    }
    const ids = readFileSync(out, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
    return {
      ids,
      dispatches: number(ventilator.stdout, /\((\d+) dispatches/),
      redispatched: number(ventilator.stdout, /(\d+) re-dispatched/),
      lostWorkers: number(ventilator.stdout, /(\d+) worker\(s\) lost/),
      requeuedFromVictim: number(ventilator.stdout, /worker w1 lost, re-dispatching (\d+)/),
      duplicates: number(sink.stdout, /(\d+) duplicates dropped\n/),
      victimDone,
      ms: Math.round(performance.now() - started),
      procs,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
