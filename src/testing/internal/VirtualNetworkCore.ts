import { asyncScheduler, type SchedulerLike, type Subscription } from 'rxjs'
import { InvalidEndpointError } from '../../errors/InvalidEndpointError'
import { checkEndpoint, VirtualCore, type Connection } from './VirtualCore'

/** Options of a {@link VirtualNetwork}. */
export interface VirtualNetworkConfig {
  /** The clock and event loop of the network: a `TestScheduler` in marble tests. Default `asyncScheduler`. */
  scheduler?: SchedulerLike
  /**
   * Virtual ms between `connect()` (or the bind that a connect waited for) and the connection
   * being up: what a publisher sends meanwhile is lost to that subscriber (the slow joiner).
   * Default 0: a connection to a bound endpoint is up at once, as with inproc.
   */
  connectDelay?: number
}

/** The endpoints and pending connections of one virtual network. */
export class VirtualNetworkCore {
  readonly scheduler: SchedulerLike
  readonly connectDelay: number
  private readonly endpoints = new Map<string, VirtualCore>()
  private readonly waiting = new Map<string, Set<VirtualCore>>()
  private readonly timers = new Map<VirtualCore, Map<string, Subscription>>()
  private port = 49152

  constructor(config: VirtualNetworkConfig = {}) {
    this.scheduler = config.scheduler ?? asyncScheduler
    this.connectDelay = config.connectDelay ?? 0
  }

  bind(core: VirtualCore, endpoint: string): string {
    checkEndpoint(endpoint, core.type)
    const bound = endpoint.endsWith(':*') ? `${endpoint.slice(0, -1)}${this.port++}` : endpoint
    if (this.endpoints.has(bound)) {
      throw new InvalidEndpointError(`${core.type}: cannot bind ${bound}: address in use`, {
        code: 'EADDRINUSE',
        endpoint: bound,
        socketType: core.type,
      })
    }
    this.endpoints.set(bound, core)
    for (const connecter of this.waiting.get(bound) ?? []) this.schedule(connecter, bound)
    this.waiting.delete(bound)
    return bound
  }

  unbind(core: VirtualCore, endpoint: string): void {
    if (this.endpoints.get(endpoint) === core) this.endpoints.delete(endpoint)
  }

  /** Connects when the endpoint is bound (now or later), after the connect delay. */
  connect(core: VirtualCore, endpoint: string): void {
    if (this.endpoints.has(endpoint)) this.schedule(core, endpoint)
    else {
      let set = this.waiting.get(endpoint)
      if (set === undefined) this.waiting.set(endpoint, (set = new Set()))
      set.add(core)
    }
  }

  cancelConnect(core: VirtualCore, endpoint: string): void {
    this.waiting.get(endpoint)?.delete(core)
    const timer = this.timers.get(core)?.get(endpoint)
    timer?.unsubscribe()
    this.timers.get(core)?.delete(endpoint)
  }

  private schedule(core: VirtualCore, endpoint: string): void {
    const attach = (): void => {
      this.timers.get(core)?.delete(endpoint)
      const binder = this.endpoints.get(endpoint)
      if (binder === undefined) {
        this.connect(core, endpoint) // unbound meanwhile: wait for the next bind
        return
      }
      const connection: Connection = { connecter: core, binder, endpoint, pipes: undefined }
      VirtualCore.attach(connection)
    }
    if (this.connectDelay === 0) {
      attach()
      return
    }
    let perCore = this.timers.get(core)
    if (perCore === undefined) this.timers.set(core, (perCore = new Map()))
    perCore.get(endpoint)?.unsubscribe()
    perCore.set(endpoint, this.scheduler.schedule(attach, this.connectDelay))
  }
}
