// CPU time of the JavaScript main thread, the measure the ratios lean on next to wall clock.
//
// Why the main thread alone, and not process.cpuUsage(): the per-message overhead this
// benchmark is about is JavaScript (and zeromq.js's native calls, which run on the main thread).
// process.cpuUsage() adds libzmq's I/O thread (ZMQbg/IO/0: a third to a half of the process's
// CPU in a push → pull over tcp), V8's GC helper threads and libuv's pool, whose work depends on
// how messages batch up between threads rather than on the code under test, and which swings
// when the machine is busy. The main thread's on-CPU time (Linux: the first field of
// /proc/self/task/<pid>/schedstat, nanoseconds; Node's main thread has tid = pid) does not count
// the time the thread waits for the CPU while other processes run, so it holds on a loaded
// machine where wall clock does not. (It still counts cache and frequency effects of a busy
// neighbour, and time the hypervisor takes from the vCPU.)
import { existsSync, readFileSync } from 'node:fs'

const path = `/proc/self/task/${process.pid}/schedstat`

/** What {@link threadCpuNs} reads: the main thread's schedstat, or process.cpuUsage() elsewhere. */
export const cpuSource: 'main-thread schedstat' | 'process.cpuUsage (all threads)' = existsSync(
  path,
)
  ? 'main-thread schedstat'
  : 'process.cpuUsage (all threads)'

/** On-CPU nanoseconds of this process's main thread so far (call it from the main thread). */
export function threadCpuNs(): number {
  if (cpuSource === 'main-thread schedstat') {
    const text = readFileSync(path, 'latin1')
    return Number(text.slice(0, text.indexOf(' ')))
  }
  const usage = process.cpuUsage()
  return (usage.user + usage.system) * 1000
}
