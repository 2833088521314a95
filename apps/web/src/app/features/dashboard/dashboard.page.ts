import { Component, DestroyRef, computed, effect, inject, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { getClusterHealth, getDashboardSummary } from '../../api/generated/sdk.gen';
import type {
  ClusterHealth,
  DaemonSetSummary,
  DashboardSummary,
  DeploymentSummary,
  EventDto,
  HealthIssue,
  NodeSummary,
  PersistentVolumeSummary,
  PodSummary,
  StatefulSetSummary,
} from '../../api/generated/types.gen';
import { kubeAge } from '../../core/age';
import { call, describeError } from '../../core/api';
import { Clock } from '../../core/clock';
import type { KindName } from '../../core/kinds';
import { type LiveList, liveList } from '../../core/live-list';
import { LiveStream } from '../../core/live-stream';
import { SettingsStore } from '../../core/settings-store';
import { ViewState } from '../../core/view-state';
import { ProblemsPanel } from '../ai/problems-panel';
import { DashChart } from './dash-chart';
import {
  type BrokenGroup,
  brokenGroups,
  bucketEvents,
  buildTiles,
  criticalGroups,
  eventTime,
  eventsChart,
  healthTone,
  involvedLink,
  isFailingPod,
  podBreakdown,
  podStatesChart,
  recentWarnings,
  workloadChart,
} from './dashboard.logic';
import { throttle } from './throttle';

/** The summary is re-read after stream changes at most this often. */
const REFRESH_MS = 2_500;
/** While the summary cannot be read, it is tried again this often (besides when the stream comes back). */
const RETRY_MS = 15_000;

type Problem = ReturnType<typeof describeError>;

/**
 * The cluster at a glance: health score and what costs it points, counts per kind, what is broken
 * now (the problem types the user's settings switch on), charts, and recent warnings. Everything
 * stays current from the tab's live stream: the lists are live, and the summary and score are re-read
 * (throttled) when pods, nodes or workloads change. Without live updates, the top bar's Refresh
 * relists the lists and re-reads the summary, in place.
 */
@Component({
  selector: 'orx-dashboard',
  imports: [RouterLink, DashChart, ProblemsPanel],
  templateUrl: './dashboard.page.html',
  styleUrl: './dashboard.page.scss',
})
export class DashboardPage {
  protected readonly view = inject(ViewState);
  protected readonly stream = inject(LiveStream);
  private readonly clock = inject(Clock);
  private readonly settings = inject(SettingsStore);

  protected readonly pods = liveList<PodSummary & { namespace: string | null }>('pods');
  protected readonly nodes = liveList<NodeSummary>('nodes');
  protected readonly deployments = liveList<DeploymentSummary>('deployments');
  protected readonly statefulsets = liveList<StatefulSetSummary>('statefulsets');
  protected readonly daemonsets = liveList<DaemonSetSummary>('daemonsets');
  protected readonly events = liveList<EventDto>('events');
  protected readonly pvs = liveList<PersistentVolumeSummary>('pvs');
  private readonly lists: LiveList<never>[] = [this.pods, this.nodes, this.deployments, this.statefulsets, this.daemonsets, this.events, this.pvs] as unknown as LiveList<never>[];

  protected readonly summary = signal<DashboardSummary | null>(null);
  private readonly healthValue = signal<ClusterHealth | null>(null);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly updatedAt = signal<number | null>(null);
  private generation = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  protected readonly health = computed(() => this.healthValue() ?? this.summary()?.health ?? null);
  protected readonly healthTone = computed(() => {
    const h = this.health();
    return h ? healthTone(h.status) : 'muted';
  });

  protected readonly tiles = computed(() => {
    const s = this.summary();
    if (!s) return [];
    const pods = this.pods.state() === 'ready' ? podBreakdown(this.pods.items()) : {};
    return buildTiles(s, pods);
  });

  protected readonly broken = computed<BrokenGroup[]>(() =>
    criticalGroups(
      brokenGroups({
        pods: this.pods.items(),
        nodes: this.nodes.items(),
        deployments: this.deployments.items(),
        statefulsets: this.statefulsets.items(),
        daemonsets: this.daemonsets.items(),
        pvs: this.pvs.items(),
      }),
      this.settings.settings()?.criticalIssues,
    ),
  );
  protected readonly brokenTotal = computed(() => this.broken().reduce((n, g) => n + g.total, 0));
  private readonly groupLists: Record<BrokenGroup['type'], LiveList<never>[]> = {
    failedPods: [this.pods],
    pendingPods: [this.pods],
    notReadyNodes: [this.nodes],
    degradedDeployments: [this.deployments, this.statefulsets, this.daemonsets],
    unboundVolumes: [this.pvs],
  } as unknown as Record<BrokenGroup['type'], LiveList<never>[]>;

  protected readonly warnings = computed(() => recentWarnings(this.events.items(), this.clock.now()));

  protected readonly podChart = computed(() => (this.pods.state() === 'ready' ? podStatesChart(this.pods.items()) : null));
  protected readonly workloadChart = computed(() => {
    const s = this.summary();
    return s ? workloadChart(s) : null;
  });
  protected readonly eventChart = computed(() =>
    this.events.state() === 'ready' ? eventsChart(bucketEvents(this.events.items(), this.clock.now())) : null,
  );

  private readonly refresh = throttle(() => void this.load(), REFRESH_MS);

  constructor() {
    const destroyRef = inject(DestroyRef);
    // Another context or namespace: start over at once.
    effect(() => {
      this.view.scope();
      untracked(() => {
        this.summary.set(null);
        this.healthValue.set(null);
        this.problem.set(null);
        this.refresh.now();
      });
    });
    // Pods, nodes or workloads changed: the counts and the score may have too.
    let seen = -1;
    effect(() => {
      const v = this.pods.version() + this.nodes.version() + this.deployments.version() + this.statefulsets.version() + this.daemonsets.version();
      if (seen >= 0 && v !== seen) untracked(() => this.refresh.trigger());
      seen = v;
    });
    // The stream is back after an outage: whatever failed is read again.
    let wasLive = this.stream.live();
    effect(() => {
      const live = this.stream.live();
      if (live && !wasLive) untracked(() => this.recover());
      wasLive = live;
    });
    // Without live updates: the top bar's Refresh relists the lists (in place) and this re-reads the rest.
    this.stream.refreshesInPlace(destroyRef);
    const refreshes = this.stream.refreshes.subscribe(() => this.refresh.now());
    destroyRef.onDestroy(() => {
      refreshes.unsubscribe();
      this.generation++;
      this.refresh.cancel();
      if (this.retryTimer) clearTimeout(this.retryTimer);
    });
  }

  private async load(): Promise<void> {
    const mine = ++this.generation;
    const query = this.view.scope();
    const [summary, health] = await Promise.allSettled([call(getDashboardSummary({ query })), call(getClusterHealth({ query }))]);
    if (mine !== this.generation) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (summary.status === 'fulfilled') {
      this.summary.set(summary.value);
      this.healthValue.set(health.status === 'fulfilled' ? health.value : null);
      this.problem.set(null);
      this.updatedAt.set(Date.now());
    } else {
      this.problem.set(describeError(summary.reason));
      this.retryTimer = setTimeout(() => this.refresh.now(), RETRY_MS);
    }
  }

  private recover(): void {
    for (const list of this.lists) if (list.state() === 'error') list.reload();
    if (this.problem()) this.refresh.now();
  }

  protected retry(): void {
    if (this.stream.state() === 'offline') this.stream.reconnect();
    this.recover();
    this.refresh.now();
  }

  // ---- template helpers

  protected listParams(status: string | null): Record<string, string> {
    return status ? { ...this.view.linkParams(), status } : this.view.linkParams();
  }

  protected issueLink(issue: HealthIssue): { kind: KindName; status: string | null } {
    if (issue.kind === 'pods') {
      const words = new Set(this.pods.items().filter(isFailingPod).map((p) => p.status));
      return { kind: 'pods', status: words.size === 1 ? ([...words][0] ?? null) : null };
    }
    if (issue.kind === 'deployments') return { kind: 'deployments', status: 'Degraded' };
    if (issue.kind === 'nodes') return { kind: 'nodes', status: 'NotReady' };
    return { kind: issue.kind, status: null };
  }

  protected groupProblem(group: BrokenGroup): Problem | null {
    for (const list of this.groupLists[group.type]) {
      const e = list.error();
      if (e) return e;
    }
    return null;
  }

  protected groupLoading(group: BrokenGroup): boolean {
    return this.groupLists[group.type].some((l) => l.state() === 'loading');
  }

  protected age(e: EventDto): string {
    const t = eventTime(e);
    return kubeAge(Number.isNaN(t) ? null : new Date(t).toISOString(), this.clock.now());
  }

  protected eventLink = involvedLink;

  protected updatedLabel = computed(() => {
    const t = this.updatedAt();
    if (!t) return '';
    return `Updated ${kubeAge(new Date(t).toISOString(), this.clock.now())} ago`;
  });

  protected kindLabel(kind: KindName): string {
    return kind === 'deployments' ? 'Deployment' : kind === 'statefulsets' ? 'StatefulSet' : kind === 'daemonsets' ? 'DaemonSet' : kind;
  }

  protected statusWord(status: 'healthy' | 'warning' | 'critical'): string {
    return status === 'healthy' ? 'Healthy' : status === 'warning' ? 'Warning' : 'Critical';
  }
}
