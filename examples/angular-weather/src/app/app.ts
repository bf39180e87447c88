import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core'
import { DecimalPipe } from '@angular/common'
import { TemperatureChart } from './temperature-chart'
import { RECENT } from './weather'
import { WeatherService } from './weather.service'

@Component({
  selector: 'app-root',
  imports: [DecimalPipe, TemperatureChart],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './app.html',
  styleUrl: './app.css',
})
export class App {
  protected readonly weather = inject(WeatherService)
  protected readonly capacity = RECENT
  protected readonly stats = this.weather.stats
  protected readonly temperatures = computed(() => this.stats().recent.map((u) => u.temperature))
  /** The ten latest updates, newest first. */
  protected readonly latestLines = computed(() =>
    this.stats()
      .recent.slice(-10)
      .reverse()
      .map((u) => `${u.zip} ${u.temperature} ${u.humidity}`),
  )
  protected readonly invalid = signal(false)

  protected watch(event: Event, zip: string): void {
    event.preventDefault()
    this.invalid.set(!this.weather.watch(zip))
  }
}
