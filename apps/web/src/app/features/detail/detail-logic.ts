import type { ConditionDto, ContainerStateDto, HpaMetricDto, HpaMetricValueDto, ProbeDto } from '../../api/generated/types.gen';
import { kubeAge } from '../../core/age';
import type { KindName } from '../../core/kinds';

/** A link to another object's detail page, as shown in an owner chain or a reference list. */
export interface ObjectLink {
  kind: string;
  name: string;
  /** The route (`['/', kind, ns, name]`), or null when the console has no page for that kind. */
  route: string[] | null;
}

/** The console's route segment for a Kubernetes `kind` (owner references, scale targets, events). */
const ROUTE_OF_KIND: Record<string, KindName> = {
  Pod: 'pods',
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
  ReplicaSet: 'replicasets',
  Job: 'jobs',
  CronJob: 'cronjobs',
  Service: 'services',
  Ingress: 'ingress',
  ConfigMap: 'configmaps',
  Secret: 'secrets',
  PersistentVolume: 'pvs',
  PersistentVolumeClaim: 'pvcs',
  Namespace: 'namespaces',
  Node: 'nodes',
  HorizontalPodAutoscaler: 'hpa',
  ResourceQuota: 'resourcequotas',
};
const CLUSTER_SCOPED = new Set<KindName>(['nodes', 'namespaces', 'pvs']);

export function routeKind(kind: string): KindName | null {
  return ROUTE_OF_KIND[kind] ?? null;
}

/** The detail route of an object of Kubernetes kind `kind`; null when the console has no page for it. */
export function objectRoute(kind: string, name: string, namespace: string | null | undefined): string[] | null {
  const route = routeKind(kind);
  if (!route || !name) return null;
  if (CLUSTER_SCOPED.has(route)) return ['/', route, name];
  return namespace ? ['/', route, namespace, name] : null;
}

export function isClusterScoped(kind: KindName): boolean {
  return CLUSTER_SCOPED.has(kind);
}

/**
 * Who owns a pod, nearest first: its controller (ReplicaSet, StatefulSet, Job…), then what owns that
 * controller when known (a ReplicaSet's Deployment, a Job's CronJob).
 */
export function ownerChain(
  controlledBy: { kind: string; name: string } | null | undefined,
  namespace: string | null,
  parent: { ownerDeployment?: string | null; ownerCronJob?: string | null } | null = null,
): ObjectLink[] {
  if (!controlledBy) return [];
  const chain: ObjectLink[] = [{ kind: controlledBy.kind, name: controlledBy.name, route: objectRoute(controlledBy.kind, controlledBy.name, namespace) }];
  if (controlledBy.kind === 'ReplicaSet' && parent?.ownerDeployment) {
    chain.push({ kind: 'Deployment', name: parent.ownerDeployment, route: objectRoute('Deployment', parent.ownerDeployment, namespace) });
  }
  if (controlledBy.kind === 'Job' && parent?.ownerCronJob) {
    chain.push({ kind: 'CronJob', name: parent.ownerCronJob, route: objectRoute('CronJob', parent.ownerCronJob, namespace) });
  }
  return chain;
}

export interface RolloutProgress {
  desired: number;
  updated: number;
  ready: number;
  available: number;
  /** Percentages of desired, 0–100. */
  updatedPct: number;
  readyPct: number;
  availablePct: number;
  done: boolean;
  text: string;
}

const pct = (n: number, of: number): number => (of <= 0 ? 100 : Math.max(0, Math.min(100, Math.round((n / of) * 100))));

/** How far a rollout is: updated, ready and available replicas against the desired count. */
export function rolloutProgress(r: { desired: number; updated?: number | null; ready: number; available?: number | null }): RolloutProgress {
  const desired = Math.max(0, r.desired ?? 0);
  const updated = r.updated ?? 0;
  const ready = r.ready ?? 0;
  const available = r.available ?? 0;
  const done = updated >= desired && ready >= desired && available >= desired;
  const text =
    desired === 0
      ? 'Scaled to zero'
      : `${updated}/${desired} updated · ${ready}/${desired} ready · ${available}/${desired} available${done ? '' : ' — rolling out'}`;
  return { desired, updated, ready, available, updatedPct: pct(updated, desired), readyPct: pct(ready, desired), availablePct: pct(available, desired), done, text };
}

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** A Kubernetes quantity (`500m`, `2Gi`, `1.5`, `1e3`) as a number; null when it is not one. */
export function parseQuantity(text: string | null | undefined): number | null {
  const m = /^\s*([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|K|M|G|T|P|E)?\s*$/.exec(text ?? '');
  if (!m) return null;
  const value = Number(m[1]);
  const suffix = m[2] ?? '';
  const factor = BINARY[suffix] ?? DECIMAL[suffix];
  return factor === undefined ? null : value * factor;
}

export interface QuotaUsage {
  resource: string;
  used: string;
  hard: string;
  /** used / hard in percent (may exceed 100); null when either is not a number or hard is 0. */
  percent: number | null;
  tone: 'ok' | 'warn' | 'error' | 'muted';
}

/** One quota line: how much of the hard limit is used, and a colour for it. */
export function quotaUsage(item: { resource: string; used: string; hard: string }): QuotaUsage {
  const used = parseQuantity(item.used);
  const hard = parseQuantity(item.hard);
  let percent: number | null = null;
  if (used !== null && hard !== null && hard > 0) percent = Math.round((used / hard) * 1000) / 10;
  if (used !== null && hard === 0) percent = used > 0 ? 100 : 0;
  const tone = percent === null ? 'muted' : percent >= 100 ? 'error' : percent >= 80 ? 'warn' : 'ok';
  return { resource: item.resource, used: item.used, hard: item.hard, percent, tone };
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MACROS: Record<string, string> = {
  '@yearly': 'Once a year (1 January, midnight)',
  '@annually': 'Once a year (1 January, midnight)',
  '@monthly': 'Once a month (day 1, midnight)',
  '@weekly': 'Once a week (Sunday, midnight)',
  '@daily': 'Every day at midnight',
  '@midnight': 'Every day at midnight',
  '@hourly': 'Every hour',
};

const isNum = (s: string): boolean => /^\d+$/.test(s);
const two = (n: string): string => n.padStart(2, '0');
const ordinal = (n: number): string => {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${s}`;
};

/** A cron schedule in words for the common patterns; `Custom schedule` for the rest. */
export function describeCron(expression: string | null | undefined): string {
  const expr = (expression ?? '').trim().replace(/\s+/g, ' ');
  if (!expr) return 'No schedule';
  const macro = MACROS[expr.toLowerCase()];
  if (macro) return macro;
  if (expr.toLowerCase() === '@every' || expr.toLowerCase().startsWith('@every ')) return `Every ${expr.slice(7).trim()}`;
  const parts = expr.replace(/^(CRON_)?TZ=\S+ /, '').split(' ');
  if (parts.length !== 5) return 'Custom schedule';
  const [min, hour, dom, mon, dow] = parts as [string, string, string, string, string];
  const any = (s: string): boolean => s === '*' || s === '?';
  const step = (s: string): number | null => {
    const m = /^(?:\*|0)\/(\d+)$/.exec(s);
    return m ? Number(m[1]) : null;
  };
  const allDays = any(dom) && any(mon) && any(dow);
  if (allDays && any(hour)) {
    if (any(min)) return 'Every minute';
    const s = step(min);
    if (s) return s === 1 ? 'Every minute' : `Every ${s} minutes`;
    if (isNum(min)) return min === '0' ? 'Every hour' : `Every hour at minute ${Number(min)}`;
  }
  if (allDays && isNum(min)) {
    const h = step(hour);
    if (h) return h === 1 ? `Every hour at minute ${Number(min)}` : `Every ${h} hours${min === '0' ? '' : ` at minute ${Number(min)}`}`;
  }
  if (!isNum(min) || !isNum(hour)) return 'Custom schedule';
  const at = `at ${two(hour)}:${two(min)}`;
  if (allDays) return `Every day ${at}`;
  if (any(dom) && any(mon)) {
    if (dow === '1-5' || dow.toUpperCase() === 'MON-FRI') return `Every weekday ${at}`;
    if (dow === '0,6' || dow === '6,0' || dow.toUpperCase() === 'SAT,SUN') return `Every weekend day ${at}`;
    if (isNum(dow) && Number(dow) <= 7) return `Every ${DAYS[Number(dow) % 7]} ${at}`;
    return 'Custom schedule';
  }
  if (isNum(dom) && any(mon) && any(dow)) return `Every month on the ${ordinal(Number(dom))} ${at}`;
  return 'Custom schedule';
}

/** Events newest first, by last occurrence (then first, then creation). */
export function newestFirst<E extends { lastTimestamp?: string | null; firstTimestamp?: string | null; createdAt?: string | null }>(events: readonly E[]): E[] {
  const time = (e: E): number => Date.parse(e.lastTimestamp ?? e.firstTimestamp ?? e.createdAt ?? '') || 0;
  return [...events].sort((a, b) => time(b) - time(a));
}

/** A byte count as people read it: `812 B`, `4.2 KiB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 10 ? Math.round(v) : Math.round(v * 10) / 10} ${units[i]}`;
}

/**
 * Calls `fn` at most once per `ms`: the first call runs at once, later ones within the window are
 * folded into one trailing call. `cancel` drops a pending call.
 */
export function throttle(fn: () => void, ms: number): { (): void; cancel(): void } {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = (): void => {
    timer = null;
    last = Date.now();
    fn();
  };
  const throttled = (): void => {
    if (timer) return;
    const wait = last + ms - Date.now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  };
  throttled.cancel = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return throttled;
}

/** Whether a long text should start collapsed. */
export function isLong(text: string, lines = 12, chars = 800): boolean {
  return text.length > chars || text.split('\n').length > lines;
}

/** A container state in a sentence: `Running since 3h`, `Waiting: CrashLoopBackOff`, `Terminated: Error (exit 1)`. */
export function stateText(s: ContainerStateDto | null | undefined, now: number): string {
  if (!s) return 'Unknown';
  switch (s.state) {
    case 'running':
      return s.startedAt ? `Running for ${kubeAge(s.startedAt, now)}` : 'Running';
    case 'waiting':
      return `Waiting${s.reason ? `: ${s.reason}` : ''}`;
    case 'terminated':
      return `Terminated: ${s.reason ?? 'unknown reason'}${s.exitCode != null ? ` (exit code ${s.exitCode})` : ''}${s.signal ? `, signal ${s.signal}` : ''}`;
    default:
      return 'Unknown';
  }
}

export function stateTone(s: ContainerStateDto | null | undefined, ready: boolean): string {
  if (!s) return 'muted';
  if (s.state === 'running') return ready ? 'ok' : 'warn';
  if (s.state === 'terminated') return s.exitCode === 0 ? 'info' : 'error';
  if (s.state === 'waiting') return /(BackOff|Err|Invalid)/.test(s.reason ?? '') ? 'error' : 'warn';
  return 'muted';
}

export function probeParams(p: ProbeDto): string {
  return `delay ${p.initialDelaySeconds}s · every ${p.periodSeconds}s · timeout ${p.timeoutSeconds}s · success ${p.successThreshold} · failure ${p.failureThreshold}`;
}

/** Current against target as a share, when both are numbers. */
export function metricShare(m: Pick<HpaMetricDto, 'current' | 'target'>): number | null {
  const pick = (v: HpaMetricValueDto | null | undefined): number | null =>
    v?.averageUtilization != null ? v.averageUtilization : parseQuantity(v?.averageValue ?? v?.value ?? null);
  const current = pick(m.current);
  const target = pick(m.target);
  if (current === null || target === null || target <= 0) return null;
  return Math.round((current / target) * 100);
}

/** Whether a condition being True is good news (most) or bad (node pressure, ReplicaFailure…). */
export function conditionTone(c: Pick<ConditionDto, 'type' | 'status'>): 'ok' | 'warn' | 'error' | 'muted' {
  const bad = /(Pressure|Unavailable|Failure|Failed|Suspended)$/.test(c.type);
  if (c.status === 'Unknown') return 'warn';
  const good = c.status === 'True' ? !bad : bad;
  return good ? 'ok' : bad && c.status === 'True' ? 'error' : 'warn';
}

/** The word in the header's badge: the object's status where its kind has one. */
export function headerStatus(kind: KindName, o: { status?: unknown; deletedAt?: string | null; [key: string]: unknown }): string | null {
  if (o.deletedAt && kind !== 'pods') return 'Terminating';
  if (kind === 'cronjobs') return o['suspend'] ? 'Suspended' : 'Scheduled';
  if (kind === 'events') return typeof o['type'] === 'string' ? o['type'] : null;
  if (kind === 'hpa') return o['currentReplicas'] === o['desiredReplicas'] ? 'Stable' : 'Scaling';
  return typeof o.status === 'string' && o.status ? o.status : null;
}

