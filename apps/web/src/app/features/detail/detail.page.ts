import { Dialog } from '@angular/cdk/dialog';
import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, computed, effect, inject, signal, untracked, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink } from '@angular/router';
import type { PodDetail, RestartResponse } from '../../api/generated/types.gen';
import { kubeAge } from '../../core/age';
import { ApiError, call, describeError } from '../../core/api';
import { Clock } from '../../core/clock';
import { type KindName, kindDef, statusTone } from '../../core/kinds';
import { LiveStream } from '../../core/live-stream';
import { ViewState } from '../../core/view-state';
import { isAiKind } from '../ai/ai-logic';
import { TroubleshootPanel } from '../ai/troubleshoot-panel';
import { LogsViewer } from '../logs/logs-viewer';
import { type AnyDetail, DETAIL_API, LOGS_KINDS } from './detail-api';
import { headerStatus, objectRoute, throttle } from './detail-logic';
import { DetailOverview } from './detail-overview';
import { GitEditPanel } from './git-edit/git-edit-panel';
import { PrBadges } from './git-edit/pr-badges';
import { type RestartDialogData, RestartDialog } from './shared/restart-dialog';
import { objectScope } from './shared/scope';
import { EventsTable } from './shared/events-table';
import { YamlView } from './shared/yaml-view';

type Failure = ReturnType<typeof describeError>;
type TabId = 'overview' | 'yaml' | 'events' | 'logs';
interface Tab {
  id: TabId;
  label: string;
}
const AUTO_RETRY_MS = 10_000;

/**
 * The page of one object of any kind: header, tabs kept in `?tab=`, the kind's overview, its YAML, its
 * events and (pods, deployments) its logs. Refreshed from the live stream; says so when it is deleted.
 */
@Component({
  selector: 'orx-detail-page',
  imports: [RouterLink, DetailOverview, EventsTable, YamlView, LogsViewer, GitEditPanel, PrBadges, TroubleshootPanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './detail.page.html',
  styleUrl: './detail.page.scss',
})
export class DetailPage {
  private readonly route = inject(ActivatedRoute);
  protected readonly view = inject(ViewState);
  private readonly clock = inject(Clock);
  private readonly dialog = inject(Dialog);

  protected readonly kind = this.route.snapshot.data['kind'] as KindName;
  protected readonly def = kindDef(this.kind) ?? { title: this.kind, singular: this.kind, restartable: false };
  private readonly api = DETAIL_API[this.kind];
  /** The kind the troubleshooting panel is for, or null for kinds the analyzers do not look at. */
  protected readonly aiKind = isAiKind(this.kind) ? this.kind : null;
  /** Moves with the page's Refresh, which also reads the findings again. */
  protected readonly refreshes = signal(0);
  private readonly params = toSignal(this.route.paramMap, { initialValue: this.route.snapshot.paramMap });
  protected readonly name = computed(() => this.params().get('name') ?? '');
  protected readonly namespace = computed(() => this.params().get('namespace'));

  protected readonly obj = signal<AnyDetail | null>(null);
  protected readonly error = signal<Failure | null>(null);
  protected readonly deleted = signal(false);
  /** Moves on every fetch, so the YAML tab follows the object. */
  protected readonly version = signal(0);
  protected readonly restarting = signal(false);
  protected readonly restartResult = signal<{ ok: boolean; message: string; conflict: boolean } | null>(null);
  /** The "Edit YAML in Git" panel is open. */
  protected readonly gitOpen = signal(false);
  private readonly gitButton = viewChild<ElementRef<HTMLButtonElement>>('gitButton');

  protected readonly tabs = computed<Tab[]>(() => [
    { id: 'overview', label: 'Overview' },
    { id: 'yaml', label: 'YAML' },
    ...(this.api.events ? [{ id: 'events' as const, label: 'Events' }] : []),
    ...(LOGS_KINDS.has(this.kind) ? [{ id: 'logs' as const, label: 'Logs' }] : []),
  ]);
  protected readonly tab = computed<TabId>(() => {
    const t = this.view.param('tab');
    return this.tabs().some((x) => x.id === t) ? (t as TabId) : 'overview';
  });
  protected readonly status = computed(() => {
    if (this.deleted()) return 'Deleted';
    const o = this.obj();
    return o ? headerStatus(this.kind, o) : null;
  });
  protected readonly age = computed(() => kubeAge(this.obj()?.createdAt ?? null, this.clock.now()));
  protected readonly canRestart = computed(() => !!this.api.restart && !!this.obj() && !this.deleted());
  protected readonly logContainers = computed(() => {
    const o = this.obj();
    if (!o) return [];
    if (this.kind === 'pods') return ((o as unknown as PodDetail).containers ?? []).map((c) => c.name);
    return Array.isArray(o['containers']) ? (o['containers'] as string[]) : [];
  });
  /** Where a deleted pod's replacement shows up: its controller's page. */
  protected readonly ownerLink = computed(() => {
    const owner = this.kind === 'pods' ? (this.obj() as unknown as PodDetail | null)?.controlledBy : null;
    return owner ? { kind: owner.kind, name: owner.name, route: objectRoute(owner.kind, owner.name, this.namespace()) } : null;
  });
  protected readonly notFoundText = computed(() => {
    const ns = this.namespace();
    return `No ${this.def.singular.toLowerCase()} ${this.name()}${ns ? ` in namespace ${ns}` : ''}.`;
  });

  private generation = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly refresh = throttle(() => this.load(), 1000);

  constructor() {
    effect(() => {
      this.name();
      this.namespace();
      this.view.context();
      untracked(() => {
        this.obj.set(null);
        this.deleted.set(false);
        this.restartResult.set(null);
        this.load();
      });
    });
    const sub = inject(LiveStream)
      .changes(this.kind)
      .subscribe((c) => {
        if (c.object.name !== this.name() || (c.object.namespace ?? null) !== (this.namespace() ?? null)) return;
        if (c.type === 'DELETED') {
          this.refresh.cancel();
          this.deleted.set(true);
          return;
        }
        this.deleted.set(false);
        this.refresh();
      });
    inject(DestroyRef).onDestroy(() => {
      sub.unsubscribe();
      this.refresh.cancel();
      if (this.retryTimer) clearTimeout(this.retryTimer);
    });
  }

  protected load(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const mine = ++this.generation;
    call(this.api.get(this.name(), this.scope()))
      .then((o) => {
        if (mine !== this.generation) return;
        this.error.set(null);
        this.obj.set(o as AnyDetail);
        this.version.update((v) => v + 1);
      })
      .catch((e: unknown) => {
        if (mine !== this.generation) return;
        const failure = describeError(e);
        if (failure.kind === 'not-found' && this.obj()) {
          // It was there a moment ago: the stream's DELETED may simply not have arrived yet.
          this.deleted.set(true);
          return;
        }
        this.error.set(failure);
        if (failure.kind === 'unreachable') this.retryTimer = setTimeout(() => this.load(), AUTO_RETRY_MS);
      });
  }

  /** The header's Refresh: the object, and the troubleshooting findings. */
  protected refreshAll(): void {
    this.load();
    this.refreshes.update((n) => n + 1);
  }

  protected closeGit(): void {
    this.gitOpen.set(false);
    this.gitButton()?.nativeElement.focus();
  }

  protected scope() {
    return objectScope(this.view.context(), this.namespace());
  }

  protected selectTab(id: TabId): void {
    this.view.set({ tab: id === 'overview' ? null : id });
  }

  protected onTabKey(event: KeyboardEvent, index: number): void {
    const tabs = this.tabs();
    let next = -1;
    if (event.key === 'ArrowRight') next = (index + 1) % tabs.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + tabs.length) % tabs.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = tabs.length - 1;
    if (next < 0) return;
    event.preventDefault();
    const tab = tabs[next];
    if (!tab) return;
    this.selectTab(tab.id);
    document.getElementById(`detail-tab-${tab.id}`)?.focus();
  }

  protected openRestart(force = false): void {
    const o = this.obj();
    if (!o) return;
    const bare = this.kind === 'pods' && (force || !(o as unknown as PodDetail).controlledBy);
    const ref = this.dialog.open<boolean, RestartDialogData>(RestartDialog, {
      data: { kind: this.def.singular, name: o.name, namespace: o.namespace ?? '', bare },
      ariaLabelledBy: 'restart-dialog-title',
      ariaDescribedBy: 'restart-dialog-desc',
      role: 'alertdialog',
      backdropClass: 'orx-restart-backdrop',
      width: '480px',
      maxWidth: 'calc(100vw - 32px)',
    });
    ref.closed.subscribe((ok) => {
      if (ok) this.restart(bare);
    });
  }

  private restart(force: boolean): void {
    const restart = this.api.restart;
    if (!restart) return;
    this.restarting.set(true);
    this.restartResult.set(null);
    call(restart(this.name(), { ...this.scope(), ...(force ? { force: true } : {}) }))
      .then((r) => this.restartResult.set({ ok: true, message: this.describeRestart(r), conflict: false }))
      .catch((e: unknown) => {
        const conflict = e instanceof ApiError && e.code === 'CONFLICT' && this.kind === 'pods';
        this.restartResult.set({ ok: false, message: e instanceof Error ? e.message : String(e), conflict });
      })
      .finally(() => this.restarting.set(false));
  }

  private describeRestart(r: RestartResponse): string {
    const at = new Date(r.restartedAt).toLocaleString();
    if (r.action === 'rollout') return `Restart requested at ${at}: the controller is replacing the pods; the new ones appear below as they start.`;
    return r.recreatedBy
      ? `Pod deleted at ${at}; ${r.recreatedBy.kind} ${r.recreatedBy.name} creates a replacement.`
      : `Pod deleted at ${at}. No controller owns it, so nothing recreates it.`;
  }

  protected tone = statusTone;
}
