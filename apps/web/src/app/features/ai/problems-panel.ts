import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { getFindings } from '../../api/generated/sdk.gen';
import type { FindingDto, FindingsResponseDto } from '../../api/generated/types.gen';
import { call, describeError } from '../../core/api';
import { LiveStream } from '../../core/live-stream';
import { ViewState } from '../../core/view-state';
import { findingRoute, severityCounts, severityLabel, severityTone } from './ai-logic';

/** Findings shown before "Show all". */
const SHOWN = 8;

/**
 * The dashboard's "Problems found": the analyzers' findings for the selected context and namespace,
 * most severe first, each linking to its object's page and with an Explain link that opens that page
 * with the troubleshooting panel asking (`?ai=explain`). Read when the dashboard opens, when the scope
 * changes and on Refresh (the top bar's or its own) — not on every change the live stream brings, as
 * each read lists ten kinds.
 */
@Component({
  selector: 'orx-problems-panel',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="head">
      <h2 id="h-problems">Problems found</h2>
      @for (c of counts(); track c.severity) {
        <span class="badge" [class]="tone(c.severity)">{{ c.count }} {{ label(c.severity).toLowerCase() }}</span>
      }
      <span class="spacer"></span>
      <button type="button" class="button" data-testid="problems-refresh" [attr.aria-busy]="loading() || null" (click)="load()">Refresh</button>
    </div>
    @if (error(); as e) {
      <p class="muted" data-testid="problems-error" [attr.data-error-kind]="e.kind">{{ e.kind === 'forbidden' ? 'Not permitted: ' : '' }}{{ e.message }}</p>
    } @else if (result(); as r) {
      @if (r.findings.length === 0) {
        <p class="muted" data-testid="problems-none">The analyzers found no problem {{ r.namespace ? 'in namespace ' + r.namespace : 'in the cluster' }}.</p>
      } @else {
        <ul class="problems">
          @for (f of shown(); track f.id) {
            @let route = routeOf(f);
            <li data-testid="problem" [attr.data-analyzer]="f.analyzer" [attr.data-object]="objectKey(f)">
              <span class="badge" [class]="tone(f.severity)">{{ label(f.severity) }}</span>
              <span class="what">
                <span class="title">{{ f.title }}</span>
                <span class="muted object">{{ f.object.kind }}
                  @if (route) {
                    <a [routerLink]="route" [queryParams]="view.linkParams()" data-testid="problem-link">{{ f.object.namespace ? f.object.namespace + '/' : '' }}{{ f.object.name }}</a>
                  } @else {
                    {{ f.object.namespace ? f.object.namespace + '/' : '' }}{{ f.object.name }}
                  }
                </span>
                <span class="summary muted" [title]="f.summary">{{ f.summary }}</span>
              </span>
              @if (route) {
                <a class="button explain" data-testid="problem-explain" [routerLink]="route" [queryParams]="explainParams()"
                   [attr.aria-label]="'Explain ' + f.title + ' (' + f.object.kind + ' ' + f.object.name + ') with AI'">Explain</a>
              }
            </li>
          }
        </ul>
        @if (r.findings.length > shownCount()) {
          <button type="button" class="button more" data-testid="problems-more" (click)="expanded.set(true)">Show all {{ r.findings.length }}</button>
        }
      }
      @if (r.notLoaded.length > 0) {
        <p class="muted small" data-testid="problems-not-loaded">Not checked, for lack of permission: {{ notLoaded() }}.</p>
      }
    } @else {
      <p class="muted">Looking for problems…</p>
    }
  `,
  styles: `
    :host { display: block; margin: 16px 0; }
    .head { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-bottom: 6px; h2 { font-size: 16px; margin: 0; } }
    .spacer { flex: 1; }
    .small { font-size: 12.5px; }
    .problems { list-style: none; margin: 0; padding: 0; border: 1px solid var(--border); border-radius: 8px; background: var(--surface); }
    li { display: flex; gap: 10px; align-items: flex-start; padding: 8px 12px; border-top: 1px solid var(--border); }
    li:first-child { border-top: 0; }
    .what { flex: 1; display: flex; flex-direction: column; min-width: 0; }
    .title { font-weight: 600; }
    .summary { font-size: 12.5px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .explain { text-decoration: none; color: var(--text); flex: none; }
    .more { margin-top: 6px; }
  `,
  host: { role: 'region', 'aria-labelledby': 'h-problems', 'data-testid': 'problems-panel' },
})
export class ProblemsPanel {
  protected readonly view = inject(ViewState);
  protected readonly result = signal<FindingsResponseDto | null>(null);
  protected readonly error = signal<ReturnType<typeof describeError> | null>(null);
  protected readonly loading = signal(false);
  protected readonly expanded = signal(false);
  protected readonly counts = computed(() => severityCounts(this.result()?.findings ?? []));
  protected readonly shownCount = computed(() => (this.expanded() ? Infinity : SHOWN));
  protected readonly shown = computed(() => (this.result()?.findings ?? []).slice(0, this.shownCount()));
  protected readonly explainParams = computed(() => ({ ...this.view.linkParams(), ai: 'explain' }));
  protected readonly notLoaded = computed(() => (this.result()?.notLoaded ?? []).map((n) => n.kind).join(', '));

  protected readonly tone = severityTone;
  protected readonly label = severityLabel;
  protected readonly routeOf = findingRoute;
  private generation = 0;

  constructor() {
    effect(() => {
      this.view.scope();
      untracked(() => {
        this.result.set(null);
        this.error.set(null);
        this.expanded.set(false);
        void this.load();
      });
    });
    const refreshes = inject(LiveStream).refreshes.subscribe(() => void this.load());
    inject(DestroyRef).onDestroy(() => {
      refreshes.unsubscribe();
      this.generation++;
    });
  }

  protected async load(): Promise<void> {
    const mine = ++this.generation;
    this.loading.set(true);
    try {
      const result = await call(getFindings({ query: this.view.scope() }));
      if (mine !== this.generation) return;
      this.result.set(result);
      this.error.set(null);
    } catch (e) {
      if (mine === this.generation) this.error.set(describeError(e));
    } finally {
      if (mine === this.generation) this.loading.set(false);
    }
  }

  protected objectKey(f: FindingDto): string {
    return `${f.object.kind}/${f.object.namespace ?? ''}/${f.object.name}`;
  }
}
