import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core'

const WIDTH = 600
const HEIGHT = 160
const PAD = 24

/**
 * The latest temperatures as a line, in plain SVG: x is the update's place (oldest left, up to
 * `capacity`), y the temperature between the lowest and highest shown; a dashed line marks the
 * running average.
 */
@Component({
  selector: 'app-temperature-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <svg
      data-testid="chart"
      [attr.viewBox]="'0 0 ' + width + ' ' + height"
      role="img"
      [attr.aria-label]="'Last ' + temperatures().length + ' temperatures'"
    >
      <rect
        class="frame"
        [attr.x]="pad"
        y="4"
        [attr.width]="width - pad - 4"
        [attr.height]="height - pad - 4"
      />
      @if (scale(); as s) {
        <text class="label" x="2" [attr.y]="s.y(s.max) + 4">{{ s.max }}</text>
        <text class="label" x="2" [attr.y]="s.y(s.min) + 4">{{ s.min }}</text>
        @if (hasAverage()) {
          <line
            class="average"
            [attr.x1]="pad"
            [attr.x2]="width - 4"
            [attr.y1]="s.y(average())"
            [attr.y2]="s.y(average())"
          />
        }
        <polyline class="line" [attr.points]="s.points" />
      } @else {
        <text class="label" [attr.x]="width / 2" [attr.y]="height / 2" text-anchor="middle">
          waiting for updates…
        </text>
      }
    </svg>
  `,
  styles: `
    svg {
      width: 100%;
      max-width: 600px;
      display: block;
    }
    .frame {
      fill: #f8fafc;
      stroke: #cbd5e1;
    }
    .line {
      fill: none;
      stroke: #2563eb;
      stroke-width: 2;
      stroke-linejoin: round;
    }
    .average {
      stroke: #dc2626;
      stroke-dasharray: 6 4;
    }
    .label {
      font:
        11px system-ui,
        sans-serif;
      fill: #475569;
    }
  `,
})
export class TemperatureChart {
  /** Temperatures, oldest first. */
  readonly temperatures = input.required<readonly number[]>()
  /** The running average (NaN: none yet). */
  readonly average = input<number>(NaN)
  /** How many points the x axis holds. */
  readonly capacity = input(60)

  protected readonly width = WIDTH
  protected readonly height = HEIGHT
  protected readonly pad = PAD

  protected readonly hasAverage = computed(() => !Number.isNaN(this.average()))

  protected readonly scale = computed(() => {
    const values = this.temperatures()
    if (values.length === 0) return undefined
    const min = Math.min(...values)
    const max = Math.max(...values)
    const span = max - min || 1
    const top = 12
    const bottom = HEIGHT - PAD - 8
    const y = (t: number): number => bottom - ((t - min) / span) * (bottom - top)
    const step = (WIDTH - PAD - 12) / Math.max(1, this.capacity() - 1)
    const points = values.map((t, i) => `${(PAD + 4 + i * step).toFixed(1)},${y(t).toFixed(1)}`)
    return { min, max, y, points: points.join(' ') }
  })
}
