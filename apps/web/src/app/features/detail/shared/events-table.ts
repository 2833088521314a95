import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal, untracked } from '@angular/core';
import type { EventDto } from '../../../api/generated/types.gen';
import { kubeAge } from '../../../core/age';
import { call, describeError } from '../../../core/api';
import { Clock } from '../../../core/clock';
import type { KindName } from '../../../core/kinds';
import { LiveStream } from '../../../core/live-stream';
import { ViewState } from '../../../core/view-state';
import { DETAIL_API } from '../detail-api';
import { newestFirst, throttle } from '../detail-logic';
import { objectScope } from './scope';

/** The events about one object, newest first, refreshed when the stream reports a new one for it. */
@Component({
  selector: 'orx-events-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (error(); as e) {
      <div class="state-box" [class]="e.kind" role="alert"><h2>{{ e.title }}</h2><p>{{ e.message }}</p></div>
    } @else if (events() === null) {
      <p class="empty" aria-live="polite">Loading events…</p>
    } @else if (sorted().length === 0) {
      <p class="empty" data-testid="events-table">No events for this object. Kubernetes keeps events for about an hour.</p>
    } @else {
      <div class="table-wrap">
        <table class="t" data-testid="events-table">
          <caption class="visually-hidden">Events, newest first</caption>
          <thead>
            <tr><th scope="col">Type</th><th scope="col">Reason</th><th scope="col">Message</th><th scope="col" class="num">Count</th><th scope="col">Last seen</th></tr>
          </thead>
          <tbody>
            @for (e of sorted(); track e.uid || e.name) {
              <tr data-testid="event-row">
                <td><span class="badge" [class.warn]="e.type === 'Warning'" [class.info]="e.type !== 'Warning'">{{ e.type }}</span></td>
                <td>{{ e.reason }}</td>
                <td class="msg">{{ e.message }}</td>
                <td class="num">{{ e.count }}</td>
                <td [title]="e.lastTimestamp ?? ''">{{ age(e.lastTimestamp ?? e.firstTimestamp ?? e.createdAt) }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    }
  `,
  styleUrl: './detail-shared.scss',
})
export class EventsTable {
  private readonly view = inject(ViewState);
  private readonly clock = inject(Clock);
  readonly kind = input.required<KindName>();
  readonly name = input.required<string>();
  readonly namespace = input<string | null>(null);

  protected readonly events = signal<EventDto[] | null>(null);
  protected readonly error = signal<ReturnType<typeof describeError> | null>(null);
  protected readonly sorted = computed(() => newestFirst(this.events() ?? []));
  private generation = 0;
  private readonly refresh = throttle(() => this.load(), 1000);

  constructor() {
    effect(() => {
      this.kind();
      this.name();
      this.namespace();
      this.view.context();
      untracked(() => this.load());
    });
    const sub = inject(LiveStream)
      .changes<EventDto>('events')
      .subscribe((c) => {
        const o = c.object.involvedObject;
        if (o?.name === this.name() && (o.namespace ?? null) === (this.namespace() ?? null)) this.refresh();
      });
    inject(DestroyRef).onDestroy(() => {
      sub.unsubscribe();
      this.refresh.cancel();
    });
  }

  protected age(iso: string | null): string {
    return iso ? kubeAge(iso, this.clock.now()) + ' ago' : '';
  }

  private load(): void {
    const list = DETAIL_API[this.kind()].events;
    if (!list) return;
    const mine = ++this.generation;
    call(list(this.name(), objectScope(this.view.context(), this.namespace())))
      .then((page) => {
        if (mine !== this.generation) return;
        this.error.set(null);
        this.events.set(page.items);
      })
      .catch((e: unknown) => {
        if (mine === this.generation) this.error.set(describeError(e));
      });
  }
}
