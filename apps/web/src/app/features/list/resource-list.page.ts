import { ScrollingModule } from '@angular/cdk/scrolling';
import { NgTemplateOutlet, isPlatformServer } from '@angular/common';
import { Component, DestroyRef, PLATFORM_ID, computed, effect, inject, signal } from '@angular/core';
import { ActivatedRoute, Router } from '@angular/router';
import { afterPaint } from '../../core/after-paint';
import { Clock } from '../../core/clock';
import { type Column, type KindName, type Resource, kindDef, statusTone } from '../../core/kinds';
import { appPath, followAppLink, queryString } from '../../core/links';
import { liveList } from '../../core/live-list';
import { LiveStream } from '../../core/live-stream';
import { ViewState } from '../../core/view-state';

/** The route of an object's detail page. */
export function detailLink(kind: string, r: Pick<Resource, 'name' | 'namespace'>): string[] {
  return r.namespace ? ['/', kind, r.namespace, r.name] : ['/', kind, r.name];
}

export const ROW_HEIGHT = 36;
const MIN_BUFFER_PX = 400;
const MAX_BUFFER_PX = 800;
/** Rows a page rendered on the server holds: a tall screen's worth (the virtual scroll has no size there). */
const SERVER_ROWS = 40;

/** One collator for every comparison: far cheaper than `localeCompare` with options per call at 10k rows. */
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * Every kind's list: the columns kubectl shows, sortable; status filter, label selector and name
 * search; virtual scrolling (only the visible rows are in the DOM); live from the tab's stream, or
 * (live updates off) relisted in place by the top bar's Refresh.
 * All of it is in the URL: `?status=…&labels=…&sort=…&dir=…&q=…`.
 */
@Component({
  selector: 'orx-resource-list',
  imports: [ScrollingModule, NgTemplateOutlet],
  templateUrl: './resource-list.page.html',
  styleUrl: './resource-list.page.scss',
  // Its server rendering (plain rows) is not the browser's (the virtual scroll): the browser draws it
  // anew, from the page it was rendered with, instead of adopting the server's elements.
  // `data-rendered="server"` marks the page until the browser has drawn it (its controls work then).
  host: { ngSkipHydration: 'true', '[attr.data-rendered]': "onServer ? 'server' : null" },
})
export class ResourceListPage {
  /** The kind this page lists: the route's `data.kind`. */
  private readonly kindValue = inject(ActivatedRoute).snapshot.data['kind'] as KindName;
  readonly kind = (): KindName => this.kindValue;
  protected readonly view = inject(ViewState);
  private readonly router = inject(Router);
  protected readonly stream = inject(LiveStream);
  protected readonly clock = inject(Clock);
  protected readonly rowHeight = ROW_HEIGHT;
  protected readonly onServer = isPlatformServer(inject(PLATFORM_ID));

  protected readonly def = computed(() => {
    const d = kindDef(this.kind());
    if (!d) throw new Error(`unknown kind ${this.kind()}`);
    return d;
  });
  protected readonly labelSelector = computed(() => this.view.param('labels') ?? '');
  protected readonly list = liveList<Resource>(this.kindValue, { labelSelector: this.labelSelector });
  protected readonly statusFilter = computed(() => this.view.param('status') ?? '');
  protected readonly sortBy = computed(() => this.view.param('sort') ?? this.defaultSort());
  protected readonly sortDesc = computed(() => this.view.param('dir') === 'desc');
  protected readonly labelDraft = signal<string | null>(null);

  /**
   * Rows drawn beyond the viewport's edges (px): none until the first rows are on screen, since every
   * row more in that first render delays them all (the buffer would double the rows created), then a
   * screen's worth each way for smooth scrolling.
   */
  private readonly firstRowsDrawn = signal(false);
  protected readonly minBuffer = computed(() => (this.firstRowsDrawn() ? MIN_BUFFER_PX : 0));
  protected readonly maxBuffer = computed(() => (this.firstRowsDrawn() ? MAX_BUFFER_PX : 0));

  constructor() {
    // Its one list relists on the stream's refresh, keeping the rows and the scroll position.
    this.stream.refreshesInPlace(inject(DestroyRef));
    const whenReady = effect(() => {
      if (this.onServer || this.list.state() !== 'ready') return;
      whenReady.destroy();
      // Once the first rows are drawn (this effect runs before the render that draws them).
      afterPaint(() => this.firstRowsDrawn.set(true));
    });
  }

  protected readonly columns = computed<Column<Resource>[]>(() => {
    const cols = this.def().columns;
    // The namespace column says nothing when one namespace is selected.
    return this.view.namespace() ? cols.filter((c) => c.id !== 'namespace') : cols;
  });
  protected readonly gridTemplate = computed(() => this.columns().map((c) => `minmax(0, ${c.width ?? 1}fr)`).join(' '));

  protected readonly rows = computed(() => {
    const def = this.def();
    const q = this.view.q().toLowerCase();
    const status = this.statusFilter();
    const col = this.columns().find((c) => c.id === this.sortBy()) ?? this.columns()[0];
    let rows = this.list.items();
    if (q) rows = rows.filter((r) => r.name.toLowerCase().includes(q));
    if (status && def.status) rows = rows.filter((r) => def.status?.(r) === status);
    if (!col) return rows;
    const key = col.sort ?? ((r: Resource) => col.value(r, 0));
    const dir = this.sortDesc() ? -1 : 1;
    const keyed = rows.map((r) => ({ r, k: key(r), t: `${r.namespace ?? ''}/${r.name}` }));
    keyed.sort((a, b) => {
      const c = typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : collator.compare(String(a.k), String(b.k));
      return c !== 0 ? c * dir : collator.compare(a.t, b.t);
    });
    return keyed.map((x) => x.r);
  });

  protected readonly serverRows = computed(() => this.rows().slice(0, SERVER_ROWS));

  protected readonly statusCounts = computed(() => {
    const def = this.def();
    const counts = new Map<string, number>();
    if (!def.status) return counts;
    for (const r of this.list.items()) {
      const s = def.status(r);
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    return counts;
  });
  protected readonly statusOptions = computed(() => {
    const known = this.def().statuses ?? [];
    const seen = [...this.statusCounts().keys()];
    return [...new Set([...known, ...seen])].filter((s) => s !== '');
  });

  private defaultSort(): string {
    return this.kind() === 'events' ? 'lastSeen' : 'name';
  }

  protected tone = statusTone;

  /** `?context=…&namespace=…` of every row's link, encoded once per change rather than once per row. */
  private readonly linkQuery = computed(() => queryString(this.view.linkParams()));

  /** A row's detail page as a plain href (see core/links.ts); one handler on the rows follows it. */
  protected href(r: Resource): string {
    return `${appPath(detailLink(this.kind(), r).slice(1))}${this.linkQuery()}`;
  }

  protected openRow(event: MouseEvent): void {
    followAppLink(event, this.router);
  }

  protected sort(col: Column<Resource>): void {
    const same = this.sortBy() === col.id;
    this.view.set({ sort: col.id, dir: same && !this.sortDesc() ? 'desc' : null });
  }

  protected ariaSort(col: Column<Resource>): 'ascending' | 'descending' | 'none' {
    if (this.sortBy() !== col.id) return 'none';
    return this.sortDesc() ? 'descending' : 'ascending';
  }

  protected onStatus(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this.view.set({ status: value || null });
  }

  protected applyLabels(event: Event): void {
    event.preventDefault();
    const value = (this.labelDraft() ?? this.labelSelector()).trim();
    this.view.set({ labels: value || null });
  }

  protected trackRow = (_: number, r: Resource): string => r.uid || `${r.namespace}/${r.name}`;
}
