import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { PodSummary } from '../../../api/generated/types.gen';
import { kubeAge } from '../../../core/age';
import { call, describeError } from '../../../core/api';
import { Clock } from '../../../core/clock';
import { statusTone } from '../../../core/kinds';
import { liveList } from '../../../core/live-list';
import { LiveStream } from '../../../core/live-stream';
import { ViewState } from '../../../core/view-state';
import { throttle } from '../detail-logic';

type Failure = ReturnType<typeof describeError>;

/** A table of pods linking to their pages. */
@Component({
  selector: 'orx-pods-table',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (error(); as e) {
      <div class="state-box" [class]="e.kind" role="alert"><h3>{{ e.title }}</h3><p>{{ e.message }}</p></div>
    } @else if (loading()) {
      <p class="empty">Loading pods…</p>
    } @else if (sorted().length === 0) {
      <p class="empty" data-testid="detail-pods">No pods.</p>
    } @else {
      <div class="table-wrap">
        <table class="t" data-testid="detail-pods">
          <thead>
            <tr>
              <th scope="col">Name</th><th scope="col">Status</th><th scope="col" class="num">Ready</th><th scope="col" class="num">Restarts</th>
              @if (showNode()) { <th scope="col">Node</th> }
              <th scope="col">IP</th><th scope="col" class="num">Age</th>
            </tr>
          </thead>
          <tbody>
            @for (p of sorted(); track p.uid || p.name) {
              <tr data-testid="detail-pod-row">
                <td><a [routerLink]="['/', 'pods', p.namespace, p.name]" [queryParams]="view.linkParams()">{{ p.name }}</a></td>
                <td><span class="badge" [class]="tone(p.status)">{{ p.status }}</span></td>
                <td class="num">{{ p.ready }}</td>
                <td class="num">{{ p.restartsDisplay }}</td>
                @if (showNode()) {
                  <td>@if (p.nodeName) { <a [routerLink]="['/', 'nodes', p.nodeName]" [queryParams]="view.linkParams()">{{ p.nodeName }}</a> }</td>
                }
                <td class="mono">{{ p.ip ?? '' }}</td>
                <td class="num">{{ age(p.createdAt) }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    }
  `,
  styleUrl: './detail-shared.scss',
})
export class PodsTable {
  protected readonly view = inject(ViewState);
  private readonly clock = inject(Clock);
  readonly pods = input.required<readonly PodSummary[]>();
  readonly loading = input(false);
  readonly error = input<Failure | null>(null);
  readonly showNode = input(true);
  protected readonly sorted = computed(() => [...this.pods()].sort((a, b) => a.name.localeCompare(b.name)));
  protected readonly tone = statusTone;
  protected age(iso: string | null): string {
    return kubeAge(iso, this.clock.now());
  }
}

/** The pods matching a label selector in one namespace, live from the stream. */
@Component({
  selector: 'orx-selector-pods',
  imports: [PodsTable],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<orx-pods-table [pods]="list.items()" [loading]="list.state() === 'loading'" [error]="list.error()" />`,
})
export class SelectorPods {
  readonly selector = input.required<string>();
  readonly namespace = input.required<string>();
  protected readonly list = liveList<PodSummary>('pods', { labelSelector: this.selector, namespace: this.namespace });
}

/** Pods from one of the API's per-object pod routes, fetched again (throttled) when any pod changes. */
@Component({
  selector: 'orx-fetched-pods',
  imports: [PodsTable],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<orx-pods-table [pods]="pods()" [loading]="pods().length === 0 && loading()" [error]="error()" [showNode]="showNode()" />`,
})
export class FetchedPods {
  /** The call; its identity changing loads again. */
  readonly load = input.required<() => Promise<{ data?: { items: PodSummary[] }; error?: unknown; response?: Response }>>();
  readonly showNode = input(true);
  protected readonly pods = signal<PodSummary[]>([]);
  protected readonly loading = signal(true);
  protected readonly error = signal<Failure | null>(null);
  private generation = 0;
  private readonly refresh = throttle(() => this.fetch(), 1000);

  constructor() {
    effect(() => {
      this.load();
      untracked(() => this.fetch());
    });
    const sub = inject(LiveStream)
      .changes('pods')
      .subscribe(() => this.refresh());
    inject(DestroyRef).onDestroy(() => {
      sub.unsubscribe();
      this.refresh.cancel();
    });
  }

  private fetch(): void {
    const mine = ++this.generation;
    call(this.load()())
      .then((page) => {
        if (mine !== this.generation) return;
        this.error.set(null);
        this.pods.set(page.items);
        this.loading.set(false);
      })
      .catch((e: unknown) => {
        if (mine !== this.generation) return;
        this.error.set(describeError(e));
        this.loading.set(false);
      });
  }
}
