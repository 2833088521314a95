/**
 * What an analyzer reports: one problem with one object, the evidence it read, and what to do next.
 * Findings are plain data (JSON-serialisable, no Dates), so the API can serve them and a model can be
 * handed them as they are.
 */

/** `critical`: the object does not do its job (pods not running, traffic not served); `warning`: degraded or at risk; `info`: worth knowing. */
export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Every analyzer's name (what `Finding.analyzer` holds). */
export const ANALYZER_NAMES = [
  'crash-loop',
  'image-pull',
  'oom-killed',
  'unschedulable',
  'failing-probe',
  'service-endpoints',
  'ingress-backend',
  'pvc-pending',
  'hpa',
  'node',
  'job-backoff-limit',
  'deployment-progress',
] as const;
export type AnalyzerName = (typeof ANALYZER_NAMES)[number];

export interface FindingObject {
  kind: string;
  /** `null` for cluster-scoped objects (Nodes). */
  namespace: string | null;
  name: string;
}

/**
 * One thing an analyzer read. A field names its path in the object, written so that it can be read back
 * with `kubectl get -o jsonpath` (`status.containerStatuses[0].lastState.terminated.reason`); an event is
 * named by its type and reason (`Warning BackOff`) and carries its message.
 */
export type Evidence = FieldEvidence | EventEvidence;

export interface FieldEvidence {
  field: string;
  value: string;
}

export interface EventEvidence {
  /** Type and reason, e.g. `Warning FailedScheduling`. */
  event: string;
  /** The event's message. */
  value: string;
  /** How many times the source reported it (the event's count, or its series count). */
  count: number;
  /** ISO 8601, when the event was last seen; `null` when the event carries no time. */
  lastSeen: string | null;
}

export interface Finding {
  /** Stable across runs for the same problem with the same object (and container): the console keys on it. */
  id: string;
  analyzer: AnalyzerName;
  severity: Severity;
  object: FindingObject;
  title: string;
  summary: string;
  evidence: Evidence[];
  /** What to try, most useful first; commands are complete `kubectl …` lines a user can paste. */
  nextSteps: string[];
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** Byte-wise, like kubectl's sorted output; not locale-aware, so the order is the same on every machine. */
export function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** Most severe first, then by kind, namespace (cluster-scoped first) and name; the id breaks the remaining ties. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    compareStrings(a.object.kind, b.object.kind) ||
    compareStrings(a.object.namespace ?? '', b.object.namespace ?? '') ||
    compareStrings(a.object.name, b.object.name) ||
    compareStrings(a.id, b.id)
  );
}

/** A sorted copy. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}
