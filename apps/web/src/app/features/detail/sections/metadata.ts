import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { OwnerReferenceDto } from '../../../api/generated/types.gen';
import { ViewState } from '../../../core/view-state';
import { objectRoute } from '../detail-logic';
import { Labels } from '../shared/refs';

interface Meta {
  namespace: string | null;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReferenceDto[];
  finalizers?: string[];
  resourceVersion?: string | null;
  generation?: number | null;
  createdAt: string | null;
  deletedAt?: string | null;
}

/** What every object has: labels, annotations, owners, finalizers and identifiers. */
@Component({
  selector: 'orx-metadata',
  imports: [RouterLink, Labels],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section aria-labelledby="meta-h">
      <h2 id="meta-h">Metadata</h2>
      <dl class="kv">
        <dt>Labels</dt>
        <dd><orx-labels [labels]="obj().labels" /></dd>
        @if (owners().length) {
          <dt>Owners</dt>
          <dd class="chips">
            @for (o of owners(); track o.uid) {
              @if (o.route) {
                <a class="chip" [routerLink]="o.route" [queryParams]="view.linkParams()">{{ o.kind }}/{{ o.name }}</a>
              } @else {
                <span class="chip">{{ o.kind }}/{{ o.name }}</span>
              }
            }
          </dd>
        }
        @if (obj().finalizers?.length) {
          <dt>Finalizers</dt>
          <dd class="chips">@for (f of obj().finalizers; track f) { <span class="chip">{{ f }}</span> }</dd>
        }
        <dt>Created</dt>
        <dd>{{ obj().createdAt ?? 'unknown' }}</dd>
        @if (obj().deletedAt) {
          <dt>Deletion requested</dt>
          <dd>{{ obj().deletedAt }}</dd>
        }
        <dt>UID</dt>
        <dd class="mono">{{ obj().uid }}</dd>
        @if (obj().resourceVersion) {
          <dt>Resource version</dt>
          <dd class="mono">{{ obj().resourceVersion }}{{ obj().generation !== null && obj().generation !== undefined ? ' · generation ' + obj().generation : '' }}</dd>
        }
      </dl>
      @if (annotations().length) {
        <details>
          <summary>Annotations ({{ annotations().length }})</summary>
          <dl class="kv">
            @for (a of annotations(); track a[0]) {
              <dt class="mono">{{ a[0] }}</dt>
              <dd class="mono">{{ a[1] }}</dd>
            }
          </dl>
        </details>
      }
    </section>
  `,
  styleUrl: '../shared/detail-shared.scss',
})
export class Metadata {
  protected readonly view = inject(ViewState);
  readonly obj = input.required<Meta>();
  protected readonly owners = computed(() =>
    (this.obj().ownerReferences ?? []).map((o) => ({ ...o, route: objectRoute(o.kind, o.name, this.obj().namespace) })),
  );
  protected readonly annotations = computed(() => Object.entries(this.obj().annotations ?? {}).sort(([a], [b]) => a.localeCompare(b)));
}
