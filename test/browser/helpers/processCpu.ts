import { readdirSync, readFileSync } from 'node:fs'

/** One thread's CPU time so far, and where it runs. */
export interface ThreadTime {
  /** `<pid>/<tid>`. */
  readonly id: string
  /** `renderer`, `network`, `gpu`, `browser`, `utility`, `zygote`... */
  readonly process: string
  /** `main` for the process's main thread, else its name (`Chrome_ChildIOT`...: 15 bytes). */
  readonly thread: string
  /** Nanoseconds on a CPU. */
  readonly ns: number
}

/** CPU seconds by process type, and by `process/thread` for the threads that used any. */
export interface CpuSpent {
  readonly byProcess: Record<string, number>
  readonly byThread: Record<string, number>
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined // the process or thread ended meanwhile
  }
}

/** Every process id with its parent id. */
function processes(): Map<number, number> {
  const parents = new Map<number, number>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const stat = read(`/proc/${name}/stat`)
    if (stat === undefined) continue
    // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
    parents.set(Number(name), ppid)
  }
  return parents
}

/** What kind of Chromium process a command line is: its --type (network service apart). */
function kind(cmdline: string): string {
  if (cmdline.includes('--utility-sub-type=network.mojom.NetworkService')) return 'network'
  const type = /--type=([a-z-]+)/.exec(cmdline)?.[1]
  return type === undefined ? 'browser' : type === 'gpu-process' ? 'gpu' : type
}

/**
 * The CPU time of every thread of Chromium's processes (found by its `--user-data-dir`, which
 * only its processes name, and their descendants), or of one process (`pid`, named `name`). Read from /proc (Linux), in
 * nanoseconds (schedstat), so that CPU time is told apart from time spent waiting for a CPU
 * on a busy machine. Empty where /proc has no schedstat.
 */
export function threadTimes(
  root: { profile: string } | { pid: number; name: string },
): ThreadTime[] {
  const tree = new Set<number>()
  if ('pid' in root) return threadsOf(root.pid, root.name)
  const parents = processes()
  for (const pid of parents.keys()) {
    if (read(`/proc/${pid}/cmdline`)?.includes(`--user-data-dir=${root.profile}`)) tree.add(pid)
  }
  for (let grew = true; grew;) {
    grew = false
    for (const [pid, ppid] of parents) {
      if (!tree.has(pid) && tree.has(ppid)) {
        tree.add(pid)
        grew = true
      }
    }
  }
  return [...tree].flatMap((pid) => {
    const cmdline = read(`/proc/${pid}/cmdline`)
    return cmdline === undefined ? [] : threadsOf(pid, kind(cmdline.replace(/\0/g, ' ')))
  })
}

/** The CPU time of each thread of one process (its descendants apart). */
function threadsOf(pid: number, process: string): ThreadTime[] {
  let tasks: string[]
  try {
    tasks = readdirSync(`/proc/${pid}/task`)
  } catch {
    return []
  }
  const times: ThreadTime[] = []
  for (const tid of tasks) {
    const schedstat = read(`/proc/${pid}/task/${tid}/schedstat`)
    if (schedstat === undefined) continue
    const thread =
      tid === String(pid) ? 'main' : (read(`/proc/${pid}/task/${tid}/comm`) ?? '?').trim()
    times.push({ id: `${pid}/${tid}`, process, thread, ns: Number(schedstat.split(' ')[0]) })
  }
  return times
}

/**
 * The CPU spent between two readings of the same threads, by process type and by
 * `process/thread` (threads started meanwhile count from 0; threads that ended are left out).
 */
export function cpuBetween(before: readonly ThreadTime[], after: readonly ThreadTime[]): CpuSpent {
  const start = new Map(before.map((t) => [t.id, t.ns]))
  const byProcess: Record<string, number> = {}
  const byThread: Record<string, number> = {}
  for (const t of after) {
    const seconds = (t.ns - (start.get(t.id) ?? 0)) / 1e9
    if (!(seconds > 0)) continue
    const thread = `${t.process}/${t.thread}`
    byProcess[t.process] = (byProcess[t.process] ?? 0) + seconds
    byThread[thread] = (byThread[thread] ?? 0) + seconds
  }
  return { byProcess, byThread }
}
