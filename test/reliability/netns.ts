// Simulated hosts for tests: Linux network namespaces joined by veth pairs to a bridge that
// lives in a namespace of its own, so nothing is added to the machine's own network: every
// interface and address (10.77.0.0/24) exists only inside namespaces this file creates, and
// the namespaces have no route anywhere else. Needs root and iproute2's `ip`.
import { execFileSync } from 'node:child_process'

const SUBNET = '10.77.0'

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] })
}

/**
 * Why namespaces cannot be made here, or undefined if they can: probes by creating and
 * deleting one namespace.
 */
export function netnsUnavailable(): string | undefined {
  if (process.platform !== 'linux')
    return `network namespaces need Linux (this is ${process.platform})`
  if (process.getuid?.() !== 0) return 'creating network namespaces needs root'
  try {
    execFileSync('ip', ['-V'], { stdio: 'ignore' })
  } catch {
    return "iproute2's `ip` is not installed (apt-get install -y iproute2)"
  }
  // The probe builds a one-host LAN: namespaces, a bridge and a veth pair must all work.
  try {
    new SimulatedLan(1, 'probe').destroy()
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim()
    return `cannot build a simulated LAN here: ${stderr || String(error)}`
  }
  return undefined
}

export interface SimulatedHost {
  /** The namespace's name, for `ip netns exec`. */
  ns: string
  /** The host's address on the simulated LAN. */
  address: string
  /** Runs a command on this host: `[...prefix, command, ...args]`. */
  prefix: string[]
}

/** A LAN of simulated hosts; `destroy()` removes every namespace (and so every interface). */
export class SimulatedLan {
  readonly hosts: SimulatedHost[] = []
  private readonly namespaces: string[] = []
  private readonly tag: string
  private readonly onExit = (): void => this.destroy()

  constructor(count: number, name = 'lan') {
    this.tag = `rxzmq${process.pid}${name}`
    process.once('exit', this.onExit)
    try {
      const sw = this.addNamespace('sw')
      ip('-n', sw, 'link', 'add', 'br0', 'type', 'bridge')
      ip('-n', sw, 'link', 'set', 'br0', 'up')
      for (let i = 1; i <= count; i++) {
        const ns = this.addNamespace(`h${i}`)
        const address = `${SUBNET}.${i}`
        // Both ends are created inside their namespaces: nothing appears on the real host.
        ip(
          'link',
          'add',
          'name',
          'eth0',
          'netns',
          ns,
          'type',
          'veth',
          'peer',
          'name',
          `p${i}`,
          'netns',
          sw,
        )
        ip('-n', sw, 'link', 'set', `p${i}`, 'master', 'br0')
        ip('-n', sw, 'link', 'set', `p${i}`, 'up')
        ip('-n', ns, 'link', 'set', 'lo', 'up')
        ip('-n', ns, 'addr', 'add', `${address}/24`, 'dev', 'eth0')
        ip('-n', ns, 'link', 'set', 'eth0', 'up')
        this.hosts.push({ ns, address, prefix: ['ip', 'netns', 'exec', ns] })
      }
    } catch (error) {
      this.destroy()
      throw error
    }
  }

  private addNamespace(suffix: string): string {
    const name = `${this.tag}-${suffix}`
    ip('netns', 'add', name)
    this.namespaces.push(name)
    return name
  }

  /** Deletes the namespaces; their veth pairs and the bridge go with them. Idempotent. */
  destroy(): void {
    process.removeListener('exit', this.onExit)
    for (const ns of this.namespaces.splice(0).reverse()) {
      try {
        ip('netns', 'del', ns)
      } catch {
        // already gone
      }
    }
  }

  /** The namespaces that still exist with this LAN's tag (for the teardown assertion). */
  leftovers(): string[] {
    const list = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    return list
      .split('\n')
      .map((line) => line.split(' ')[0])
      .filter((name) => name.startsWith(`${this.tag}-`))
  }
}
