import type {
  CriticalIssueType,
  DashboardSummary,
  DaemonSetSummary,
  DeploymentSummary,
  EventDto,
  NodeSummary,
  PersistentVolumeSummary,
  PodSummary,
  StatefulSetSummary,
} from '../../api/generated/types.gen';
import { type KindName, type StatusTone, statusTone } from '../../core/kinds';

/** The route of an object's detail page: `/<kind>/<namespace>/<name>`, or `/<kind>/<name>` when cluster-scoped. */
export function objectLink(kind: KindName, r: { name: string; namespace: string | null }): string[] {
  return r.namespace ? ['/', kind, r.namespace, r.name] : ['/', kind, r.name];
}

// ---------------------------------------------------------------------------------------------
// Summary tiles

export interface TileRow {
  label: string;
  count: number;
  tone: StatusTone;
  /** The list's `?status=` filter this row opens; `null` opens the unfiltered list. */
  status: string | null;
  /** When the row spans several status words of the list: one link per word (from the live list). */
  breakdown: { status: string; count: number }[];
}

export interface Tile {
  kind: KindName;
  title: string;
  /** `null` when the section could not be read. */
  total: number | null;
  forbidden: boolean;
  rows: TileRow[];
}

type SummaryKind = Exclude<KindName, 'replicasets' | 'namespaces' | 'events' | 'resourcequotas'>;

/** Tiles in the order the sidebar groups them. */
export const TILE_KINDS: { kind: SummaryKind; title: string }[] = [
  { kind: 'deployments', title: 'Deployments' },
  { kind: 'statefulsets', title: 'StatefulSets' },
  { kind: 'daemonsets', title: 'DaemonSets' },
  { kind: 'pods', title: 'Pods' },
  { kind: 'jobs', title: 'Jobs' },
  { kind: 'cronjobs', title: 'CronJobs' },
  { kind: 'services', title: 'Services' },
  { kind: 'ingress', title: 'Ingresses' },
  { kind: 'configmaps', title: 'ConfigMaps' },
  { kind: 'secrets', title: 'Secrets' },
  { kind: 'pvs', title: 'Persistent Volumes' },
  { kind: 'pvcs', title: 'PV Claims' },
  { kind: 'nodes', title: 'Nodes' },
  { kind: 'hpa', title: 'HPAs' },
];

/**
 * Status words of the pod list behind the problem rows of the pods tile, counted from the live pod
 * list: failing (any phase) and pending (phase Pending, failing ones left to the failing row).
 */
export type PodBreakdown = Partial<Record<'pending' | 'failed', Map<string, number>>>;

function row(label: string, count: number, tone: StatusTone, status: string | null, breakdown?: Map<string, number>): TileRow {
  if (breakdown && breakdown.size > 0) {
    const words = [...breakdown.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    if (words.length === 1) return { label, count, tone, status: words[0]?.[0] ?? status, breakdown: [] };
    return { label, count, tone, status: null, breakdown: words.map(([s, n]) => ({ status: s, count: n })) };
  }
  return { label, count, tone, status, breakdown: [] };
}

/**
 * The overview tiles from the summary. Rows with a count of zero are left out except the first of
 * each tile (so "0 running" still says something); problem rows come with their tone. Pod rows may
 * span several STATUS words of the pod list (failing = CrashLoopBackOff, Error, …), so their links
 * come from the live pod list when it is loaded.
 */
export function buildTiles(summary: DashboardSummary, pods: PodBreakdown = {}): Tile[] {
  const forbidden = new Set<string>(summary.forbidden);
  return TILE_KINDS.map(({ kind, title }) => {
    const section = summary[kind];
    if (section === null || section === undefined || forbidden.has(kind)) {
      return { kind, title, total: null, forbidden: forbidden.has(kind), rows: [] };
    }
    if (typeof section === 'number') return { kind, title, total: section, forbidden: false, rows: [] };
    const rows: TileRow[] = [];
    switch (kind) {
      case 'deployments':
      case 'statefulsets':
      case 'daemonsets': {
        const s = summary[kind];
        if (!s) break;
        rows.push(row('Healthy', s.available, 'ok', 'Available'));
        rows.push(row('Degraded', s.degraded, 'error', 'Degraded'));
        rows.push(row('Progressing', s.progressing, 'warn', 'Progressing'));
        rows.push(row('Scaled down', s.scaledDown, 'muted', 'ScaledDown'));
        break;
      }
      case 'pods': {
        const s = summary.pods;
        if (!s) break;
        rows.push(row('Running', s.running, 'ok', 'Running'));
        rows.push(row('Pending', s.pending, 'warn', 'Pending', pods.pending));
        rows.push(row('Failing', s.failed, 'error', 'Failed', pods.failed));
        rows.push(row('Completed', s.succeeded, 'muted', 'Completed'));
        break;
      }
      case 'nodes': {
        const s = summary.nodes;
        if (!s) break;
        rows.push(row('Ready', s.ready, 'ok', 'Ready'));
        rows.push(row('Not ready', s.notReady, 'error', 'NotReady'));
        rows.push(row('Cordoned', s.unschedulable, 'warn', null));
        break;
      }
      case 'jobs': {
        const s = summary.jobs;
        if (!s) break;
        rows.push(row('Running', s.running, 'info', 'Running'));
        rows.push(row('Complete', s.complete, 'ok', 'Complete'));
        rows.push(row('Failed', s.failed, 'error', 'Failed'));
        rows.push(row('Suspended', s.suspended, 'warn', 'Suspended'));
        break;
      }
      case 'cronjobs': {
        const s = summary.cronjobs;
        if (!s) break;
        rows.push(row('Scheduled', s.scheduled, 'ok', null));
        rows.push(row('Suspended', s.suspended, 'warn', null));
        rows.push(row('Running now', s.running, 'info', null));
        break;
      }
      case 'pvs': {
        const s = summary.pvs;
        if (!s) break;
        rows.push(row('Bound', s.bound, 'ok', 'Bound'));
        // Unbound spans Available, Released, Pending and Failed.
        rows.push(row('Unbound', s.unbound, 'warn', null));
        rows.push(row('Failed', s.failed, 'error', 'Failed'));
        break;
      }
      case 'pvcs': {
        const s = summary.pvcs;
        if (!s) break;
        rows.push(row('Bound', s.bound, 'ok', 'Bound'));
        rows.push(row('Pending', s.pending, 'warn', 'Pending'));
        rows.push(row('Lost', s.lost, 'error', 'Lost'));
        break;
      }
    }
    const total = (section as { total: number }).total;
    return { kind, title, total, forbidden: false, rows: rows.filter((r, i) => i === 0 || r.count > 0) };
  });
}

/** Which pod-list STATUS words fall under the failing and pending rows. */
export function podBreakdown(pods: readonly PodSummary[]): PodBreakdown {
  const out: Required<PodBreakdown> = { pending: new Map(), failed: new Map() };
  const add = (m: Map<string, number>, s: string): void => void m.set(s, (m.get(s) ?? 0) + 1);
  for (const p of pods) {
    if (isFailingPod(p)) add(out.failed, p.status);
    else if (p.phase === 'Pending') add(out.pending, p.status);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Critical problems (what is broken now)

export function isFailingPod(p: Pick<PodSummary, 'health' | 'status'>): boolean {
  return p.health ? p.health === 'error' : statusTone(p.status) === 'error';
}

export function isNotReadyNode(n: Pick<NodeSummary, 'ready'>): boolean {
  return n.ready !== 'True';
}

/** Degraded is broken; Progressing (a rollout) and ScaledDown (on purpose) are not. */
export function isDegradedWorkload(w: Pick<DeploymentSummary, 'status'>): boolean {
  return w.status === 'Degraded';
}

export interface BrokenItem {
  kind: KindName;
  key: string;
  name: string;
  namespace: string | null;
  status: string;
  detail: string | null;
  link: string[];
}

/** Pods pending raise a problem above this share of all pods (the health score's rule). */
export const PENDING_SHARE = 0.2;
/** Unbound persistent volumes raise a problem above this many. */
export const UNBOUND_MAX = 5;

export interface BrokenGroup {
  /** The problem type of the settings' `criticalIssues` that switches this group on or off. */
  type: CriticalIssueType;
  title: string;
  tone: 'error' | 'warn';
  items: BrokenItem[];
  /** Objects the group raises (0 while under its threshold). */
  total: number;
  /** Where "and N more" leads: the list filtered to the group's status, when one word covers it. */
  moreLink: { kind: KindName; status: string | null };
  /** Objects of the group's kind that are under its threshold, so not raised; null when none are. */
  belowThreshold: string | null;
}

const byNsName = (a: BrokenItem, b: BrokenItem): number =>
  (a.namespace ?? '').localeCompare(b.namespace ?? '') || a.name.localeCompare(b.name);

function item(kind: KindName, r: { name: string; namespace: string | null; status: string }, detail: string | null): BrokenItem {
  return { kind, key: `${kind}/${r.namespace ?? ''}/${r.name}`, name: r.name, namespace: r.namespace, status: r.status, detail, link: objectLink(kind, r) };
}

/** The status word shared by every item, or null when they differ (then "more" opens the whole list). */
function sharedStatus(items: BrokenItem[], fallback: string | null): string | null {
  const words = new Set(items.map((i) => i.status));
  return words.size === 1 ? ([...words][0] ?? fallback) : words.size === 0 ? fallback : null;
}

export function isPendingPod(p: Pick<PodSummary, 'phase'>): boolean {
  return p.phase === 'Pending';
}

export function isUnboundVolume(v: Pick<PersistentVolumeSummary, 'status'>): boolean {
  return v.status !== 'Bound';
}

/**
 * One group per problem type of the settings, in their order: failing pods, pods pending (raised when
 * more than 20 % of pods are), not-ready nodes, degraded workloads (deployments, stateful sets and
 * daemon sets) and unbound persistent volumes (raised when more than 5 are). Each is sorted and
 * capped at `cap`; {@link criticalGroups} keeps the types the user switched on.
 */
export function brokenGroups(
  input: {
    pods: readonly PodSummary[];
    nodes: readonly NodeSummary[];
    deployments: readonly DeploymentSummary[];
    statefulsets: readonly StatefulSetSummary[];
    daemonsets: readonly DaemonSetSummary[];
    pvs: readonly PersistentVolumeSummary[];
  },
  cap = 20,
): BrokenGroup[] {
  const pods = input.pods
    .filter(isFailingPod)
    .map((p) => item('pods', p, p.restarts > 0 ? `${p.restarts} restart${p.restarts === 1 ? '' : 's'}` : null))
    .sort(byNsName);
  const nodes = input.nodes.filter(isNotReadyNode).map((n) => item('nodes', n, null)).sort(byNsName);
  const workloads = [
    ...input.deployments.filter(isDegradedWorkload).map((w) => item('deployments', w, w.statusMessage)),
    ...input.statefulsets.filter(isDegradedWorkload).map((w) => item('statefulsets', w, w.statusMessage)),
    ...input.daemonsets.filter(isDegradedWorkload).map((w) => item('daemonsets', w, w.statusMessage)),
  ].sort((a, b) => a.kind.localeCompare(b.kind) || byNsName(a, b));
  const workloadKinds = new Set(workloads.map((w) => w.kind));
  const pendingPods = input.pods.filter(isPendingPod).map((p) => item('pods', p, null)).sort(byNsName);
  const pendingRaised = input.pods.length > 0 && pendingPods.length / input.pods.length > PENDING_SHARE;
  const unbound = input.pvs
    .filter(isUnboundVolume)
    .map((v) => item('pvs', v, v.claim ? `claim ${v.claim}` : null))
    .sort(byNsName);
  const unboundRaised = unbound.length > UNBOUND_MAX;
  const group = (
    type: CriticalIssueType,
    title: string,
    tone: BrokenGroup['tone'],
    items: BrokenItem[],
    kind: KindName,
    fallback: string | null,
    below: string | null = null,
  ): BrokenGroup => ({
    type,
    title,
    tone,
    items: items.slice(0, cap),
    total: items.length,
    moreLink: { kind, status: sharedStatus(items, fallback) },
    belowThreshold: items.length === 0 ? below : null,
  });
  const pct = Math.round(PENDING_SHARE * 100);
  return [
    group('failedPods', 'Failing pods', 'error', pods, 'pods', null),
    group(
      'pendingPods',
      'Pods pending',
      'warn',
      pendingRaised ? pendingPods : [],
      'pods',
      null,
      pendingPods.length > 0 ? `${pendingPods.length} pending: not more than ${pct} % of pods.` : null,
    ),
    group('notReadyNodes', 'Nodes not ready', 'error', nodes, 'nodes', 'NotReady'),
    group('degradedDeployments', 'Degraded workloads', 'error', workloads, workloadKinds.size === 1 ? ([...workloadKinds][0] ?? 'deployments') : 'deployments', 'Degraded'),
    group(
      'unboundVolumes',
      'Unbound volumes',
      'warn',
      unboundRaised ? unbound : [],
      'pvs',
      null,
      unbound.length > 0 ? `${unbound.length} unbound: not more than ${UNBOUND_MAX}.` : null,
    ),
  ];
}

/**
 * The groups the dashboard raises: those whose type is switched on in the settings' `criticalIssues`
 * (a type they do not name is on, as by default). The health score is the server's and is not touched.
 */
export function criticalGroups(groups: readonly BrokenGroup[], enabled: Partial<Record<CriticalIssueType, boolean>> | null | undefined): BrokenGroup[] {
  return groups.filter((g) => enabled?.[g.type] !== false);
}

// ---------------------------------------------------------------------------------------------
// Events

const HOUR = 3_600_000;

export function eventTime(e: Pick<EventDto, 'lastTimestamp' | 'createdAt'>): number {
  return Date.parse(e.lastTimestamp ?? e.createdAt ?? '');
}

/** Warning events last seen within the hour, newest first, at most `limit`. */
export function recentWarnings(events: readonly EventDto[], now: number, limit = 15): EventDto[] {
  return events
    .filter((e) => e.type === 'Warning')
    .map((e) => ({ e, t: eventTime(e) }))
    .filter(({ t }) => !Number.isNaN(t) && t > now - HOUR && t <= now + 60_000)
    .sort((a, b) => b.t - a.t || a.e.name.localeCompare(b.e.name))
    .slice(0, limit)
    .map(({ e }) => e);
}

const KIND_ROUTES: Record<string, KindName> = {
  Pod: 'pods', Deployment: 'deployments', StatefulSet: 'statefulsets', DaemonSet: 'daemonsets', ReplicaSet: 'replicasets',
  Job: 'jobs', CronJob: 'cronjobs', Service: 'services', Ingress: 'ingress', ConfigMap: 'configmaps', Secret: 'secrets',
  PersistentVolume: 'pvs', PersistentVolumeClaim: 'pvcs', Namespace: 'namespaces', Node: 'nodes', HorizontalPodAutoscaler: 'hpa',
};

/** The detail page of the object an event is about; null for kinds the console has no page for. */
export function involvedLink(e: Pick<EventDto, 'involvedObject'>): string[] | null {
  const o = e.involvedObject;
  const kind = o ? KIND_ROUTES[o.kind] : undefined;
  if (!o || !kind || !o.name) return null;
  return objectLink(kind, { name: o.name, namespace: kind === 'nodes' || kind === 'pvs' || kind === 'namespaces' ? null : o.namespace });
}

export interface EventBuckets {
  /** Slot start times (ms), oldest first. */
  starts: number[];
  warning: number[];
  normal: number[];
}

export const SLOT_MS = 5 * 60_000;

/**
 * Events of the last hour by their last occurrence, in 12 five-minute slots on the clock's
 * five-minute boundaries (the last one holds now), so a slot keeps its count between ticks.
 */
export function bucketEvents(events: readonly EventDto[], now: number, slots = 12, size = SLOT_MS): EventBuckets {
  const end = Math.floor(now / size) * size + size;
  const start = end - slots * size;
  const warning = new Array<number>(slots).fill(0);
  const normal = new Array<number>(slots).fill(0);
  for (const e of events) {
    const t = eventTime(e);
    if (Number.isNaN(t) || t < start || t >= end) continue;
    const i = Math.floor((t - start) / size);
    if (e.type === 'Warning') warning[i] = (warning[i] ?? 0) + 1;
    else normal[i] = (normal[i] ?? 0) + 1;
  }
  const starts = Array.from({ length: slots }, (_, i) => start + i * size);
  return { starts, warning, normal };
}

/** `HH:MM` in the browser's time zone. */
export function clockLabel(t: number): string {
  const d = new Date(t);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Chart data

export interface ChartSeries {
  label: string;
  tone: StatusTone;
  data: number[];
}

export interface ChartData {
  labels: string[];
  series: ChartSeries[];
  /** A sentence with every number, for screen readers. */
  summary: string;
}

/** The state a pod is counted under in the doughnut: each pod exactly once, failing first. */
export function podState(p: Pick<PodSummary, 'health' | 'status' | 'phase'>): 'Running' | 'Pending' | 'Failing' | 'Completed' | 'Other' {
  if (isFailingPod(p)) return 'Failing';
  if (p.phase === 'Running') return 'Running';
  if (p.phase === 'Pending') return 'Pending';
  if (p.phase === 'Succeeded') return 'Completed';
  return 'Other';
}

const POD_STATES = ['Running', 'Pending', 'Failing', 'Completed', 'Other'] as const;

/** Pod states for the doughnut, from the live pod list: one series whose slices are the labels (empty states dropped). */
export function podStatesChart(pods: readonly PodSummary[]): ChartData {
  const counts = new Map<string, number>();
  for (const p of pods) {
    const s = podState(p);
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  const kept = POD_STATES.filter((s) => (counts.get(s) ?? 0) > 0);
  return {
    labels: [...kept],
    series: [{ label: 'Pods', tone: 'ok', data: kept.map((s) => counts.get(s) ?? 0) }],
    summary: `${pods.length} pods: ${kept.map((s) => `${counts.get(s)} ${s.toLowerCase()}`).join(', ') || 'none'}`,
  };
}

/** The tone of each slice of {@link podStatesChart}, by label. */
export function sliceTone(label: string): StatusTone {
  return ({ Running: 'ok', Pending: 'warn', Failing: 'error', Completed: 'muted' } as Record<string, StatusTone>)[label] ?? 'info';
}

/** Healthy vs degraded (and other) per workload kind, stacked. */
export function workloadChart(summary: DashboardSummary): ChartData | null {
  const kinds = (['deployments', 'statefulsets', 'daemonsets'] as const).filter((k) => summary[k]);
  if (kinds.length === 0) return null;
  const titles = { deployments: 'Deployments', statefulsets: 'StatefulSets', daemonsets: 'DaemonSets' };
  const healthy = kinds.map((k) => summary[k]?.available ?? 0);
  const degraded = kinds.map((k) => summary[k]?.degraded ?? 0);
  const other = kinds.map((k) => (summary[k]?.progressing ?? 0) + (summary[k]?.scaledDown ?? 0));
  return {
    labels: kinds.map((k) => titles[k]),
    series: [
      { label: 'Healthy', tone: 'ok', data: healthy },
      { label: 'Degraded', tone: 'error', data: degraded },
      { label: 'Progressing or scaled down', tone: 'muted', data: other },
    ],
    summary: kinds
      .map((k, i) => `${titles[k]}: ${healthy[i]} healthy, ${degraded[i]} degraded${other[i] ? `, ${other[i]} progressing or scaled down` : ''}`)
      .join('; '),
  };
}

export function eventsChart(b: EventBuckets, label: (t: number) => string = clockLabel): ChartData {
  const w = b.warning.reduce((a, n) => a + n, 0);
  const n = b.normal.reduce((a, x) => a + x, 0);
  return {
    labels: b.starts.map(label),
    series: [
      { label: 'Warning', tone: 'warn', data: b.warning },
      { label: 'Normal', tone: 'info', data: b.normal },
    ],
    summary: `Events last seen in the past hour, per 5 minutes: ${w} warning, ${n} normal`,
  };
}

/** Tone of the health score. */
export function healthTone(status: 'healthy' | 'warning' | 'critical'): StatusTone {
  return status === 'healthy' ? 'ok' : status === 'warning' ? 'warn' : 'error';
}
