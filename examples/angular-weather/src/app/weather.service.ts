import { DestroyRef, Injectable, inject, signal } from '@angular/core'
import { toObservable, toSignal } from '@angular/core/rxjs-interop'
import { type Observable, filter, map, scan, share, startWith, switchMap } from 'rxjs'
import { SubscriberSocket, text } from 'rxzmq/web'
import {
  type ConnectionStatus,
  type WeatherStats,
  type WeatherUpdate,
  addUpdate,
  emptyStats,
  isZip,
  parseUpdate,
  serverFrom,
  statusOf,
  zipFrom,
} from './weather'

/**
 * The weather feed of a native PUB socket bound on `ws://` (ZWS 2.0), through one
 * `SubscriberSocket` from rxzmq/web for the whole app. The chosen zip code is the ZeroMQ
 * subscription: changing it unsubscribes the old topic and subscribes the new one, so the
 * publisher sends this page only the updates it shows.
 */
@Injectable({ providedIn: 'root' })
export class WeatherService {
  /** The server's endpoint: `?server=ws://host:port` in the page's URL, or ws://127.0.0.1:8556. */
  readonly server = serverFrom(window.location.search)

  /** `monitor: true`, so that the first connection's events reach `status` too. */
  private readonly socket = new SubscriberSocket({ connect: this.server, monitor: true })

  private readonly zipCode = signal(zipFrom(window.location.search))

  /** The zip code whose updates are shown. */
  readonly zip = this.zipCode.asReadonly()

  /**
   * The chosen zip code's updates. Each zip code is a topic `"<zip> "` (with the space, so
   * 1000 does not match 10001); `topic()` holds the ZeroMQ subscription while it is subscribed.
   */
  readonly updates$: Observable<WeatherUpdate> = toObservable(this.zipCode).pipe(
    switchMap((zip) =>
      this.socket.topic(`${zip} `).pipe(
        text(),
        map(parseUpdate),
        filter((update): update is WeatherUpdate => update !== undefined),
      ),
    ),
    share(),
  )

  /** The latest update, as a signal (undefined before the first). */
  readonly latest = toSignal(this.updates$)

  /** Count, running averages and recent updates of the chosen zip code, from its first update. */
  readonly stats = toSignal(
    toObservable(this.zipCode).pipe(
      switchMap((zip) =>
        this.updates$.pipe(
          filter((update) => update.zip === zip),
          scan(addUpdate, emptyStats(zip)),
          startWith(emptyStats(zip)),
        ),
      ),
    ),
    { initialValue: emptyStats(this.zipCode()) },
  )

  /** The connection to the server, from the socket's events. */
  readonly status = toSignal(
    this.socket.events$.pipe(
      map((event) => statusOf(event)),
      filter((status): status is ConnectionStatus => status !== undefined),
    ),
    { initialValue: 'connecting' as ConnectionStatus },
  )

  constructor() {
    inject(DestroyRef).onDestroy(() => this.socket.close())
  }

  /** Shows another zip code; returns false (changing nothing) for a value that is not one. */
  watch(zip: string): boolean {
    const value = zip.trim()
    if (!isZip(value)) return false
    this.zipCode.set(value)
    return true
  }
}
