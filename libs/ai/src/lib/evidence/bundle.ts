import { compareStrings, sortFindings, type Finding } from '../analyzers/finding';
import { arr, defined, isoTime, millis, num, rec, str, trimJson, type JsonRecord } from './json';

/** A container's log tail, as read from the kubelet (`previous`: the run before the current one, the one that crashed). */
export interface EvidenceLog {
  pod: string;
  container: string;
  previous: boolean;
  /** the tail as read */
  text: string;
}

export interface EvidenceInput {
  /** The object as the apiserver returns it (JSON, ISO timestamps), any kind. */
  object: Record<string, unknown>;
  /** Owner chain, nearest first (a Pod's ReplicaSet, then its Deployment), as full objects. */
  owners: Record<string, unknown>[];
  /** For workloads: their pods (the bundle keeps a short status line per pod, at most 20). */
  pods?: Record<string, unknown>[];
  /** Events about the object (and its pods), any order; the bundle keeps the most recent 30, newest last. */
  events: Record<string, unknown>[];
  logs: EvidenceLog[];
  findings: Finding[];
  /** When the evidence was gathered; the bundle says so, since events' times mean little without it. Defaults to the current time. */
  now?: Date;
}

export interface EvidenceCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface EvidencePod {
  name: string;
  phase: string;
  /** Ready containers over containers, as `kubectl get pods` shows them (`0/1`). */
  ready: string;
  restarts: number;
  /** Why it is not running or ready (`CrashLoopBackOff`, `Evicted`, `Unschedulable`, `Terminating`); `null` when nothing is wrong. */
  reason: string | null;
  node: string | null;
}

export interface EvidenceEvent {
  type: string;
  reason: string;
  message: string;
  count: number;
  /** ISO 8601; `null` when the event carries no time. */
  lastSeen: string | null;
  /** What it is about, as kubectl names it: `pod/checkout-5f8d7c9b4-q7vxt`, with the container when the event names one. */
  object: string;
}

/**
 * What a model is shown about one object: plain JSON, nothing fetched, nothing redacted yet (the caller runs
 * `redact` over it before it goes anywhere). Secret and ConfigMap values are never in it; everything else the
 * builder leaves out is said in `cuts`.
 */
export interface EvidenceBundle {
  object: { kind: string; namespace: string | null; name: string };
  /** ISO 8601, when the evidence was gathered (`now`). */
  gatheredAt?: string;
  /** The status without its conditions (they are in `conditions`), long strings and lists cut. */
  status: unknown;
  conditions: EvidenceCondition[];
  /**
   * A spec summary: for pods and workload templates the containers' name, image, resources, probes, ports,
   * env names with their values or valueFrom refs (values are redacted later, never dropped silently),
   * command/args; replicas, strategy, selector; for other kinds a trimmed spec. Never `data`/`stringData` of
   * Secrets or ConfigMaps (ConfigMap keys only, and only the number of a Secret's keys).
   */
  spec: unknown;
  /** Nearest first. */
  owners: { kind: string; name: string }[];
  /** For workloads: one line per pod, those with a problem first, at most 20. */
  pods?: EvidencePod[];
  /** The most recent 30, newest last. */
  events: EvidenceEvent[];
  /** Each tail capped to its last 200 lines and 16 KiB. */
  logs: EvidenceLog[];
  findings: Finding[];
  /** What the builder left out (pods past 20, older events, log lines), so the model knows the evidence is partial. */
  cuts?: string[];
}

export const MAX_BUNDLE_PODS = 20;
export const MAX_BUNDLE_EVENTS = 30;
export const MAX_LOG_LINES = 200;
export const MAX_LOG_BYTES = 16 * 1024;

const WORKLOAD_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController']);

export function buildEvidenceBundle(input: EvidenceInput): EvidenceBundle {
  const o = input.object;
  const meta = rec(o['metadata']);
  const kind = str(o['kind']) ?? '';
  const cuts: string[] = [];

  const status = rec(o['status']);
  const bundle: EvidenceBundle = {
    object: { kind, namespace: str(meta?.['namespace']) ?? null, name: str(meta?.['name']) ?? '' },
    gatheredAt: (input.now ?? new Date()).toISOString(),
    status: statusSummary(kind, status),
    conditions: arr(status?.['conditions']).flatMap((c) => conditionOf(c)),
    spec: specSummary(kind, o),
    owners: input.owners.map((owner) => ({ kind: str(owner['kind']) ?? '', name: str(rec(owner['metadata'])?.['name']) ?? '' })),
    events: [],
    logs: [],
    findings: sortFindings(input.findings),
  };

  if (input.pods) {
    const lines = input.pods.map(podLine).sort((a, b) => Number(healthy(a)) - Number(healthy(b)) || compareStrings(a.name, b.name));
    if (lines.length > MAX_BUNDLE_PODS) {
      cuts.push(`${lines.length - MAX_BUNDLE_PODS} of ${lines.length} pods left out (healthy ones first).`);
    }
    bundle.pods = lines.slice(0, MAX_BUNDLE_PODS);
  }

  const events = eventLines(input.events);
  if (events.length > MAX_BUNDLE_EVENTS) cuts.push(`${events.length - MAX_BUNDLE_EVENTS} older events left out (the ${MAX_BUNDLE_EVENTS} most recent kept).`);
  bundle.events = events.slice(-MAX_BUNDLE_EVENTS);

  bundle.logs = input.logs.map((log) => {
    const t = logTail(log.text);
    if (t.cutLines > 0) {
      cuts.push(`Log of ${log.pod}/${log.container}${log.previous ? ' (previous run)' : ''}: ${t.cutLines} earlier lines left out.`);
    }
    return { pod: log.pod, container: log.container, previous: log.previous, text: t.text };
  });

  if (cuts.length) bundle.cuts = cuts;
  return bundle;
}

// ---- status and conditions --------------------------------------------------------------------------

function conditionOf(value: unknown): EvidenceCondition[] {
  const c = rec(value);
  const type = str(c?.['type']);
  if (!c || !type) return [];
  return [
    defined({
      type,
      status: str(c['status']) ?? 'Unknown',
      reason: str(c['reason']) || undefined,
      message: str(c['message']) || undefined,
      lastTransitionTime: isoTime(c['lastTransitionTime']),
    }) as unknown as EvidenceCondition,
  ];
}

function statusSummary(kind: string, status: JsonRecord | undefined): unknown {
  if (!status) return null;
  const rest: JsonRecord = { ...status };
  delete rest['conditions'];
  if (kind === 'Pod') {
    // podIP and hostIP already say what podIPs and hostIPs list.
    delete rest['podIPs'];
    delete rest['hostIPs'];
    for (const key of ['initContainerStatuses', 'containerStatuses', 'ephemeralContainerStatuses']) {
      if (key in rest) rest[key] = arr(rest[key]).map(containerStatusSummary);
    }
  }
  if (kind === 'Node') {
    // The node's image list is long and says nothing about its health.
    delete rest['images'];
    const info = rec(rest['nodeInfo']);
    if (info) rest['nodeInfo'] = defined({ ...info, machineID: undefined, systemUUID: undefined, bootID: undefined });
  }
  return trimJson(rest);
}

function containerStatusSummary(value: unknown): unknown {
  const s = rec(value);
  if (!s) return null;
  return defined({
    name: s['name'],
    image: s['image'],
    ready: s['ready'],
    started: s['started'],
    restartCount: s['restartCount'],
    state: withoutContainerIds(s['state']),
    lastState: withoutContainerIds(s['lastState']),
  });
}

/** `state.terminated.containerID` is the runtime's id: noise for a reader. */
function withoutContainerIds(value: unknown): unknown {
  const state = rec(value);
  if (!state) return value;
  const out: JsonRecord = {};
  for (const [k, v] of Object.entries(state)) {
    const inner = rec(v);
    out[k] = inner ? defined({ ...inner, containerID: undefined }) : v;
  }
  return out;
}

// ---- spec ---------------------------------------------------------------------------------------------

function specSummary(kind: string, o: JsonRecord): unknown {
  const spec = rec(o['spec']);
  if (kind === 'Secret') {
    // Neither values nor key names: a Secret's keys are counted, its type said.
    const keys = new Set([...Object.keys(rec(o['data']) ?? {}), ...Object.keys(rec(o['stringData']) ?? {})]);
    return defined({ type: str(o['type']) ?? 'Opaque', immutable: o['immutable'], keyCount: keys.size });
  }
  if (kind === 'ConfigMap') {
    return defined({
      keys: Object.keys(rec(o['data']) ?? {}).sort(compareStrings),
      binaryDataKeys: rec(o['binaryData']) ? Object.keys(rec(o['binaryData']) ?? {}).sort(compareStrings) : undefined,
      immutable: o['immutable'],
    });
  }
  if (kind === 'Pod') return spec ? podSpecSummary(spec) : null;
  if (WORKLOAD_KINDS.has(kind) && spec) {
    return defined({
      replicas: spec['replicas'],
      selector: trimJson(spec['selector']),
      strategy: trimJson(spec['strategy']),
      updateStrategy: trimJson(spec['updateStrategy']),
      minReadySeconds: spec['minReadySeconds'],
      progressDeadlineSeconds: spec['progressDeadlineSeconds'],
      paused: spec['paused'],
      serviceName: spec['serviceName'],
      podManagementPolicy: spec['podManagementPolicy'],
      volumeClaimTemplates: spec['volumeClaimTemplates'] ? arr(spec['volumeClaimTemplates']).map(claimTemplateSummary) : undefined,
      template: templateSummary(spec['template']),
    });
  }
  if (kind === 'Job' && spec) return jobSpecSummary(spec);
  if (kind === 'CronJob' && spec) {
    const jobSpec = rec(rec(spec['jobTemplate'])?.['spec']);
    return defined({
      schedule: spec['schedule'],
      timeZone: spec['timeZone'],
      suspend: spec['suspend'],
      concurrencyPolicy: spec['concurrencyPolicy'],
      startingDeadlineSeconds: spec['startingDeadlineSeconds'],
      successfulJobsHistoryLimit: spec['successfulJobsHistoryLimit'],
      failedJobsHistoryLimit: spec['failedJobsHistoryLimit'],
      jobTemplate: jobSpec ? jobSpecSummary(jobSpec) : undefined,
    });
  }
  if (spec) return trimJson(spec);
  // Kinds without a spec (StorageClass, EndpointSlice, Role, …): their own top-level fields.
  const rest: JsonRecord = { ...o };
  for (const k of ['apiVersion', 'kind', 'metadata', 'status', 'data', 'stringData', 'binaryData']) delete rest[k];
  return Object.keys(rest).length ? trimJson(rest) : null;
}

function jobSpecSummary(spec: JsonRecord): JsonRecord {
  return defined({
    backoffLimit: spec['backoffLimit'],
    backoffLimitPerIndex: spec['backoffLimitPerIndex'],
    completions: spec['completions'],
    parallelism: spec['parallelism'],
    completionMode: spec['completionMode'],
    activeDeadlineSeconds: spec['activeDeadlineSeconds'],
    ttlSecondsAfterFinished: spec['ttlSecondsAfterFinished'],
    suspend: spec['suspend'],
    podFailurePolicy: trimJson(spec['podFailurePolicy']),
    template: templateSummary(spec['template']),
  });
}

function templateSummary(value: unknown): unknown {
  const template = rec(value);
  if (!template) return undefined;
  const spec = rec(template['spec']);
  return defined({ labels: trimJson(rec(template['metadata'])?.['labels']), spec: spec ? podSpecSummary(spec) : undefined });
}

function claimTemplateSummary(value: unknown): unknown {
  const claim = rec(value);
  const spec = rec(claim?.['spec']);
  return defined({
    name: str(rec(claim?.['metadata'])?.['name']),
    storageClassName: spec?.['storageClassName'],
    accessModes: trimJson(spec?.['accessModes']),
    resources: trimJson(spec?.['resources']),
  });
}

function podSpecSummary(spec: JsonRecord): JsonRecord {
  const containers = (key: string) => (spec[key] ? arr(spec[key]).map(containerSummary) : undefined);
  return defined({
    initContainers: containers('initContainers'),
    containers: containers('containers') ?? [],
    nodeName: spec['nodeName'],
    nodeSelector: trimJson(spec['nodeSelector']),
    affinity: trimJson(spec['affinity']),
    tolerations: trimJson(spec['tolerations']),
    serviceAccountName: spec['serviceAccountName'],
    restartPolicy: spec['restartPolicy'],
    priorityClassName: spec['priorityClassName'],
    runtimeClassName: spec['runtimeClassName'],
    hostNetwork: spec['hostNetwork'],
    securityContext: trimJson(spec['securityContext']),
    terminationGracePeriodSeconds: spec['terminationGracePeriodSeconds'],
    imagePullSecrets: spec['imagePullSecrets'] ? arr(spec['imagePullSecrets']).map((r) => str(rec(r)?.['name']) ?? '') : undefined,
    volumes: spec['volumes'] ? trimJson(spec['volumes']) : undefined,
  });
}

function containerSummary(value: unknown): JsonRecord {
  const c = rec(value) ?? {};
  return defined({
    name: str(c['name']) ?? '',
    image: c['image'],
    imagePullPolicy: c['imagePullPolicy'],
    command: trimJson(c['command']),
    args: trimJson(c['args']),
    workingDir: c['workingDir'],
    ports: trimJson(c['ports']),
    resources: trimJson(c['resources']),
    livenessProbe: trimJson(c['livenessProbe']),
    readinessProbe: trimJson(c['readinessProbe']),
    startupProbe: trimJson(c['startupProbe']),
    // Every env entry keeps its name and its value or reference: the redactor removes secret values later,
    // so a reader can still see that DATABASE_URL is set, and from where.
    env: c['env'] ? arr(c['env']).map(envSummary) : undefined,
    envFrom: trimJson(c['envFrom']),
    volumeMounts: c['volumeMounts']
      ? arr(c['volumeMounts']).map((m) => {
          const mount = rec(m) ?? {};
          return defined({ name: mount['name'], mountPath: mount['mountPath'], subPath: mount['subPath'], readOnly: mount['readOnly'] });
        })
      : undefined,
    securityContext: trimJson(c['securityContext']),
    lifecycle: trimJson(c['lifecycle']),
  });
}

function envSummary(value: unknown): JsonRecord {
  const e = rec(value) ?? {};
  const name = str(e['name']) ?? '';
  if (e['valueFrom'] !== undefined) return { name, valueFrom: trimJson(e['valueFrom']) };
  const v = e['value'];
  return { name, value: typeof v === 'string' ? trimJson(v) : v === undefined || v === null ? '' : String(v) };
}

// ---- pods ---------------------------------------------------------------------------------------------

function podLine(p: Record<string, unknown>): EvidencePod {
  const meta = rec(p['metadata']);
  const spec = rec(p['spec']);
  const status = rec(p['status']);
  const statuses = arr(status?.['containerStatuses']).map((s) => rec(s) ?? {});
  const inits = arr(status?.['initContainerStatuses']).map((s) => rec(s) ?? {});
  const total = arr(spec?.['containers']).length || statuses.length;
  const ready = statuses.filter((s) => s['ready'] === true).length;
  const restarts = [...inits, ...statuses].reduce((sum, s) => sum + (num(s['restartCount']) ?? 0), 0);
  const phase = str(status?.['phase']) ?? 'Unknown';
  return {
    name: str(meta?.['name']) ?? '',
    phase,
    ready: `${ready}/${total}`,
    restarts,
    reason: podReason(meta, status, [...inits, ...statuses], phase),
    node: str(spec?.['nodeName']) ?? null,
  };
}

function podReason(meta: JsonRecord | undefined, status: JsonRecord | undefined, statuses: JsonRecord[], phase: string): string | null {
  if (meta?.['deletionTimestamp']) return 'Terminating';
  const own = str(status?.['reason']);
  if (own) return own;
  for (const s of statuses) {
    const state = rec(s['state']);
    const waiting = str(rec(state?.['waiting'])?.['reason']);
    if (waiting) return waiting;
    const terminated = rec(state?.['terminated']);
    if (terminated && phase !== 'Succeeded' && (num(terminated['exitCode']) ?? 0) !== 0) return str(terminated['reason']) ?? 'Error';
  }
  const unscheduled = arr(status?.['conditions'])
    .map((c) => rec(c) ?? {})
    .find((c) => c['type'] === 'PodScheduled' && c['status'] === 'False');
  if (unscheduled) return str(unscheduled['reason']) ?? 'Unschedulable';
  if (phase === 'Failed') return 'Failed';
  return null;
}

function healthy(p: EvidencePod): boolean {
  const [ready, total] = p.ready.split('/').map(Number);
  return p.reason === null && (p.phase === 'Succeeded' || (p.phase === 'Running' && ready === total));
}

// ---- events -------------------------------------------------------------------------------------------

function eventLines(events: Record<string, unknown>[]): EvidenceEvent[] {
  const seen = new Set<string>();
  const lines: { line: EvidenceEvent; at: number; key: string }[] = [];
  for (const e of events) {
    const meta = rec(e['metadata']);
    const id = str(meta?.['uid']) ?? (meta?.['name'] ? `${str(meta['namespace']) ?? ''}/${str(meta['name'])}` : undefined);
    if (id !== undefined) {
      if (seen.has(id)) continue;
      seen.add(id);
    }
    // core/v1 Events, or events.k8s.io/v1 (regarding, note, deprecated*).
    const about = rec(e['involvedObject']) ?? rec(e['regarding']) ?? {};
    const series = rec(e['series']);
    const at =
      millis(series?.['lastObservedTime']) ||
      millis(e['lastTimestamp']) ||
      millis(e['deprecatedLastTimestamp']) ||
      millis(e['eventTime']) ||
      millis(e['firstTimestamp']) ||
      millis(e['deprecatedFirstTimestamp']) ||
      millis(meta?.['creationTimestamp']);
    const container = str(about['fieldPath'])?.match(/^spec\.(?:initContainers|containers|ephemeralContainers)\{(.+)\}$/)?.[1];
    const line: EvidenceEvent = {
      type: str(e['type']) ?? 'Normal',
      reason: str(e['reason']) ?? '',
      message: str(e['message']) ?? str(e['note']) ?? '',
      count: num(series?.['count']) ?? num(e['count']) ?? num(e['deprecatedCount']) ?? 1,
      lastSeen: at ? new Date(at).toISOString() : null,
      object: `${(str(about['kind']) ?? '').toLowerCase()}/${str(about['name']) ?? ''}${container ? ` (container ${container})` : ''}`,
    };
    lines.push({ line, at, key: `${line.object}\u0000${line.type}\u0000${line.reason}\u0000${line.message}` });
  }
  return lines.sort((a, b) => a.at - b.at || compareStrings(a.key, b.key)).map((l) => l.line);
}

// ---- logs ---------------------------------------------------------------------------------------------

/** The last 200 lines, then the last 16 KiB of those (starting at a line when one starts within the cut). */
export function logTail(text: string): { text: string; cutLines: number } {
  const trailingNewline = text.endsWith('\n');
  const lines = (trailingNewline ? text.slice(0, -1) : text).split('\n');
  let kept = lines.slice(-MAX_LOG_LINES);
  let out = kept.join('\n') + (trailingNewline ? '\n' : '');
  if (Buffer.byteLength(out, 'utf8') > MAX_LOG_BYTES) {
    const bytes = Buffer.from(out, 'utf8');
    let start = bytes.length - MAX_LOG_BYTES;
    // Do not start inside a multi-byte character.
    while (start < bytes.length && (bytes[start] & 0xc0) === 0x80) start += 1;
    let cut = bytes.subarray(start).toString('utf8');
    const newline = cut.indexOf('\n');
    if (newline >= 0 && newline < cut.length - 1) cut = cut.slice(newline + 1);
    out = cut;
    kept = (trailingNewline ? out.slice(0, -1) : out).split('\n');
  }
  return { text: out, cutLines: lines.length - kept.length };
}
