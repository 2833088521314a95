import { Component, DestroyRef, type ElementRef, afterNextRender, effect, inject, input, viewChild } from '@angular/core';
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import type { StatusTone } from '../../core/kinds';
import { type ChartData, sliceTone } from './dashboard.logic';

// Only what the three dashboard charts draw, so the rest of chart.js stays out of the bundle.
Chart.register(DoughnutController, ArcElement, BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

interface Palette {
  text: string;
  text2: string;
  border: string;
  surface: string;
  tone: (t: StatusTone) => string;
}

/** The theme's colours as the page currently resolves them (light, dark or the system's). */
function readPalette(): Palette {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
  const tones: Record<StatusTone, string> = {
    ok: v('--ok-fg', '#1a7f37'),
    warn: v('--warn-fg', '#9a6700'),
    error: v('--error-fg', '#cf222e'),
    info: v('--info-fg', '#0550ae'),
    muted: v('--muted-fg', '#6e7781'),
  };
  return { text: v('--text', '#1f2328'), text2: v('--text-2', '#57606a'), border: v('--border', '#d0d7de'), surface: v('--surface', '#fff'), tone: (t) => tones[t] };
}

/**
 * A doughnut or (stacked) bar chart of dashboard numbers. The canvas carries an aria-label with every
 * number and a visually hidden table repeats them; colours come from the theme's CSS variables and
 * are re-read whenever the theme changes.
 */
@Component({
  selector: 'orx-dash-chart',
  template: `
    <div class="frame"><canvas #canvas role="img" [attr.aria-label]="data().summary"></canvas></div>
    <table class="visually-hidden">
      <caption>{{ caption() }}</caption>
      <thead>
        <tr>
          <th scope="col">{{ type() === 'doughnut' ? 'State' : 'Group' }}</th>
          @for (s of data().series; track s.label) {
            <th scope="col">{{ s.label }}</th>
          }
        </tr>
      </thead>
      <tbody>
        @for (label of data().labels; track label; let i = $index) {
          <tr>
            <th scope="row">{{ label }}</th>
            @for (s of data().series; track s.label) {
              <td>{{ s.data[i] ?? 0 }}</td>
            }
          </tr>
        }
      </tbody>
    </table>
  `,
  styles: `
    :host { display: block; position: relative; }
    .frame { position: relative; height: 220px; }
  `,
})
export class DashChart {
  readonly type = input.required<'doughnut' | 'bar'>();
  readonly data = input.required<ChartData>();
  readonly caption = input('');
  readonly stacked = input(false);

  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private chart: Chart | null = null;
  private chartType: string | null = null;
  private ready = false;

  constructor() {
    const destroyRef = inject(DestroyRef);
    afterNextRender(() => {
      this.ready = true;
      this.draw();
      const observer = new MutationObserver(() => this.draw(true));
      observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
      const media = matchMedia('(prefers-color-scheme: dark)');
      const onScheme = (): void => this.draw(true);
      media.addEventListener('change', onScheme);
      destroyRef.onDestroy(() => {
        observer.disconnect();
        media.removeEventListener('change', onScheme);
      });
    });
    effect(() => {
      this.data();
      this.type();
      if (this.ready) this.draw();
    });
    destroyRef.onDestroy(() => {
      this.chart?.destroy();
      this.chart = null;
    });
  }

  private config(p: Palette): ChartConfiguration {
    const d = this.data();
    const doughnut = this.type() === 'doughnut';
    const datasets = doughnut
      ? d.series.map((s) => ({
          label: s.label,
          data: s.data,
          backgroundColor: d.labels.map((l) => p.tone(sliceTone(l))),
          borderColor: p.surface,
          borderWidth: 2,
        }))
      : d.series.map((s) => ({ label: s.label, data: s.data, backgroundColor: p.tone(s.tone), borderWidth: 0, maxBarThickness: 48 }));
    const axis = { ticks: { color: p.text2, precision: 0 }, grid: { color: p.border }, border: { color: p.border }, stacked: this.stacked() };
    return {
      type: this.type(),
      data: { labels: d.labels, datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        color: p.text,
        plugins: {
          legend: { position: doughnut ? 'right' : 'bottom', labels: { color: p.text, boxWidth: 12 } },
          tooltip: { enabled: true },
        },
        ...(doughnut ? { cutout: '60%' } : { scales: { x: { ...axis, grid: { display: false } }, y: { ...axis, beginAtZero: true } } }),
      } as ChartConfiguration['options'],
    };
  }

  /** Updates the chart in place, or rebuilds it when the theme changed (colours live in many options). */
  private draw(rebuild = false): void {
    const p = readPalette();
    const config = this.config(p);
    if (this.chart && !rebuild && this.chartType === config.type) {
      this.chart.data = config.data;
      this.chart.update('none');
      return;
    }
    this.chart?.destroy();
    this.chart = new Chart(this.canvas().nativeElement, config);
    this.chartType = config.type;
  }
}
